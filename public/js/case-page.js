// The case page's tabs and keyboard shortcuts (views/backoffice/case.njk). Progressive
// enhancement: without this script each tab is a link the server answers with that section
// shown. With it, the links behave as ARIA tabs (one tab stop, arrow keys, Home and End, no
// reload; the address keeps ?tab= so a reload shows the same section), a link to a field in a
// hidden section (the error summary) shows that section first, and "g" then a letter moves to a
// section. Shortcuts never act while the focus is in a field or with a modifier key, and a
// switch on the page turns them off (remembered in this browser).
(function () {
  'use strict';
  var list = document.querySelector('[data-case-tabs]');
  if (!list) return;
  var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
  var panelOf = function (tab) { return document.getElementById(tab.getAttribute('aria-controls')); };

  function select(tab, focus) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute('aria-selected', selected ? 'true' : 'false');
      other.classList.toggle('active', selected);
      other.tabIndex = selected ? 0 : -1;
      panelOf(other).hidden = !selected;
    });
    var url = new URL(window.location.href);
    url.searchParams.set('tab', tab.id.replace(/^tab-/, ''));
    url.searchParams.delete('fatto');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (focus) tab.focus();
  }

  tabs.forEach(function (tab, i) {
    tab.tabIndex = tab.getAttribute('aria-selected') === 'true' ? 0 : -1;
    tab.addEventListener('click', function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
      event.preventDefault();
      select(tab, true);
    });
    tab.addEventListener('keydown', function (event) {
      var next = null;
      if (event.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
      else if (event.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (event.key === 'Home') next = tabs[0];
      else if (event.key === 'End') next = tabs[tabs.length - 1];
      if (next) {
        event.preventDefault();
        select(next, true);
      }
    });
  });

  // a link to something inside a hidden section shows that section before the browser scrolls
  function reveal(id) {
    var target = id && document.getElementById(id);
    var panel = target && target.closest('[role="tabpanel"]');
    if (panel && panel.hidden) select(document.getElementById(panel.getAttribute('aria-labelledby')), false);
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) reveal(decodeURIComponent(link.getAttribute('href').slice(1)));
  });
  if (window.location.hash) reveal(decodeURIComponent(window.location.hash.slice(1)));

  // shortcuts: on unless turned off here
  var STORE = 'sportello.caseShortcuts';
  var on = true;
  try { on = window.localStorage.getItem(STORE) !== 'off'; } catch (e) { /* storage refused: on */ }
  var toggle = document.getElementById('case-shortcuts-on');
  if (toggle) {
    toggle.checked = on;
    var box = toggle.closest('[data-shortcuts-switch]');
    if (box) box.hidden = false;
    toggle.addEventListener('change', function () {
      on = toggle.checked;
      try { window.localStorage.setItem(STORE, on ? 'on' : 'off'); } catch (e) { /* not remembered */ }
    });
  }
  var typing = function (el) { return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)); };
  var pending = false;
  var timer = null;
  document.addEventListener('keydown', function (event) {
    if (!on || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      pending = false;
      return;
    }
    var key = (event.key || '').toLowerCase();
    if (!pending) {
      if (key === 'g') {
        pending = true;
        clearTimeout(timer);
        timer = setTimeout(function () { pending = false; }, 1500);
      }
      return;
    }
    pending = false;
    clearTimeout(timer);
    if (key === 'a') {
      var actions = document.getElementById('case-actions');
      if (actions) {
        event.preventDefault();
        actions.focus();
      }
      return;
    }
    var tab = tabs.filter(function (t) { return t.getAttribute('data-shortcut') === key; })[0];
    if (tab) {
      event.preventDefault();
      select(tab, true);
    }
  });
})();
