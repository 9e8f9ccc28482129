// Sessions that end: the timeout warning (GOV.UK Design System pattern) and no personal page
// brought back from the back/forward cache. Progressive enhancement only: without this file the
// server still ends an idle session, and pages are sent with Cache-Control: no-store.
(function () {
  "use strict";

  // A page restored from the back/forward cache may show someone's answers after their session
  // ended: ask the server again (which then decides what this browser may see).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;

  var expiresIn = Number(dialog.dataset.expiresIn);
  var warnBefore = Number(dialog.dataset.warnBefore);
  if (!(expiresIn > 0)) return;

  var countdown = dialog.querySelector("[data-countdown]");
  var announce = dialog.querySelector("[data-announce]");
  var keepAlive = dialog.querySelector("[data-keep-alive]");
  var endForm = dialog.querySelector(".portal-timeout__finish");
  var deadline = Date.now() + expiresIn * 1000;
  var returnFocusTo = null;
  var lastAnnounced = null;
  var ending = false;

  function timeText(seconds) {
    if (seconds >= 120) return dialog.dataset.textMinutes.replace("%(n)s", Math.ceil(seconds / 60));
    if (seconds >= 60) return dialog.dataset.textMinute;
    if (seconds === 1) return dialog.dataset.textSecond;
    return dialog.dataset.textSeconds.replace("%(n)s", seconds);
  }

  // Screen readers hear the time when the warning opens, then each minute, and at 30 and 10
  // seconds; not every second.
  function worthAnnouncing(seconds, opening) {
    return opening || (seconds >= 60 && seconds % 60 === 0) || seconds === 30 || seconds === 10;
  }

  function end() {
    if (ending) return;
    ending = true;
    endForm.action = endForm.getAttribute("action") + "?reason=idle";
    endForm.submit();
  }

  function open() {
    returnFocusTo = document.activeElement;
    dialog.showModal();
    dialog.focus();
  }

  function close() {
    if (dialog.open) dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (left <= 0) {
      end();
      return;
    }
    if (left > warnBefore) {
      if (dialog.open) close();
      return;
    }
    var opening = !dialog.open;
    if (opening) open();
    countdown.textContent = timeText(left);
    if (worthAnnouncing(left, opening) && lastAnnounced !== left) {
      lastAnnounced = left;
      announce.textContent = dialog.dataset.textAnnounce.replace("%(time)s", timeText(left));
    }
  }

  function stay() {
    fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": dialog.dataset.csrfToken, "Accept": "application/json" },
    })
      .then(function (response) {
        // An ended session is answered with a redirect to the "session ended" page.
        return response.ok && !response.redirected ? response.json() : { alive: false };
      })
      .then(function (body) {
        if (!body.alive) {  // ended already (in another tab, say): nothing left to keep
          window.location.assign("/session/ended");
          return;
        }
        deadline = Date.now() + body.expires_in * 1000;
        warnBefore = body.warn_before;
        lastAnnounced = null;
        announce.textContent = "";
        close();
      })
      .catch(function () { /* the countdown carries on; the person can try again */ });
  }

  keepAlive.addEventListener("click", stay);
  // Escape means "I need more time", as in the GOV.UK pattern, rather than just hiding the warning.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    stay();
  });
  // The modal dialog makes the rest of the page inert; Tab also wraps between its own controls.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var controls = dialog.querySelectorAll("button, [href], input:not([type=hidden])");
    var first = controls[0];
    var last = controls[controls.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  window.setInterval(tick, 1000);
  tick();
})();
