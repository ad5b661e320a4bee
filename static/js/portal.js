// Behaviour every portal page shares, kept out of the HTML so that the Content-Security-Policy
// can refuse inline scripts and handlers.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A <select data-autosubmit> sends its form as soon as a choice is made (the language switch).
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
});
