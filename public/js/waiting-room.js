// The waiting room with JavaScript: instead of reloading the whole page (the <noscript> meta
// refresh, for browsers without JavaScript), the place in the queue is asked again every
// data-refresh seconds and only the status box is replaced, so a screen reader hears the new
// place (the box is a polite live region) and nobody loses their position on the page. When
// the person's turn has come the server answers with the form instead: the browser goes there.
(function () {
  'use strict';
  var status = document.querySelector('[data-waiting-status]');
  if (!status || !window.fetch || !window.DOMParser) return;
  var seconds = Number(status.getAttribute('data-refresh')) || 10;

  function check() {
    fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) {
        var here = window.location.href.split('#')[0];
        if (response.redirected && response.url !== here) {
          window.location.assign(response.url);
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null || html === undefined) return schedule(seconds);
        var next = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-waiting-status]');
        if (!next) {
          // not the waiting page any more (the turn came): show what the server sent
          window.location.reload();
          return;
        }
        status.innerHTML = next.innerHTML;
        seconds = Number(next.getAttribute('data-refresh')) || seconds;
        schedule(seconds);
      })
      .catch(function () {
        schedule(seconds);
      });
  }

  function schedule(after) {
    window.setTimeout(check, after * 1000);
  }

  schedule(seconds);
})();
