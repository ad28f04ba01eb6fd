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

// The running order total: Σ quantity × (unit price, or the product's list price from the
// picker's <option data-price>). Lines whose price is not known yet are left out and counted.
document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("order-lines");
  const output = document.getElementById("order-total");
  const options = document.getElementById("product-options");
  if (!container || !output || !options) return;
  const format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const field = (line, name) => line.querySelector(`[name$="-${name}"]`);
  const listPrices = new Map();  // product code -> list price, remembered as options arrive
  const remember = () => {
    options.querySelectorAll("option[data-price]").forEach((option) => {
      listPrices.set(option.value, Number(option.dataset.price));
    });
  };
  const update = () => {
    remember();
    let total = 0;
    let unpriced = 0;
    container.querySelectorAll(".order-line").forEach((line) => {
      const quantity = Number(field(line, "quantity")?.value || 0);
      if (!quantity) return;
      const typed = field(line, "unit_price")?.value;
      const price = typed ? Number(typed) : listPrices.get(field(line, "product")?.value.trim());
      if (price === undefined || Number.isNaN(price)) unpriced += 1;
      else total += quantity * price;
    });
    output.querySelector("[data-total]").textContent = format.format(total);
    const note = output.querySelector("[data-unpriced]");
    note.hidden = unpriced === 0;
    note.querySelector("[data-count]").textContent = String(unpriced);
  };
  container.addEventListener("input", update);
  container.addEventListener("change", update);
  new MutationObserver(update).observe(options, { childList: true });
  update();
});
