// Runs in <head> so the chosen theme applies before the first paint (no flash).
(function () {
  var stored = null;
  try { stored = localStorage.getItem("aitalent-theme"); } catch (e) {}
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.setAttribute("data-bs-theme", stored || (prefersDark ? "dark" : "light"));
})();
