/* A case step's form, before it asks "提交后不能撤回": what the service would refuse for want of an input (its
   data-prechecks, workflow.services.step_inputs: the outcome, the field, the service's own message) is said at the
   field, and nothing is asked or sent; the cadre confirms only a submission that can go through. */
window.stepPrecheck = function (form) {
  "use strict";
  var old = form.querySelectorAll("[data-precheck-error]");
  for (var k = 0; k < old.length; k++) old[k].remove();
  var chosen = form.querySelector('input[name$="-outcome"]:checked');
  if (!chosen || !form.dataset.prechecks) return true;
  var rules = JSON.parse(form.dataset.prechecks);
  for (var i = 0; i < rules.length; i++) {
    var rule = rules[i];
    if (rule.outcome !== chosen.value) continue;
    var input = form.querySelector('[name$="-' + rule.field + '"]');
    if (!input || input.value.trim()) continue;
    var error = document.createElement("p");
    error.className = "field-error";
    error.setAttribute("data-precheck-error", "");
    error.setAttribute("role", "alert");
    error.textContent = rule.message;
    (input.closest(".field") || input.parentNode).appendChild(error);
    input.focus();
    return false;
  }
  return true;
};
