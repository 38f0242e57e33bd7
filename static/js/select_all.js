/* Lists with ticked rows (batch approval, the unregistered persons): "select all on this page" and the count of
   rows ticked. */
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  var counts = Array.prototype.slice.call(document.querySelectorAll(".selected-count"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.batch-case"));
  function update() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    counts.forEach(function (c) { c.textContent = n; });
    if (all) all.checked = n > 0 && n === boxes.length;
  }
  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      update();
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
