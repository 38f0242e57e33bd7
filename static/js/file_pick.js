// Upload fields (templates/partials/field.html, [data-file-pick]): the browser's file button is hidden behind a
// label in Chinese ("选择文件"); this names the chosen file beside it, or says none is chosen.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var pick = input.closest("[data-file-pick]");
    var shown = pick && pick.querySelector("[data-file-name]");
    if (!shown) return;
    var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    shown.textContent = names.length ? names.join("、") : "未选择文件";
  });
})();
