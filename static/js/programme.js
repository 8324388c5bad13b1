// Charts of the program pages. Data comes from json_script elements; no inline script (CSP).
(function () {
  "use strict";
  function burnChart(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: canvas.dataset.labelActual, data: data.actual, borderColor: "#1f6feb", backgroundColor: "#1f6feb", spanGaps: false },
          { label: canvas.dataset.labelPlanned, data: data.planned, borderColor: "#9a9a9a", backgroundColor: "#9a9a9a", borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  function categoryChart(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: canvas.dataset.labelBudget, data: data.budget, backgroundColor: "#c9d7ee" },
          { label: canvas.dataset.labelActual, data: data.actual, backgroundColor: "#1f6feb" }
        ]
      },
      options: { indexAxis: "y", responsive: true, animation: false, scales: { x: { beginAtZero: true } } }
    });
  }
  function init() {
    document.querySelectorAll("canvas[data-chart=burn]").forEach(burnChart);
    document.querySelectorAll("canvas[data-chart=categories]").forEach(categoryChart);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
