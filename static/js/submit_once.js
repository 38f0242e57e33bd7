/* A form that creates something (data-submit-once) is sent once: after the first submit its submit buttons are
   disabled and a second submit (a double tap, Enter pressed again) is stopped. The server refuses a repeat anyway
   (config/once.py); this spares the cadre the second wait. The buttons are disabled after the submit event, not in
   it: a disabled button's name and value are not posted, and the pressed one may carry them (action=…). A submit
   that a confirm() or a check cancelled, or that htmx sends, leaves the form as it was. A page shown again from the
   back/forward cache after it was sent is enabled again with a new token: what is typed into it now is a new record,
   not a repeat of the one saved (the server would otherwise answer 已保存 and drop it). */
(function () {
  "use strict";
  var BUTTONS = 'button:not([type]), button[type="submit"], input[type="submit"], input[type="image"]';
  function newToken() {
    // A uuid4 from getRandomValues: crypto.randomUUID needs HTTPS, and a county intranet may serve plain HTTP.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function release(form) {
    if (form.dataset.submitting) {
      var token = form.querySelector('input[name="once"]');
      if (token) token.value = newToken();
    }
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
