// The relationship score's sparkline on the account's intelligence tab (one point per run).
// The tab is loaded by htmx, so Chart.js is loaded through window.withVendor (static/js/app.js);
// the table under it carries the same figures for screen readers.
(() => {
  const canvas = document.getElementById("relationship-trend-chart");
  if (!canvas || canvas.dataset.drawn) return;
  const data = JSON.parse(document.getElementById(canvas.dataset.chartData).textContent);

  const draw = () => {
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.scores, tension: 0.3, pointRadius: 2 }] },
      options: {
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { display: false }, y: { min: 0, max: 100, ticks: { maxTicksLimit: 3 } } },
      },
    });
  };

  window.withVendor("Chart", canvas.dataset.chartSrc, draw);
})();
