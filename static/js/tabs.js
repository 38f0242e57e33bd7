/* Tab strips (.tabs) scroll sideways on a phone: keep the open tab in view when the page opens. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".tabs a.active"), function (tab) {
    var strip = tab.parentElement;
    if (strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft = tab.offsetLeft - (strip.clientWidth - tab.offsetWidth) / 2;
    }
  });
})();
