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
