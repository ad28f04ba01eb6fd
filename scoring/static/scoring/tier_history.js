// The tier-history chart of the account page's "Tiering" tab. The tab is loaded by htmx,
// so this file loads Chart.js itself (from our static files) when the page has not yet.
(() => {
  const canvas = document.getElementById("tier-history-chart");
  if (!canvas || canvas.dataset.drawn) return;
  const data = JSON.parse(document.getElementById(canvas.dataset.chartData).textContent);
  const tierValue = { A: 3, B: 2, C: 1 };

  const draw = () => {
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { type: "line", label: data.tierLabel, data: data.tiers.map((tier) => tierValue[tier]), stepped: true, yAxisID: "tier" },
          { type: "bar", label: data.scoreLabel, data: data.scores, yAxisID: "score" },
        ],
      },
      options: {
        animation: false,
        scales: {
          tier: {
            position: "left",
            min: 0.5,
            max: 3.5,
            afterBuildTicks: (axis) => { axis.ticks = [1, 2, 3].map((value) => ({ value })); },
            ticks: { callback: (value) => ({ 3: "A", 2: "B", 1: "C" })[value] || "" },
          },
          score: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } },
        },
      },
    });
  };

  if (window.Chart) {
    draw();
  } else {
    const script = document.createElement("script");
    script.src = canvas.dataset.chartSrc;
    script.addEventListener("load", draw);
    document.head.appendChild(script);
  }
})();
