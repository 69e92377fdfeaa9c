// The console's live parts: follow the event stream, re-fetch the page's fragment on change.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var url = live.getAttribute("data-fragment");
  var seq = parseInt(live.getAttribute("data-seq") || "0", 10);
  var badge = document.getElementById("live-state");
  var pending = null, socket = null, retry = 1000;

  // why the live part was last re-rendered ("event <seq>" or "timer"): tests read it
  function refresh(reason) {
    pending = null;
    fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 401 || r.status === 403) { window.location.reload(); return null; }
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html !== null && html !== undefined) {
        live.innerHTML = html;
        live.setAttribute("data-seq", String(seq));
        live.setAttribute("data-refreshed", reason);
      }
    }).catch(function () {});
  }
  function soon() {
    if (pending === null) {
      pending = window.setTimeout(function () { refresh("event " + seq); }, 150);
    }
  }
  function state(up) {
    if (!badge) { return; }
    badge.hidden = false;
    badge.classList.toggle("down", !up);
    badge.textContent = up ? badge.getAttribute("data-live") : badge.getAttribute("data-down");
  }
  if (badge) {
    badge.setAttribute("data-live", badge.textContent);
    badge.setAttribute("data-down", document.documentElement.lang === "en" ? "Disconnected" : "Mất kết nối");
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    // the console's own stream: the session cookie is its credential
    socket = new WebSocket(scheme + window.location.host + "/console/events?since=" + seq);
    socket.onopen = function () { retry = 1000; state(true); };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (typeof event.seq === "number") { seq = Math.max(seq, event.seq); }
      if (event.type !== "snapshot") { soon(); }
    };
    socket.onclose = function (closed) {
      state(false);
      // 4401/4403: the session is over or refused; the fragment's answer says so (a reload
      // goes to the login page) or, if the page still answers, the stream is tried again
      if (closed.code === 4401 || closed.code === 4403) { refresh("stream closed"); }
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }
  connect();
  // minutes move on and devices send heartbeats (not events): look again now and then
  window.setInterval(function () { refresh("timer"); }, 15000);
})();
