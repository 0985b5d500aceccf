// Vocal's only script: live updates. Pages work without it; with it, a
// page that names a live stream (data-live on <main>) listens for server-sent
// events and, when new responses it may show arrive (or, on case pages, cases
// change), fetches itself again and swaps in the regions marked
// data-live-region (figures, charts, feed; a case's summary and timeline).
(function () {
  "use strict";
  function start() {
    var main = document.querySelector("main[data-live]");
    if (!main || !window.EventSource) return;
    var status = document.getElementById("live-status");
    var busy = false, again = false;
    function say(state, text) {
      if (!status) return;
      status.setAttribute("data-state", state);
      status.textContent = text;
    }
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(window.location.href, { headers: { "X-Vocal-Live": "1" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live-region]").forEach(function (old) {
            var next = fresh.getElementById(old.id);
            if (next) old.replaceWith(document.importNode(next, true));
          });
          say("on", "Live · updated " + new Date().toLocaleTimeString());
        })
        .catch(function () { say("off", "Live updates paused; reload the page"); })
        .then(function () { busy = false; if (again) { again = false; refresh(); } });
    }
    var source = new EventSource(main.getAttribute("data-live"));
    source.addEventListener("open", function () { say("on", "Live"); });
    source.addEventListener("change", refresh);
    source.addEventListener("error", function () { say("off", "Reconnecting…"); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
