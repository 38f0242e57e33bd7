/* ID numbers (GB 11643): check the check digit as the cadre types, and show the derived sex and birth date.
   The server checks again (households/idnumber.py); this is only to catch a typo at once. */
(function () {
  "use strict";
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";
  var FULL = "０１２３４５６７８９ｘＸ";
  var HALF = "0123456789XX";
  // The province-level codes of GB/T 2260, as households/idnumber.py PROVINCE_CODES.
  var PROVINCES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 " +
    "61 62 63 64 65 71 81 82").split(" ");

  function normalize(value) {
    var out = "";
    for (var i = 0; i < value.length; i++) {
      var k = FULL.indexOf(value[i]);
      out += k >= 0 ? HALF[k] : value[i];
    }
    return out.replace(/\s/g, "").toUpperCase();
  }

  function parse(value) {
    var n = normalize(value);
    if (!/^\d{17}[\dX]$/.test(n)) return { error: "身份证号应为18位（17位数字加1位数字或X）。" };
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14);
    var birth = new Date(y, m - 1, d);
    if (y < 1900 || birth.getFullYear() !== y || birth.getMonth() !== m - 1 || birth.getDate() !== d) {
      return { error: "身份证号中的出生日期无效。" };
    }
    if (birth > new Date()) return { error: "身份证号中的出生日期晚于今天。" };
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += +n[i] * WEIGHTS[i];
    if (CHECK[sum % 11] !== n[17]) return { error: "身份证号校验位不正确，请核对后重新输入。" };
    if (PROVINCES.indexOf(n.slice(0, 2)) < 0) {
      return { error: "身份证号前两位“" + n.slice(0, 2) + "”不是有效的省级行政区划代码，请核对后重新输入。" };
    }
    var now = new Date();
    var age = now.getFullYear() - y - ((now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) ? 1 : 0);
    return { number: n, sex: (+n[16]) % 2 === 1 ? "男" : "女", birth: n.slice(6, 10) + "-" + n.slice(10, 12) + "-" + n.slice(12, 14), age: age };
  }

  function check(input, onLoad) {
    var out = input.parentNode.querySelector(".id-derived");
    if (!out) return;
    var value = input.value.trim();
    if (!value) { out.textContent = ""; out.className = "id-derived muted small"; input.setCustomValidity(""); return; }
    var info = parse(value);
    // A form that only an adult may send (data-min-age, e.g. the public application) says so at once.
    var minAge = input.getAttribute("data-min-age");
    if (!info.error && minAge && info.age < +minAge) info = { error: input.getAttribute("data-min-age-message") };
    if (info.error) {
      // A page sent back with the server's error under the field says it once: not the same words twice.
      var said = onLoad && input.parentNode.querySelector(".field-error:not(.id-derived)");
      out.textContent = said ? "" : info.error;
      out.className = said ? "id-derived muted small" : "id-derived field-error";
      input.setCustomValidity(info.error);
    } else {
      input.value = info.number;
      out.textContent = "性别：" + info.sex + "　出生日期：" + info.birth + "（" + info.age + "岁）";
      out.className = "id-derived id-ok small"; input.setCustomValidity("");
      openForSchoolAge(input, info.birth);
    }
  }

  // A school-age child's 在校生情况 is under 更多信息 and defaults to 非在校生: open it so the cadre sees it
  // (the server asks about a school-age 非在校生 anyway: households/services/school_age.py). Never closes it.
  // data-school-ages: the school ages of grades 1 and 9, the age on the 31 August before this school year
  // (households/member_rules.py school_age).
  function openForSchoolAge(input, birth) {
    var member = input.closest("[data-member]");
    var more = member && member.querySelector("details[data-school-ages]");
    if (!more) return;
    var ages = more.getAttribute("data-school-ages").split("-");
    var now = new Date();
    var cutoffYear = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;  // school year from 1 September
    var b = birth.split("-");
    var age = cutoffYear - +b[0] - (+b[1] > 8 ? 1 : 0);  // the age on 31 August of cutoffYear
    if (age >= +ages[0] && age <= +ages[1]) more.open = true;
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("[data-id-number]") && normalize(e.target.value).length >= 18) check(e.target);
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("[data-id-number]")) check(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-id-number]").forEach(function (input) { if (input.value) check(input, true); });
  });
  window.ShouwangId = { parse: parse };
})();
