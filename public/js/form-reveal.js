// The reveal of conditional questions on a form page (progressive enhancement; docs/forms.md).
// Without this script every question is shown, those that depend on another answer of the page
// with a sentence saying when to answer them, and the server drops the answers that do not
// apply. With it, a field whose wrapper carries data-reveal-if is hidden (the hidden attribute)
// while its rule is false and shown as soon as it holds. The rule is written by the server
// (clientRule in src/forms/conditions.ts): the names of the inputs it reads and the values
// they send, combined with all / any / not ({ "all": [] } holds, { "any": [] } does not). This
// script knows no field type and no operator beyond those; it compares as the server does,
// trimmed and lowercased. The inputs of a hidden field are disabled, so they are neither sent
// nor checked by the browser, and keep what was typed for when the field comes back. The
// controlling inputs get aria-controls pointing to the fields they reveal.
(function () {
  'use strict';
  var CONTROLS = 'input, select, textarea, button';
  var MARK = 'data-reveal-disabled';
  var fields = [];
  Array.prototype.forEach.call(document.querySelectorAll('[data-reveal-if]'), function (el, i) {
    var rule;
    try {
      rule = JSON.parse(el.getAttribute('data-reveal-if'));
    } catch (e) {
      return; // an unreadable rule: the field stays shown, as without the script
    }
    if (!el.id) el.id = 'reveal-' + i;
    fields.push({ el: el, rule: rule });
  });
  if (fields.length === 0) return;

  var norm = function (value) { return String(value).trim().toLowerCase(); };

  // what the inputs named `name` send now: checked boxes and radios, other inputs' values
  function valuesOf(name) {
    var values = [];
    Array.prototype.forEach.call(document.getElementsByName(name), function (input) {
      if (input.disabled) return;
      if ((input.type === 'radio' || input.type === 'checkbox') && !input.checked) return;
      values.push(input.value);
    });
    return values;
  }

  function holds(rule) {
    if (rule.all) return rule.all.every(holds);
    if (rule.any) return rule.any.some(holds);
    if (rule.not) return !holds(rule.not);
    var values = valuesOf(rule.input);
    if (rule.oneOf) return values.some(function (v) { return rule.oneOf.some(function (o) { return norm(o) === norm(v); }); });
    if (typeof rule.filled === 'boolean') return values.some(function (v) { return v.trim() !== ''; }) === rule.filled;
    return true; // a shape this script does not know: shown, as without it
  }

  function inputNames(rule, names) {
    if (rule.all || rule.any) (rule.all || rule.any).forEach(function (r) { inputNames(r, names); });
    else if (rule.not) inputNames(rule.not, names);
    else names.push(rule.input);
    return names;
  }

  function show(field, shown) {
    field.el.hidden = !shown;
    Array.prototype.forEach.call(field.el.querySelectorAll(CONTROLS), function (control) {
      if (!shown && !control.disabled) {
        control.disabled = true;
        control.setAttribute(MARK, '');
      } else if (shown && control.hasAttribute(MARK)) {
        control.disabled = false;
        control.removeAttribute(MARK);
      }
    });
  }

  // in page order, so that a field inside a hidden one (a group item's) stays hidden; twice,
  // so that a rule reading a field further down sees that field's final state
  function update() {
    for (var pass = 0; pass < 2; pass++) {
      fields.forEach(function (field) {
        var outer = field.el.parentElement && field.el.parentElement.closest('[data-reveal-if]');
        show(field, holds(field.rule) && !(outer && outer.hidden));
      });
    }
  }

  fields.forEach(function (field) {
    inputNames(field.rule, []).forEach(function (name) {
      Array.prototype.forEach.call(document.getElementsByName(name), function (input) {
        var ids = (input.getAttribute('aria-controls') || '').split(' ').filter(Boolean);
        if (ids.indexOf(field.el.id) < 0) ids.push(field.el.id);
        input.setAttribute('aria-controls', ids.join(' '));
      });
    });
  });
  document.addEventListener('change', update);
  document.addEventListener('input', update);
  update();
})();
