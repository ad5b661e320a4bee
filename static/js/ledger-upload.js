// The ledger upload form takes a file dropped anywhere on it, as if chosen with its button.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const zone of document.querySelectorAll("[data-drop-zone]")) {
    const input = zone.querySelector("input[type=file]");
    if (!input) continue;
    for (const type of ["dragenter", "dragover"]) {
      zone.addEventListener(type, (event) => {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    }
    for (const type of ["dragleave", "drop"]) {
      zone.addEventListener(type, () => zone.classList.remove("dragging"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
});
