// A report being built: its step and progress bar follow the worker, without reloading the
// page; once it is done (or failed) the page is loaded once more to show the files.
(function () {
  "use strict";
  const box = document.getElementById("report-build");
  if (!box || box.dataset.finished) return;
  const url = box.dataset.statusUrl;
  const bar = box.querySelector("progress");
  const status = box.querySelector("[data-field=status]");
  const step = box.querySelector("[data-field=step]");

  async function poll() {
    let state;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      state = await response.json();
    } catch (error) {
      window.setTimeout(poll, 5000); // the server is busy or restarting: try again later
      return;
    }
    if (state.finished) {
      window.location.reload();
      return;
    }
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    status.textContent = state.status_display;
    step.textContent = state.step_display ? ": " + state.step_display : "";
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
