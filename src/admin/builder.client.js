// The procedure builder's small script: progressive enhancement only, every page works without
// it. On the field form it hides the settings that do not apply to the chosen type (they stay
// in the form, so nothing typed is lost), and it refreshes the preview of the field as the
// administrator types, asking the server to render it with the citizen's own templates.
(function () {
  'use strict';
  var form = document.getElementById('field-form');
  if (!form) return;
  var type = form.querySelector('#b-type');
  var sections = form.querySelectorAll('[data-types]');
  function sync() {
    for (var i = 0; i < sections.length; i++) {
      var types = sections[i].getAttribute('data-types').split(' ');
      sections[i].hidden = types.indexOf(type.value) < 0;
    }
  }
  if (type) {
    type.addEventListener('change', sync);
    sync();
  }

  var preview = document.getElementById('field-preview');
  if (!preview || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var timer = null;
  var latest = 0;
  function refresh() {
    var asked = ++latest;
    fetch(preview.getAttribute('data-preview-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString(),
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html && asked === latest) preview.innerHTML = html; })
      .catch(function () {});
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  });
})();
