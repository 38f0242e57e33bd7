/* Parts of a form that apply to some answers only (an alert's verification: the category and risk types for
   纳入监测 only, the member's health for the outcomes that may update it). An element with
   data-shown-by="<field name>" and data-shown-for="<value> <value> …" is shown while that field's checked radio (or
   its select) holds one of the values, and hidden otherwise; its inputs are disabled while hidden, so that a box
   ticked before the answer changed is not sent with an answer it does not belong to (and a hidden submit button
   does not send the form when Enter is pressed in a field). Without script (or before an
   answer is chosen with it) nothing is lost: the page is rendered with every part shown. */
(function () {
  "use strict";
  function sync(form) {
    var parts = form.querySelectorAll("[data-shown-by]");
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var name = part.getAttribute("data-shown-by");
      var chosen = form.querySelector('[name="' + name + '"]:checked, select[name="' + name + '"]');
      var values = part.getAttribute("data-shown-for").split(" ");
      var shown = !!chosen && values.indexOf(chosen.value) >= 0;
      part.hidden = !shown;
      var inputs = part.querySelectorAll("input, select, textarea, button");
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !shown;
    }
  }
  function setUp() {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (!form.querySelector("[data-shown-by]")) continue;
      form.addEventListener("change", sync.bind(null, form));
      sync(form);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
