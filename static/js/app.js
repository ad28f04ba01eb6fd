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

// A link to "#tab-<key>" on a page with tabs opens that tab (after logging a visit the account
// page opens on its visits), and "#tab-<key>/<id>" then scrolls to the element <id> once the
// tab's content has arrived (htmx loads it when the tab is shown).
document.addEventListener("DOMContentLoaded", () => {
  const [tabId, targetId] = window.location.hash.slice(1).split("/");
  const tab = tabId && document.getElementById(tabId);
  if (!(tab instanceof HTMLElement) || !tab.dataset.bsToggle || !window.bootstrap) return;
  if (targetId) {
    document.body.addEventListener("htmx:afterSettle", function reveal() {
      const target = document.getElementById(targetId);
      if (!target) return;
      document.body.removeEventListener("htmx:afterSettle", reveal);
      target.classList.add("border-primary");
      target.scrollIntoView({ block: "center" });
    });
  }
  window.bootstrap.Tab.getOrCreateInstance(tab).show();
});
