/* The account approvals page (templates/accounts/account_approvals.html): approving lets the accounts log in at
   once, so it is asked first, naming how many are ticked. 全选 is page_actions.js's data-check-all. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-approve]"), function (button) {
    button.addEventListener("click", function (event) {
      var ticked = button.form.querySelectorAll('input[name="pick"]:checked').length;
      if (ticked && !window.confirm("确认批准所选的 " + ticked + " 个账号？批准后这些账号即可登录。")) {
        event.preventDefault();
      }
    });
  });
})();
