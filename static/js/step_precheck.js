/* A form that asks "提交后不能撤回" (a case step's, workflow.services.step_inputs; an alert's verification,
   alerts.services.verification_inputs): what the service would refuse for its inputs (the form's data-prechecks,
   each with the service's own message) is said at the field, and nothing is asked or sent; the cadre confirms only
   a submission that can go through. A check is for the chosen `outcome` (absent: any) and the other inputs' values
   in `when` (true: ticked or filled); it refuses its `field` left empty, a date before `min` or after `max`, a
   text shorter than `min_length`, a text typed that does not wholly match `pattern` once folded (each character
   of `fold_from` read as the one at its place in `fold_to`, those of `fold_drop` dropped: the 批复文号's
   brackets and full-width digits, workflow.services.approval_records.number_form_precheck), or with `always`
   whatever the field holds. One message per field, the first field's focused. */
window.stepPrecheck = function (form) {
  "use strict";
  var old = form.querySelectorAll("[data-precheck-error]");
  for (var k = 0; k < old.length; k++) old[k].remove();
  if (!form.dataset.prechecks) return true;
  // A step's fields are prefixed with its code ("village_review-note"); the verification's are not.
  var inputs = function (name) {
    return form.querySelectorAll('[name="' + name + '"], [name$="-' + name + '"]');
  };
  var valueOf = function (name) {
    var found = inputs(name);
    for (var i = 0; i < found.length; i++) {
      var input = found[i];
      if (input.disabled) continue; // a part hidden for the chosen answer (shown_for.js): not sent
      if (input.type !== "checkbox" && input.type !== "radio") return input.value.trim();
      if (input.checked) return input.value;
    }
    return "";
  };
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var isDate = function (value) { return /^\d{4}-\d{2}-\d{2}$/.test(value); };
  var applies = function (rule) {
    if (rule.outcome && valueOf("outcome") !== rule.outcome) return false;
    for (var name in rule.when || {}) {
      var have = valueOf(name);
      if (rule.when[name] === true ? !have : have !== rule.when[name]) return false;
    }
    return true;
  };
  var fold = function (rule, value) {
    var folded = "";
    for (var i = 0; i < value.length; i++) {
      var c = value.charAt(i);
      var at = (rule.fold_from || "").indexOf(c);
      if (at >= 0) folded += rule.fold_to.charAt(at);
      else if ((rule.fold_drop || "").indexOf(c) < 0) folded += c;
    }
    return folded;
  };
  var refused = function (rule, value) {
    if (rule.always) return true;
    // Left empty, the field is the required rule's to say (the one before it), as the server says it its own way.
    if (rule.pattern) return !!value && !new RegExp("^(?:" + rule.pattern + ")$").test(fold(rule, value));
    // The page's today may be yesterday's by now: a later date of the browser's is not refused here.
    if (rule.max) return isDate(value) && value > (today > rule.max ? today : rule.max);
    if (rule.min) return isDate(value) && value < rule.min;
    if (rule.min_length) return value.length < rule.min_length;
    return !value;
  };
  var rules = JSON.parse(form.dataset.prechecks);
  var said = {};
  var first = null;
  for (var i = 0; i < rules.length; i++) {
    var rule = rules[i];
    var input = inputs(rule.field)[0];
    if (!input || said[rule.field] || !applies(rule) || !refused(rule, valueOf(rule.field))) continue;
    var error = document.createElement("p");
    error.className = "field-error";
    error.setAttribute("data-precheck-error", "");
    error.setAttribute("role", "alert");
    error.textContent = rule.message;
    (input.closest(".field") || input.parentNode).appendChild(error);
    said[rule.field] = true;
    first = first || input;
  }
  if (first) first.focus();
  return !first;
};
