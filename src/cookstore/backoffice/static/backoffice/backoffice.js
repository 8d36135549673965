// The back office's few behaviours, for pages that opt in with data attributes (no inline scripts: CSP).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A print button prints the page.
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  // Barcode scanners end with Enter: in a batch of tracking numbers, Enter moves to the next parcel instead of
  // sending the form half-filled; after the last one it goes to the button.
  const fields = [...document.querySelectorAll("input.tracking-number")];
  fields.forEach((field, index) => {
    field.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = fields[index + 1] || field.form.querySelector("[type=submit]");
      next.focus();
    });
  });
  const firstEmpty = fields.find((field) => field.getAttribute("aria-invalid") === "true") || fields.find((field) => !field.value);
  if (firstEmpty) firstEmpty.focus();
});
