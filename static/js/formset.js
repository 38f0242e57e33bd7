/* "Add member" for the household form: clone the empty Django formset form and bump TOTAL_FORMS. "删除此行" takes a
   row not yet saved out again (every row but the first, the formset's one required row): the rows after it are
   renumbered (field names, ids, labels, 成员 N) so that the formset reads rows 0…TOTAL_FORMS-1 as Django expects. */
(function () {
  "use strict";
  var NUMBERED = /members-\d+-/g;

  function renumber(container) {
    var rows = container.querySelectorAll("[data-member]");
    for (var index = 0; index < rows.length; index++) {
      var legend = rows[index].querySelector("legend");
      if (legend) legend.textContent = "成员 " + (index + 1);
      var elements = rows[index].querySelectorAll("*");
      for (var i = 0; i < elements.length; i++) {
        var attributes = elements[i].attributes;
        for (var j = 0; j < attributes.length; j++) {
          var value = attributes[j].value;
          if (value.indexOf("members-") < 0) continue;
          var renamed = value.replace(NUMBERED, "members-" + index + "-");
          if (renamed !== value) elements[i].setAttribute(attributes[j].name, renamed);
        }
      }
    }
    return rows.length;
  }

  // Something entered in the row: a name, number or date typed, or a list, box or count changed from its default
  // (a new row's 务工月数 reads 0 and its 民族 汉族 before anyone touches them).
  function typedIn(row) {
    var fields = row.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "hidden" || field.disabled) continue;
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) return true;
      } else if (field.tagName === "SELECT") {
        for (var j = 0; j < field.options.length; j++) {
          if (field.options[j].selected !== field.options[j].defaultSelected) return true;
        }
      } else if (field.value.trim() && (field.type !== "number" || field.value !== field.defaultValue)) {
        return true;
      }
    }
    return false;
  }

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
    container.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-member-remove]");
      if (!remove) return;
      var row = remove.closest("[data-member]");
      var legend = row.querySelector("legend");
      // A row with something typed in is asked about first: a mistaken tap must not lose a member's details.
      if (typedIn(row) && !window.confirm("删除" + (legend ? legend.textContent : "此行") + "？已填写的内容不会保存。")) return;
      row.remove();
      total.value = renumber(container);
      button.focus();
    });
  });
})();
