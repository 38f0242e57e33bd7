/* A page sent back with errors: say how many at the top of each form that has some and bring the first into view,
   so that an error three screens down a long form (a review meeting's households, a formset) is not missed on a
   phone. Only a form's own errors count: a list on the same page (the failed uploads below the upload form) shows
   its reasons with the same class, and they are not this form's to correct. The errors above the form (每户只能有
   一名户主) count too, one each, when some field is marked red as well; and a closed <details> ("更多信息")
   holding an error is opened. The "仍要保存" box a service asks to tick (households.services.confirm) is not
   counted as an error: the banner says it apart (review rev-ux 6), naming the form's own button (后再发起) — unless
   the box is where its reason is said, no other field red for it (data-confirm-counted): then it counts too. */
(function () {
  "use strict";
  // What the form's button does (保存, 发起, 提交): the banner says to tick the box and then do that. A long label
  // (下一步：核对成员与新户主的关系) or none reads as 提交.
  function submitVerb(form) {
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    var button = buttons[buttons.length - 1]; // the form's action, after any 查找 within it
    var text = button ? (button.tagName === "INPUT" ? button.value : button.textContent) : "";
    text = text.replace(/[^\u4e00-\u9fff]/g, ""); // 发起 of "＋ 发起"
    return text && text.length <= 6 ? text : "提交";
  }
  function show() {
    var forms = document.querySelectorAll("form");
    var first = null;
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      var errors = form.querySelectorAll(".field-error");
      var general = form.querySelectorAll(".form-errors:not([data-error-count]) > p");
      if (!errors.length && !general.length) continue;
      for (var k = 0; k < errors.length; k++) {
        var details = errors[k].closest("details");
        if (details) details.open = true;
      }
      if (!first) first = general[0] || errors[0];
      // A form whose only errors are above it (用户名或密码错误) says it all there: no count, nothing marked red. A
      // form with its own summary (partials/error_summary.html, marked data-error-count) has its count already.
      if (!errors.length || form.querySelector("[data-error-count]")) continue;
      // One per field marked red: a field may say two things (the server's reason and the ID number's live check).
      // The "仍要保存" box (its input marked data-confirm) is no error to correct: it is said apart, after the count.
      var fields = [];
      var confirmBox = null;
      for (var j = 0; j < errors.length; j++) {
        var field = errors[j].closest(".field, fieldset, .has-error") || errors[j];
        var box = field.querySelector ? field.querySelector("input[data-confirm]") : null;
        if (box) {
          confirmBox = box;
          // A box saying its own reason (data-confirm-counted: the case form's income question) is one of the items.
          if (!box.hasAttribute("data-confirm-counted")) continue;
        }
        if (fields.indexOf(field) < 0) fields.push(field);
      }
      // And one per message above the form or a member's rows, which no field is marked for.
      for (var g = 0; g < general.length; g++) fields.push(general[g]);
      var note = document.createElement("div");
      note.className = "form-errors";
      note.setAttribute("role", "alert");
      note.setAttribute("data-error-count", String(fields.length));
      var said = fields.length ? "有 " + fields.length + " 处需要更正或核实，请查看标红的项目。" : "";
      if (!confirmBox) said = "有 " + fields.length + " 处需要更正，请查看标红的项目。";
      if (confirmBox) {
        var label = (confirmBox.closest("label") || confirmBox.parentNode).textContent.trim();
        said += "核实无误的，请勾选下方“" + label + "”后再" + submitVerb(form) + "。";
      }
      note.textContent = said;
      form.insertBefore(note, form.firstChild);
    }
    if (!first) return;
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      first.scrollIntoView({ block: "center" });
    }
  }
  // After the page's other scripts (the ID number's check marks its field on DOMContentLoaded), so their errors count.
  if (document.readyState === "complete") {
    show();
  } else {
    window.addEventListener("load", show);
  }
})();
