/* "Add member" for the household form: clone the empty Django formset form and bump TOTAL_FORMS. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("add-member");
    var template = document.getElementById("member-template");
    var container = document.getElementById("member-forms");
    var total = document.getElementById("id_members-TOTAL_FORMS");
    if (!button || !template || !container || !total) return;
    button.addEventListener("click", function () {
      var index = +total.value;
      var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__num__/g, index + 1);
      container.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      // The new row's parts shown for some answers only (暂无身份证号's 性别 and 出生日期: js/shown_for.js) start hidden.
      container.lastElementChild.dispatchEvent(new Event("change", { bubbles: true }));
      var first = container.lastElementChild.querySelector("input");
      if (first) first.focus();
    });
  });
})();
