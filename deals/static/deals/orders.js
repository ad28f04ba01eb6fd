// The order form's line formset: "Add a line" clones the empty form with the next index.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("add-order-line");
  const container = document.getElementById("order-lines");
  const template = document.getElementById("order-line-template");
  if (!button || !container || !template) return;
  const prefix = container.dataset.prefix;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    container.lastElementChild.querySelector("select, input")?.focus();
  });
});

// The product picker: the <datalist> holds only the products matching what was typed,
// fetched from the server, instead of the whole catalogue.
document.addEventListener("DOMContentLoaded", () => {
  const options = document.getElementById("product-options");
  if (!options) return;
  let timer = null;
  let last = "";
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.getAttribute("list") !== "product-options") return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = field.value.trim();
      if (query === last) return;
      last = query;
      const url = `${options.dataset.url}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
      if (response.ok && last === query) options.innerHTML = await response.text();
    }, 200);
  });
});
