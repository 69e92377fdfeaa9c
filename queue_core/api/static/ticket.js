// The ticket's phone page: the language toggle, the dossier lookup, and the ticket followed
// through the core's stream of it (server-sent events, /t/{token}/events), polled every 10 s
// only while the stream is away; near the turn and at each call it chimes, vibrates and
// changes its title, where the browser allows. Every address is relative to the page, so the
// page works behind a reverse proxy under a path prefix.
document.getElementById("dossier-lookup").addEventListener("submit", function (e) {
  e.preventDefault();
  var code = document.getElementById("dossier-code").value.trim().toUpperCase();
  if (code) location.href = "../d/" + encodeURIComponent(code);
});
(function () {
  var lang = localStorage.getItem("luot-lang") || "vi";
  var button = document.getElementById("lang");
  var card = document.getElementById("ticket");
  var last = null;
  function apply() {
    document.documentElement.lang = lang;
    button.textContent = lang === "vi" ? "English" : "Tiếng Việt";
    document.querySelectorAll("[data-" + lang + "]").forEach(function (el) {
      el.textContent = el.getAttribute("data-" + lang) || el.textContent;
    });
    if (last) title(last);
  }
  button.addEventListener("click", function () {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("luot-lang", lang);
    apply();
  });
  apply();
  if (!card) return;
  var shortWait = Number(card.dataset.short);
  var near = Number(card.dataset.near);
  var baseTitle = document.title;
  var told = {near: false, calls: -1};
  var audio = null;

  // --- the alerts: a chime drawn by the page itself (no file to fetch), a vibration ---------
  var alertsButton = document.getElementById("alerts");
  alertsButton.addEventListener("click", function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();  // a tap allows the sound from now on
    if (audio && audio.state === "suspended") audio.resume();
    alertsButton.classList.add("on");
    chime(1);
    if (navigator.vibrate) navigator.vibrate(80);
  });
  function chime(times) {
    if (!audio) return;
    for (var i = 0; i < times; i++) {
      [880, 660].forEach(function (pitch, j) {
        var at = audio.currentTime + i * 0.8 + j * 0.25;
        var tone = audio.createOscillator(), gain = audio.createGain();
        tone.frequency.value = pitch;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
        tone.connect(gain).connect(audio.destination);
        tone.start(at);
        tone.stop(at + 0.65);
      });
    }
  }
  function alertNow(kind) {
    document.body.dataset.alerted = kind;  // what the page last told the citizen of
    chime(kind === "called" ? 3 : 1);
    if (navigator.vibrate) {
      try { navigator.vibrate(kind === "called" ? [400, 200, 400, 200, 400] : [300, 150, 300]); }
      catch (e) { /* not allowed before a tap: the title and the card still say it */ }
    }
  }
  function fill(text, t) {
    return text.replace("{n}", t.ahead).replace("{number}", t.number)
      .replace("{counter}", t.counter || "");
  }
  function title(t) {
    var key = null;
    if (t.status === "called" || t.status === "serving") key = "titleCalled";
    else if (t.status === "waiting" && t.ahead <= near) key = "titleNear";
    var lg = lang === "vi" ? "Vi" : "En";
    document.title = key ? fill(card.dataset[key + lg], t) : baseTitle;
  }

  // --- what the page shows ----------------------------------------------------------------
  function waitFigure(t) {  // the same words as the page the core drew (page.py's wait_figure)
    var r = t.estimate_range;
    if (!r) return "~" + t.estimate_minutes;
    return r.high <= shortWait ? "< " + shortWait : r.low + "–" + r.high;
  }
  function show(t) {
    last = t;
    document.body.dataset.shownAt = Date.now();  // when the page last changed (its tests read it)
    var live = ["waiting", "called", "serving"].indexOf(t.status) >= 0;
    var called = t.status === "called" || t.status === "serving";
    var nearNow = t.status === "waiting" && t.ahead <= near;
    document.getElementById("waiting").hidden = t.status !== "waiting";
    document.getElementById("near").hidden = !nearNow;
    document.getElementById("call").hidden = !called;
    document.getElementById("recalled").hidden = !(called && t.recalls > 0);
    document.getElementById("transferred").hidden = !(t.status === "waiting" && t.transferred_from);
    document.getElementById("over").hidden = live;
    document.getElementById("rate").hidden = t.status !== "done";
    document.getElementById("alerts").hidden = !live || called;
    document.getElementById("ahead").textContent = t.ahead;
    document.getElementById("estimate").textContent = waitFigure(t);
    document.getElementById("range-note").hidden = t.status !== "waiting" || !t.estimate_range;
    document.getElementById("counter").textContent = t.counter || "";
    document.getElementById("number").textContent = t.number;
    var s = document.getElementById("service");
    s.setAttribute("data-vi", t.service.name); s.setAttribute("data-en", t.service.name_en);
    s.textContent = lang === "vi" ? t.service.name : t.service.name_en;
    var d = new Date();
    document.getElementById("updated").textContent =
      ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    title(t);
    if (nearNow && !told.near) { told.near = true; alertNow("near"); }
    if (called && t.recalls !== told.calls) { told.calls = t.recalls; told.near = true; alertNow("called"); }
    if (!called) told.calls = -1;
    if (!live) stop();
  }

  // --- following the ticket: the stream, the poll while it is away -------------------------
  var token = encodeURIComponent(card.dataset.token);
  var pollUrl = "../api/v1/tickets/" + card.dataset.id + "?t=" + token;
  var timer = null, source = null;
  function poll() {
    if (document.hidden) return;
    fetch(pollUrl, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) { if (t) show(t); }).catch(function () {});
  }
  function away(isAway) {
    document.getElementById("offline").hidden = !isAway;
    if (isAway && !timer) timer = setInterval(poll, 10000);
    if (!isAway && timer) { clearInterval(timer); timer = null; }
  }
  function stop() {
    if (source) { source.close(); source = null; }
    away(false);
    document.getElementById("offline").hidden = true;
  }
  if (window.EventSource) {
    source = new EventSource(token + "/events");  // it reconnects by itself
    source.addEventListener("ticket", function (e) { away(false); show(JSON.parse(e.data)); });
    source.addEventListener("open", function () { away(false); });
    source.addEventListener("error", function () { if (source) away(true); });
  } else {
    away(true);
  }
  document.addEventListener("visibilitychange", function () { if (timer) poll(); });
})();
