// The targets block's forecast: weighted open pipeline per expected close month (bars) beside
// the month's revenue target (a line; a gap where none is set). The block is loaded by htmx, so
// Chart.js comes through window.withVendor (static/js/app.js); the figures come from a
// json_script element and are the table's under the chart.
(() => {
  const canvas = document.getElementById("forecast-chart");
  if (!canvas || canvas.dataset.drawn) return;
  const data = JSON.parse(document.getElementById(canvas.dataset.chartData).textContent);
  const amount = (text) => (text === null ? null : Number(text));
  const money = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 0 });

  const draw = () => {
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: canvas.dataset.weightedLabel, data: data.weighted.map(amount), order: 2 },
          {
            type: "line",
            label: canvas.dataset.targetLabel,
            data: data.targets.map(amount),
            borderDash: [6, 4],
            pointRadius: 4,
            spanGaps: false,
            order: 1,
          },
        ],
      },
      options: {
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => money.format(value) } } },
      },
    });
  };

  window.withVendor("Chart", canvas.dataset.chartSrc, draw);
})();
