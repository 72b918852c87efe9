// The desk's phone panel: short polling for the call the phone system reports, and the live hold
// timer between polls. No inline script or style: the page's CSP allows only files from this site.
(function () {
  "use strict";
  var panel = document.getElementById("call-panel");
  if (!panel) return;
  var body = document.getElementById("call-panel-body");
  var offset = 0; // the server's clock minus this browser's, so the timer agrees with the measurement
  var levels = ["hold-ok", "hold-warn", "hold-over"];

  function state() {
    var current = document.getElementById("call-state");
    if (current && current.dataset.serverNow) offset = Number(current.dataset.serverNow) - Date.now();
    return current;
  }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var timer = document.getElementById("hold-timer");
    if (!timer) return;
    var elapsed = Math.max(0, Math.floor((Date.now() + offset - Number(timer.dataset.startedMs)) / 1000));
    document.getElementById("hold-clock").textContent = clock(elapsed);
    var limit = Number(timer.dataset.limit || 0), warnAt = Number(timer.dataset.warnAt || 0);
    var level = "hold-ok", said = "";
    if (limit && elapsed > limit) { level = "hold-over"; said = timer.dataset.overLabel || "Over the hold limit"; }
    else if (warnAt && elapsed >= warnAt) { level = "hold-warn"; said = timer.dataset.nearLabel || "Nearing the hold limit"; }
    if (timer.dataset.level !== level) {
      levels.forEach(function (name) { timer.classList.remove(name); });
      timer.classList.add(level);
      timer.dataset.level = level;
      document.getElementById("hold-status").textContent = said;
    }
  }

  function schedule() {
    var current = document.getElementById("call-state");
    window.setTimeout(poll, Number((current && current.dataset.pollMs) || 2000));
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    fetch(panel.dataset.liveUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        var fresh = template.content.querySelector("#call-state");
        var current = document.getElementById("call-state");
        if (!fresh) return;
        if (current && fresh.dataset.signature === current.dataset.signature) {
          current.dataset.serverNow = fresh.dataset.serverNow; // same call, same state: keep focus
        } else {
          body.replaceChildren(template.content);
        }
        state();
        tick();
      })
      .catch(function () { /* the next poll tries again */ })
      .then(schedule);
  }

  state();
  tick();
  window.setInterval(tick, 250);
  schedule();
})();
