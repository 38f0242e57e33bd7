/* 添加成员's 变动日期 (households/forms_member_reasons.py joined_on_field): the day the member joined the household,
   today to start with. For a 新生儿 (新增原因 新生儿 chosen, or the 暂无身份证号 box ticked) it follows the birth date
   typed or read from the ID number, never before the household's registration day (the field's min), until the
   cadre changes the day by hand; then it is left alone. The server checks the day again
   (households/services/member_joined.py); without script the field keeps today. */
(function () {
  "use strict";

  function birthOf(form) {
    var box = form.querySelector('input[name="no_id_number"]');
    if (box && box.checked) {
      var typed = form.querySelector('input[name="birth_date"]');
      return typed && /^\d{4}-\d{2}-\d{2}$/.test(typed.value) ? typed.value : "";
    }
    var number = form.querySelector('input[name="id_number"]');
    var n = number ? number.value.replace(/\s/g, "").toUpperCase() : "";
    if (!/^\d{17}[\dX]$/.test(n)) return "";
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14);
    var birth = new Date(Date.UTC(y, m - 1, d));
    if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return "";
    return n.slice(6, 10) + "-" + n.slice(10, 12) + "-" + n.slice(12, 14);
  }

  function newborn(form) {
    var box = form.querySelector('input[name="no_id_number"]');
    var reason = form.querySelector('select[name="joined_reason"]');
    return (box && box.checked) || (reason && reason.value === "newborn");
  }

  // ISO days compare as strings.
  function auto(form, input) {
    var today = input.getAttribute("max") || "";
    var birth = newborn(form) ? birthOf(form) : "";
    if (!birth) return today;
    var min = input.getAttribute("min") || "";
    var day = birth < min ? min : birth;
    return today && day > today ? today : day;
  }

  function setUp(input) {
    var form = input.form;
    if (!form) return;
    // A page sent back with a day the cadre chose keeps it; one still at its default follows the birth date.
    var edited = input.value !== "" && input.value !== auto(form, input);
    input.addEventListener("input", function () { edited = true; });
    function follow(event) {
      if (edited || event.target === input) return;
      input.value = auto(form, input);
    }
    form.addEventListener("input", follow);
    form.addEventListener("change", follow);
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-joined-on]");
    for (var i = 0; i < inputs.length; i++) setUp(inputs[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
