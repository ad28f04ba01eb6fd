// Behaviour for every page. Kept out of the HTML so a strict Content-Security-Policy holds.
document.addEventListener("DOMContentLoaded", () => {
  // Filter forms submit themselves when a select changes, so a rep on a phone needs no extra tap.
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
