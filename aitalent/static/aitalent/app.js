// Site behaviour: theme toggle, language auto-submit, KaTeX rendering of sanitised math.
(function () {
  "use strict";
  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var root = document.documentElement;
      var next = root.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-bs-theme", next);
      try { localStorage.setItem("aitalent-theme", next); } catch (e) {}
    });
  }
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  function renderMath(root) {
    if (!window.katex) { return; }
    root.querySelectorAll(".math").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      try {
        window.katex.render(el.textContent, el, {
          displayMode: el.tagName === "DIV", throwOnError: false, trust: false, strict: "ignore"
        });
        el.dataset.rendered = "1";
      } catch (e) { /* leave the TeX source visible */ }
    });
  }
  renderMath(document);
  // Privacy-friendly video: nothing loads from the video site until the member clicks play.
  document.querySelectorAll(".video-facade").forEach(function (box) {
    box.querySelector("button").addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.dataset.embed;
      frame.title = "Video";
      frame.allow = "encrypted-media; picture-in-picture; fullscreen";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
    });
  });
  document.body.addEventListener("htmx:afterSwap", function (event) { renderMath(event.target); });
})();
