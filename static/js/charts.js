// Draws each dashboard chart with Chart.js (static/vendor, from npm) from the figures the page carries in a
// json_script element; the same figures are in the data table behind the chart's "see the data" toggle.
(function () {
  "use strict";

  var COLOURS = ["#1d4e89", "#e07b00", "#2e7d32", "#7e57c2", "#c62828", "#00838f", "#6d4c41", "#ad1457"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var figures = JSON.parse(source.textContent);
    var single = figures.series.filter(function (s) { return !s.kind; }).length === 1;
    var datasets = figures.series.map(function (series, index) {
      var colour = series.kind === "line" ? "#212529" : COLOURS[index % COLOURS.length];
      return {
        type: series.kind || undefined,
        label: series.label,
        data: series.values,
        backgroundColor: colour,
        borderColor: colour,
        borderDash: series.kind === "line" ? [6, 4] : undefined,
        pointRadius: series.kind === "line" ? 2 : undefined,
        spanGaps: false
      };
    });
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var axis = { stacked: figures.stacked, beginAtZero: true, ticks: { precision: 0 } };
    new window.Chart(canvas, {
      type: figures.kind,
      data: { labels: figures.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        indexAxis: figures.horizontal ? "y" : "x",
        plugins: { legend: { display: !single || datasets.length > 1 } },
        scales: { x: Object.assign({}, axis), y: Object.assign({}, axis) }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
