/* A page sent back with errors: say how many at the top of the form and bring the first into view, so that an error
   three screens down a long form (a review meeting's households, a formset) is not missed on a phone. */
(function () {
  "use strict";
  function show() {
    var errors = document.querySelectorAll(".field-error");
    if (!errors.length) return;
    var first = errors[0];
    var form = first.closest("form");
    if (form && !form.querySelector("[data-error-count]")) {
      var note = document.createElement("div");
      note.className = "form-errors";
      note.setAttribute("role", "alert");
      note.setAttribute("data-error-count", String(errors.length));
      note.textContent = "有 " + errors.length + " 处需要更正，请查看标红的项目。";
      form.insertBefore(note, form.firstChild);
    }
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      first.scrollIntoView({ block: "center" });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
