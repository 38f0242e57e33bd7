/* A campaign's villages (templates/screening/campaigns/campaign_form.html), grouped by township: a township's box
   ticks or clears its villages and shows whether all of them are ticked; the page's 全选 (data-check-all, ticked
   by page_actions.js) ticks the townships' boxes with it. */
(function () {
  "use strict";
  var groupBoxes = document.querySelectorAll("[data-check-group]");
  Array.prototype.forEach.call(document.querySelectorAll("[data-check-all]"), function (box) {
    box.addEventListener("change", function () {
      Array.prototype.forEach.call(groupBoxes, function (b) { b.checked = box.checked; });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-group]"), function (group) {
    var box = group.querySelector("[data-check-group]");
    var villages = Array.prototype.slice.call(group.querySelectorAll('.village-choices input[type="checkbox"]'));
    function sync() { box.checked = villages.length > 0 && villages.every(function (b) { return b.checked; }); }
    box.addEventListener("change", function () { villages.forEach(function (b) { b.checked = box.checked; }); });
    villages.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  });
})();
