/* A form that creates something (data-submit-once) is sent once: after the first submit its submit buttons are
   disabled and a second submit (a double tap, Enter pressed again) is stopped. The server refuses a repeat anyway
   (config/once.py); this spares the cadre the second wait. The buttons are disabled after the submit event, not in
   it: a disabled button's name and value are not posted, and the pressed one may carry them (action=…). A submit
   that a confirm() or a check cancelled, or that htmx sends, leaves the form as it was; a page shown again from the back/forward cache
   is enabled again. */
(function () {
  "use strict";
  var BUTTONS = 'button:not([type]), button[type="submit"], input[type="submit"], input[type="image"]';
  function release(form) {
    delete form.dataset.submitting;
    var held = form.querySelectorAll("[data-submit-once-held]");
    for (var i = 0; i < held.length; i++) {
      held[i].disabled = false;
      held[i].removeAttribute("data-submit-once-held");
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once") || event.defaultPrevented) return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () {
      // Cancelled after this listener (a check, htmx taking the post): nothing was sent, or the page stays.
      if (event.defaultPrevented) {
        delete form.dataset.submitting;
        return;
      }
      var buttons = form.querySelectorAll(BUTTONS);
      for (var i = 0; i < buttons.length; i++) {
        if (buttons[i].disabled) continue;
        buttons[i].disabled = true;
        buttons[i].setAttribute("data-submit-once-held", "");
      }
    }, 0);
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    var forms = document.querySelectorAll("form[data-submit-once]");
    for (var i = 0; i < forms.length; i++) release(forms[i]);
  });
})();
