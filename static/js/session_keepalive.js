/* The idle timeout (accounts.middleware.IdleTimeoutMiddleware) counts from the session's last request. Typing a long
   visit or verification note on a phone sends none, so the session ended under the cadre's fingers and 保存 lost
   everything typed. This script:
   - counts typing and tapping on the page as activity: at most once a minute it sends the session ping
     (accounts.views_session), so a session in use stays open and one left alone still ends on time;
   - warns in the last two minutes, with a button to go on;
   - once the session has ended, says so on the page before 保存 is tapped, with a link to sign in again in a new
     window: what was typed stays here, and the form's CSRF token is taken from the new sign-in before it is sent.
   The body carries data-idle-seconds, data-session-ping and data-login-url (templates/base.html). */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.idleSeconds || "", 10);
  var pingUrl = body.dataset.sessionPing;
  if (!idle || !pingUrl) { return; }
  var WARN_SECONDS = Math.min(120, Math.floor(idle / 3));
  var GRACE_SECONDS = 15; // after the local count runs out, ask the server only once it has surely ended too
  var lastSeen = Date.now(); // the page's own request
  var ended = false;
  var banner = null;

  function pingEvery() {
    var given = parseInt(body.dataset.sessionPingEvery || "", 10); // tests shorten it
    return (isNaN(given) ? Math.min(60, Math.floor(idle / 4)) : given) * 1000;
  }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // A sign-in in another window rotates the CSRF token: a form rendered before it would be refused as stale.
  function refreshCsrf() {
    var token = csrfCookie();
    if (!token) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("input[name=csrfmiddlewaretoken]"), function (input) {
      input.value = token;
    });
    body.setAttribute("hx-headers", JSON.stringify({"X-CSRFToken": token}));
  }

  function show(kind, html) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "session-banner";
      banner.setAttribute("role", "alert");
      banner.setAttribute("data-session-banner", "");
      body.appendChild(banner);
      body.classList.add("has-session-banner");
    }
    banner.setAttribute("data-kind", kind);
    banner.innerHTML = html;
    var button = banner.querySelector("[data-session-continue]");
    if (button) { button.addEventListener("click", function () { ping(false); }); }
  }

  function hide() {
    if (banner) { banner.remove(); banner = null; body.classList.remove("has-session-banner"); }
  }

  function answer(data, asked) {
    if (!data.signed_in) {
      ended = true;
      var login = (body.dataset.loginUrl || "/accounts/login/") + "?next=" + encodeURIComponent("/");
      show("ended", "<strong>登录已超时。</strong>本页已填写的内容还在，尚未保存。请点" +
        "<a href=\"" + login + "\" target=\"_blank\" rel=\"noopener\">在新窗口重新登录</a>，" +
        "登录后回到本页再点保存。");
      return;
    }
    if (ended) { refreshCsrf(); }
    ended = false;
    lastSeen = Date.now() - (data.idle_seconds - data.seconds_left) * 1000;
    if (!asked || data.seconds_left > WARN_SECONDS) { hide(); }
  }

  // asked: only ask whether the session is open (not activity of this user).
  function ping(asked) {
    if (!asked) { lastSeen = Date.now(); }
    fetch(pingUrl + (asked ? "?check=1" : ""), {
      credentials: "same-origin", cache: "no-store", headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) { answer(data, asked); }
    }).catch(function () { /* offline: the next tick or tap asks again */ });
  }

  function activity() {
    if (ended) { return; }
    if (Date.now() - lastSeen >= pingEvery()) { ping(false); }
  }

  function tick() {
    var left = Math.round((lastSeen + idle * 1000 - Date.now()) / 1000);
    if (left <= -GRACE_SECONDS || ended) {
      ping(true);
    } else if (left <= WARN_SECONDS && left > 0) {
      var minutes = Math.floor(left / 60), seconds = left % 60;
      show("warn", "已较长时间无操作，将在 <strong>" + minutes + "分" + (seconds < 10 ? "0" : "") + seconds +
        "秒</strong> 后自动退出登录，本页未保存的内容将无法提交。" +
        " <button type=\"button\" class=\"btn btn-small btn-primary\" data-session-continue>继续使用</button>");
    }
  }

  ["input", "change", "keydown", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, activity, {capture: true, passive: true});
  });
  document.addEventListener("htmx:afterRequest", function () { lastSeen = Date.now(); });
  // Sent now, it would reach the login page and lose what was typed: held until the user has signed in again.
  document.addEventListener("submit", function (event) {
    var method = (event.target.getAttribute("method") || "get").toLowerCase();
    if (!ended || method !== "post") { return; } // a search or filter loses nothing: it goes to the login page
    event.preventDefault();
    event.stopImmediatePropagation();
    ping(true);
    if (banner) { banner.scrollIntoView({block: "nearest"}); }
  }, true);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { ping(true); } });
  window.addEventListener("focus", function () { if (ended) { ping(true); } });
  setInterval(tick, 5000);
})();
