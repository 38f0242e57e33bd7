/* The user form (configuration site): 限定网格 lists only the grids of the village chosen as 管辖区划, and none for a
   township or the county (the account service checks the same). Each village's grids are an <optgroup> whose label
   ends with the village's path, e.g. 涂埠镇城南村（360425100201）. Without JavaScript every grid is listed.
   Loaded in <head> (the admin's Media), before the form exists: it starts once the document is parsed. */
(function () {
  "use strict";
  function init() {
    var region = document.getElementById("id_region_path");
    var grid = document.getElementById("id_grid");
    if (!region || !grid) return;
    var groups = Array.prototype.slice.call(grid.querySelectorAll("optgroup"));
    function pathOf(group) {
      var found = /（(\d+)）$/.exec(group.label);
      return found ? found[1] : "";
    }
    function update() {
      var chosen = region.value;
      groups.forEach(function (group) {
        var here = pathOf(group) === chosen;
        if (here && !group.parentNode) grid.appendChild(group);
        if (!here && group.parentNode) {
          // A grid of another village would be refused on saving: put back "不限网格" instead.
          if (group.contains(grid.options[grid.selectedIndex])) grid.value = "";
          grid.removeChild(group);
        }
      });
    }
    region.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
