/* The bulk user import's result (templates/admin/bulk_import.html): the initial passwords exist only in this page,
   so leaving it before saving them (a download link marked data-secret) asks first. */
(function () {
  "use strict";
  var links = document.querySelectorAll("a[data-secret]");
  var unsaved = links.length > 0;
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function () { unsaved = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
