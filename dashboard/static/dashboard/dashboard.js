// The manager dashboard's Pareto curve (cumulative share of revenue against share of
// accounts). Data comes from a json_script element, so the page holds no inline JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("pareto-chart");
  const source = document.getElementById("pareto-data");
  if (!canvas || !source || !window.Chart) return;
  const { points } = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      datasets: [
        { label: canvas.dataset.yLabel, data: points, fill: true, pointRadius: 0, tension: 0.1 },
        { label: "80 %", data: [{ x: 0, y: 80 }, { x: 100, y: 80 }], borderDash: [4, 4], pointRadius: 0 },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      scales: {
        x: { type: "linear", min: 0, max: 100, title: { display: true, text: canvas.dataset.xLabel } },
        y: { min: 0, max: 100, title: { display: true, text: canvas.dataset.yLabel } },
      },
    },
  });
});
