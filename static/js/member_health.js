/* An alert's verification (templates/alerts/alert_detail.html), the member's health: the disability grade and type
   only for 残疾 (all shown without script), and choosing a value ticks the update. 纳入监测 with the medical risk while
   the member stays 健康 shows the advisory, which the confirmation then says first (data-confirm-prepend). */
(function () {
  "use strict";
  var box = document.querySelector("[data-member-health]");
  if (!box) return;
  var health = box.querySelector("[name=member_health]");
  var tick = box.querySelector("[name=update_member_health]");
  var disability = box.querySelector("[data-disability-fields]");
  var sync = function () { disability.hidden = health.value !== "disabled"; };
  health.addEventListener("change", function () {
    tick.checked = health.value !== "";
    sync();
  });
  sync();
  var advice = box.querySelector("[data-health-advisory]");
  if (!advice) return;
  var form = box.closest("form");
  var advise = function () {
    var outcome = form.querySelector("[name=outcome]:checked");
    var risk = form.querySelector('[name=risk_types][value="' + advice.dataset.risk + '"]');
    var staysHealthy = tick.disabled || !tick.checked || health.value === advice.dataset.healthy;
    advice.hidden = !(outcome && outcome.value === advice.dataset.outcome && risk && risk.checked && staysHealthy);
  };
  form.addEventListener("change", function () { setTimeout(advise); }); // after shown_for.js has enabled the box
  advise();
})();
