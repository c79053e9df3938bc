/* Draws every <canvas data-analytics-chart="<json_script id>"> with the vendored Chart.js.
   Data comes from json_script (no inline scripts: the CSP allows same-origin scripts only).
   Suppressed points (groups of fewer than 5 members) are null: a gap, never a number. */
(function () {
  "use strict";
  const palette = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#d63384", "#198754", "#6c757d", "#0dcaf0"];

  function draw(canvas) {
    const node = document.getElementById(canvas.dataset.analyticsChart);
    if (!node || typeof Chart === "undefined") return;
    const spec = JSON.parse(node.textContent);
    const stacked = spec.kind === "stacked";
    const horizontal = spec.kind === "hbar";
    const type = spec.kind === "line" ? "line" : "bar";
    const suffix = spec.unit === "%" ? " %" : spec.unit === "h" ? " h" : "";
    const dark = document.documentElement.getAttribute("data-bs-theme") === "dark";
    const grid = dark ? "rgba(255,255,255,0.1)" : "rgba(0,0,0,0.08)";
    const text = dark ? "#dee2e6" : "#495057";
    const datasets = spec.datasets.map(function (d, i) {
      const color = palette[i % palette.length];
      return {
        label: d.label,
        data: d.data,
        borderColor: color,
        backgroundColor: type === "line" ? color + "33" : color + "cc",
        fill: false,
        tension: 0.25,
        spanGaps: false,
        pointRadius: spec.labels.length > 60 ? 0 : 2,
      };
    });
    new Chart(canvas, {
      type: type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: stacked, grid: { color: grid }, ticks: { color: text, maxRotation: 0, autoSkip: true } },
          y: { stacked: stacked, beginAtZero: true, grid: { color: grid }, ticks: { color: text } },
        },
        plugins: {
          legend: { display: datasets.length > 1, labels: { color: text } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                const d = spec.datasets[ctx.datasetIndex];
                if (ctx.raw === null && d.suppressed && d.suppressed[ctx.dataIndex]) {
                  return d.label + ": < 5";
                }
                return d.label + ": " + (ctx.raw === null ? "–" : ctx.raw + suffix);
              },
            },
          },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-analytics-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
