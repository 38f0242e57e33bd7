/* What the pages used to do in inline on…= handlers, which the Content-Security-Policy (script-src 'self',
   config/security_headers.py) no longer runs: one delegated listener per event reads the page's data attributes.

   data-confirm-submit="…"   on a form: asked before it is sent; on a button: asked when it is pressed. Cancelled,
                             nothing is sent.
   data-confirm-rules='[…]'  on a form: the first rule whose `when` holds is asked ({"when": {…}, "ask": "…"});
                             when none holds, the form is sent without asking (the server says what is missing).
                             `when` maps a field's name to a value, or to true for "ticked or filled"; a field named
                             "note" is also found as "<prefix>-note" (a case step's fields). "{name}" in the question
                             is that field's answer as shown: a select's option, a ticked box's label (several
                             joined with 、), a text's value.
   data-confirm-prepend="…"  with either: the text of the first element in the form matching this selector is said
                             first (an advisory shown for the chosen answers).
   data-prechecks            with either: window.stepPrecheck (js/step_precheck.js) checks the form first; what it
                             refuses is said at its field and nothing is asked or sent.
   data-autosubmit           on a select: choosing a value sends its form (a filter).
   data-print                on a button: prints the page.
   data-check-all="name"     on a checkbox: ticks or clears every input[name=…] of its form (of the page outside one).
   data-reset-selects="a:b"  on a button: in its <details> (the page outside one), every select holding a is set to b.
   data-open-wide            on a <details>: opened on a wide screen (760 px and up, as app.css's layouts), left folded
                             on a phone, where it would push what the page opened for far down.

   The submit listener runs in the capture phase, before a form's own listeners (submit_once.js, htmx): a cancelled
   submit reaches them already prevented, as an onsubmit returning false did. */
(function () {
  "use strict";
  function fields(form, name) {
    return form.querySelectorAll('[name="' + name + '"], [name$="-' + name + '"]');
  }
  // The chosen values of a field, and how the page shows them.
  function answers(form, name) {
    var found = fields(form, name);
    var values = [];
    var shown = [];
    for (var i = 0; i < found.length; i++) {
      var input = found[i];
      var value = input.tagName === "SELECT" || input.type === "checkbox" || input.type === "radio" ? input.value : input.value.trim();
      if (!value || ((input.type === "checkbox" || input.type === "radio") && !input.checked)) continue;
      values.push(value);
      if (input.tagName === "SELECT") shown.push(input.options[input.selectedIndex].text);
      else if (input.type === "checkbox" || input.type === "radio") shown.push(input.parentNode.textContent.trim());
      else shown.push(value);
    }
    return { values: values, shown: shown.join("、") };
  }
  function holds(form, when) {
    for (var name in when) {
      var values = answers(form, name).values;
      if (when[name] === true ? !values.length : values.indexOf(when[name]) < 0) return false;
    }
    return true;
  }
  function question(form) {
    var ask = form.getAttribute("data-confirm-submit");
    var rules = form.getAttribute("data-confirm-rules");
    if (rules) {
      ask = null;
      var list = JSON.parse(rules);
      for (var i = 0; i < list.length; i++) {
        if (holds(form, list[i].when || {})) {
          ask = list[i].ask.replace(/\{([a-z_]+)\}/g, function (whole, name) {
            return fields(form, name).length ? answers(form, name).shown : whole;
          });
          break;
        }
      }
    }
    if (ask === null) return null;
    var prepend = form.getAttribute("data-confirm-prepend");
    var advice = prepend ? form.querySelector(prepend) : null;
    return (advice ? advice.textContent + "\n\n" : "") + ask;
  }
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.hasAttribute || !(form.hasAttribute("data-confirm-submit") || form.hasAttribute("data-confirm-rules"))) {
        return;
      }
      if (form.hasAttribute("data-prechecks") && window.stepPrecheck && !window.stepPrecheck(form)) {
        event.preventDefault();
        return;
      }
      var ask = question(form);
      if (ask !== null && !window.confirm(ask)) event.preventDefault();
    },
    true
  );
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm-submit], [data-print], [data-reset-selects]") : null;
    if (!target || target.tagName === "FORM") return;
    if (target.hasAttribute("data-confirm-submit")) {
      if (!window.confirm(target.getAttribute("data-confirm-submit"))) event.preventDefault();
    } else if (target.hasAttribute("data-print")) {
      window.print();
    } else {
      var pair = target.getAttribute("data-reset-selects").split(":");
      var scope = target.closest("details") || document;
      Array.prototype.forEach.call(scope.querySelectorAll("select"), function (select) {
        if (select.value === pair[0]) select.value = pair[1];
      });
    }
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.hasAttribute) return;
    if (input.hasAttribute("data-autosubmit") && input.form) {
      input.form.submit();
    } else if (input.hasAttribute("data-check-all")) {
      var scope = input.form || document;
      var boxes = scope.querySelectorAll('input[name="' + input.getAttribute("data-check-all") + '"]');
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = input.checked;
    }
  });
  if (window.matchMedia && window.matchMedia("(min-width: 760px)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (details) {
      details.open = true;
    });
  }
})();
