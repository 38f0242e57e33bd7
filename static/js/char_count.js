/* A live count under a text field marked data-char-count (the self-application's 困难情况说明,
   workflow/forms_applications.py): "已写 N 字（至少 5 字，至多 500 字）", N as the server counts it
   (services.application_public.validate_situation: characters, not UTF-16 units, without the spaces at either
   end). Below the minimum or past the maximum the count is marked; the server decides. */
(function () {
  "use strict";
  var fields = document.querySelectorAll("textarea[data-char-count], input[data-char-count]");
  Array.prototype.forEach.call(fields, function (field) {
    var min = parseInt(field.getAttribute("data-char-min") || "0", 10);
    var max = parseInt(field.getAttribute("data-char-max") || "0", 10);
    var counter = document.createElement("p");
    counter.className = "muted small char-count";
    counter.id = field.id + "_count";
    counter.setAttribute("data-char-counter", "");
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var n = Array.from(field.value.trim()).length;
      counter.textContent = field.getAttribute("data-char-count").replace("{n}", n);
      counter.classList.toggle("char-count-off", (n > 0 && n < min) || (max > 0 && n > max));
    }
    field.addEventListener("input", update);
    update();
  });
})();
