// The ticket's phone page: the language toggle, the dossier lookup, and the ticket polled
// every 10 s while it is live.
document.getElementById("dossier-lookup").addEventListener("submit", function (e) {
  e.preventDefault();
  var code = document.getElementById("dossier-code").value.trim().toUpperCase();
  if (code) location.href = "/d/" + encodeURIComponent(code);
});
(function () {
  var lang = localStorage.getItem("luot-lang") || "vi";
  var button = document.getElementById("lang");
  function apply() {
    document.documentElement.lang = lang;
    button.textContent = lang === "vi" ? "English" : "Tiếng Việt";
    document.querySelectorAll("[data-" + lang + "]").forEach(function (el) {
      el.textContent = el.getAttribute("data-" + lang) || el.textContent;
    });
  }
  button.addEventListener("click", function () {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("luot-lang", lang);
    apply();
  });
  apply();
  var card = document.getElementById("ticket");
  if (!card) return;
  var url = "/api/v1/tickets/" + card.dataset.id + "?t=" + encodeURIComponent(card.dataset.token);
  var shortWait = Number(card.dataset.short);
  // The same words as the page the core drew (page.py's wait_figure).
  function waitFigure(t) {
    var r = t.estimate_range;
    if (!r) return "~" + t.estimate_minutes;
    return r.high <= shortWait ? "< " + shortWait : r.low + "–" + r.high;
  }
  function show(t) {
    var live = ["waiting", "called", "serving"].indexOf(t.status) >= 0;
    document.getElementById("waiting").hidden = t.status !== "waiting";
    document.getElementById("call").hidden = !(t.status === "called" || t.status === "serving");
    document.getElementById("over").hidden = live;
    document.getElementById("ahead").textContent = t.ahead;
    document.getElementById("estimate").textContent = waitFigure(t);
    document.getElementById("range-note").hidden = t.status !== "waiting" || !t.estimate_range;
    document.getElementById("counter").textContent = t.counter || "";
    var s = document.getElementById("service");
    s.setAttribute("data-vi", t.service.name); s.setAttribute("data-en", t.service.name_en);
    s.textContent = lang === "vi" ? t.service.name : t.service.name_en;
    var d = new Date();
    document.getElementById("updated").textContent =
      ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    if (!live) clearInterval(timer);
  }
  function poll() {
    if (document.hidden) return;
    fetch(url, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) { if (t) show(t); }).catch(function () {});
  }
  var timer = setInterval(poll, 10000);
  document.addEventListener("visibilitychange", poll);
})();
