/* 整户迁移 (templates/households/household_relocate.html): the 村民小组 and 网格 lists offer only the chosen 迁入村's
   (a county has hundreds of each; the server renders them all, each option marked data-village, so the form works
   without script and the server still refuses one of another village), and the confirmation asked before sending
   (data-confirm-submit, read by page_actions.js) names the village: {place} in data-confirm-template is the chosen
   option's data-place. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-relocate]");
  if (!form) return;
  var village = form.querySelector('select[name="village"]');
  var template = form.getAttribute("data-confirm-template");
  var lists = ["group", "grid"].map(function (name) {
    var select = form.querySelector('select[name="' + name + '"]');
    var marked = select.querySelectorAll("option[data-village]");
    return {
      select: select,
      blank: select.options[0],
      blankText: select.options[0].textContent,
      options: Array.prototype.map.call(marked, function (option) { return option; })
    };
  }).filter(function (list) { return list.select; });

  function narrow() {
    var chosen = village.value;
    lists.forEach(function (list) {
      var select = list.select;
      var kept = select.value;
      while (select.firstChild) select.removeChild(select.firstChild);
      select.appendChild(list.blank);
      var offered = 0;
      list.options.forEach(function (option) {
        if (option.getAttribute("data-village") !== chosen) return;
        select.appendChild(option);
        offered += 1;
      });
      select.value = kept;
      if (select.value !== kept || select.selectedIndex < 0) select.value = "";
      // Nothing to choose until a village is, or when it has none: said in the list itself.
      list.blank.textContent = !chosen ? "请先选择迁入村" : offered ? list.blankText : select.getAttribute("data-none");
      select.disabled = !chosen || !offered;
    });
    var option = village.options[village.selectedIndex];
    var place = option && option.value ? option.getAttribute("data-place") : "所选村";
    form.setAttribute("data-confirm-submit", template.replace("{place}", place));
  }
  village.addEventListener("change", narrow);
  narrow();
})();
