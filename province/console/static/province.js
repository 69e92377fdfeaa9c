// The provincial console's live parts: the overview and the alerts look again every few seconds
// (data-refresh) and swap their part in, without reloading the page.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var url = live.getAttribute("data-fragment");
  var seconds = parseInt(live.getAttribute("data-refresh") || "15", 10);
  var looks = 0;

  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      // the session is over: the page itself goes to the login page
      if (r.status === 401 || r.status === 403) { window.location.reload(); return null; }
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html !== null && html !== undefined) {
        live.innerHTML = html;
        looks += 1;
        live.setAttribute("data-looks", String(looks)); // the tests read how often it looked
      }
    }).catch(function () {});
  }
  window.setInterval(refresh, Math.max(1, seconds) * 1000);
})();
