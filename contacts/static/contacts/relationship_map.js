// The relationship map of the committee tab. The tab is loaded by htmx, so this file loads
// cytoscape.js itself (from our static files) when the page has not yet. Everything drawn
// comes from the JSON the server rendered (contacts.committee_map); the table below the map
// says the same for screen readers.
(() => {
  const box = document.getElementById("relationship-map-graph");
  if (!box || box.dataset.drawn) return;
  const data = JSON.parse(document.getElementById(box.dataset.mapData).textContent);
  const stanceColour = { supporter: "#198754", neutral: "#6c757d", opponent: "#dc3545" };

  const draw = () => {
    box.dataset.drawn = "1";
    const cy = window.cytoscape({
      container: box,
      elements: {
        nodes: data.nodes.map((node) => ({ data: node })),
        edges: data.edges.map((edge) => ({ data: edge })),
      },
      layout: { name: "breadthfirst", directed: true, padding: 16, spacingFactor: 1.1 },
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            width: "data(size)",
            height: "data(size)",
            "text-wrap": "wrap",
            "text-valign": "bottom",
            "text-margin-y": 4,
            "font-size": 10,
          },
        },
        ...Object.entries(stanceColour).map(([stance, colour]) => ({
          selector: `node[stance = "${stance}"]`,
          style: { "background-color": colour },
        })),
        {
          selector: 'node[kind = "placeholder"]',
          style: { "background-color": "#fff", "border-width": 2, "border-style": "dashed", "border-color": "#fd7e14", color: "#fd7e14" },
        },
        { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "font-size": 8 } },
        { selector: 'edge[kind = "reports"]', style: { width: 1.5, "line-color": "#adb5bd", "target-arrow-color": "#adb5bd" } },
        {
          selector: 'edge[kind = "influence"]',
          style: { width: "data(width)", "line-color": "#0d6efd", "target-arrow-color": "#0d6efd", label: "data(label)" },
        },
      ],
    });
    // A person opens their contact page; a placeholder the new-contact form with its role
    // ticked, for those who may change the account (the others would meet a 403).
    cy.on("tap", "node", (event) => {
      const node = event.target;
      if (node.data("kind") === "placeholder" && !box.dataset.canEdit) return;
      window.location.assign(node.data("url"));
    });
  };

  window.withVendor("cytoscape", box.dataset.cytoscapeSrc, draw);
})();
