// A dossier's phone page: the language toggle and the lookup of another code.
const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi";
function show(l) {
  document.documentElement.lang = l;
  for (const el of document.querySelectorAll("[data-vi]")) el.textContent = el.dataset[l];
  document.getElementById("lang").textContent = l === "vi" ? "English" : "Tiếng Việt";
}
let current = lang; show(current);
document.getElementById("lang").onclick = () => { current = current === "vi" ? "en" : "vi"; show(current); };
document.getElementById("lookup").onsubmit = (e) => {
  e.preventDefault();
  const code = e.target.code.value.trim().toUpperCase();
  if (code) location.href = "../d/" + encodeURIComponent(code) + (current === "en" ? "?lang=en" : "");
};
