/* 添加帮扶措施: 责任部门 offers only the departments that handle the chosen measure. Each option of the measure's
   select (data-measure-type) names them in data-departments (assistance.forms_departments); the other departments
   are hidden and disabled, "按措施目录默认" and "乡镇、村落实" always stay. A department chosen before the measure
   changed and not among the new measure's goes back to the default. Without script every department is listed
   and the service refuses one that does not handle the measure, naming those that do. */
(function () {
  "use strict";
  function sync(form) {
    var measure = form.querySelector("select[data-measure-type]");
    var department = form.querySelector('select[name="responsible_department"]');
    if (!measure || !department) return;
    var chosen = measure.options[measure.selectedIndex];
    var listed = chosen && chosen.hasAttribute("data-departments");
    var allowed = listed ? chosen.getAttribute("data-departments").split(" ") : null;
    for (var i = 0; i < department.options.length; i++) {
      var option = department.options[i];
      var always = option.value === "" || option.value === "township_village";
      var shown = always || allowed === null || allowed.indexOf(option.value) >= 0;
      option.hidden = !shown;
      option.disabled = !shown;
      if (!shown && option.selected) department.value = "";
    }
  }
  function setUp() {
    var measures = document.querySelectorAll("select[data-measure-type]");
    for (var i = 0; i < measures.length; i++) {
      var form = measures[i].form;
      if (!form) continue;
      measures[i].addEventListener("change", sync.bind(null, form));
      sync(form);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
