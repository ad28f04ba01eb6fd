// Behaviour for every page. Kept out of the HTML so a strict Content-Security-Policy holds.
document.addEventListener("DOMContentLoaded", () => {
  // Filter forms submit themselves when a select changes, so a rep on a phone needs no extra tap.
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});

// Pickers over long lists (a catalogue, a rep's thousands of accounts): a <datalist data-url>
// holds only the options matching what was typed, fetched from the server (GET ?q=), instead
// of the whole list rendered into every page.
document.addEventListener("DOMContentLoaded", () => {
  let timer = null;
  const lastQuery = new WeakMap();
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.list?.dataset.url) return;
    const options = field.list;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = field.value.trim();
      if (query === lastQuery.get(options)) return;
      lastQuery.set(options, query);
      const url = new URL(options.dataset.url, window.location.href);
      url.searchParams.set("q", query);
      const response = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
      if (response.ok && lastQuery.get(options) === query) options.innerHTML = await response.text();
    }, 200);
  });
});

// The account page's head links to its tabs: a link with data-tab (or a #tab-… address)
// shows that tab in place instead of jumping. "#tab-<key>/<id>" then scrolls to the element
// <id> once the tab's content has arrived (htmx loads it when the tab is shown): after logging
// a visit the account page opens on the visit.
document.addEventListener("DOMContentLoaded", () => {
  const show = (key) => {
    const tab = document.getElementById(`tab-${key}`);
    if (!tab || !window.bootstrap) return false;
    window.bootstrap.Tab.getOrCreateInstance(tab).show();
    tab.scrollIntoView({ block: "nearest" });
    return true;
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-tab]");
    if (link && link.getAttribute("href").startsWith("#") && show(link.dataset.tab)) event.preventDefault();
  });
  if (!window.location.hash.startsWith("#tab-")) return;
  const [key, targetId] = window.location.hash.slice(5).split("/");
  if (targetId) {
    document.body.addEventListener("htmx:afterSettle", function reveal() {
      const target = document.getElementById(targetId);
      if (!target) return;
      document.body.removeEventListener("htmx:afterSettle", reveal);
      target.classList.add("border-primary");
      target.scrollIntoView({ block: "center" });
    });
  }
  show(key);
});

// A tab loaded by htmx that draws with a library from our static files (Chart.js,
// cytoscape.js) calls this: the library's script is added once, then every waiting drawing runs.
window.withVendor = (name, src, draw) => {
  if (window[name]) return draw();
  let script = document.querySelector(`script[data-vendor="${name}"]`);
  if (!script) {
    script = document.createElement("script");
    script.src = src;
    script.dataset.vendor = name;
    document.head.appendChild(script);
  }
  script.addEventListener("load", draw);
};
