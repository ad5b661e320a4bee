// Charts drawn by Apache ECharts (static/vendor/echarts) from data the page carries as JSON.
//
// A chart is an element <div class="chart" data-chart="ID" role="img" aria-label="…"> beside a
// <script type="application/json" id="ID"> written by Django's json_script (data, not code, so
// the Content-Security-Policy allows it), and the same figures as a table in the page. The JSON:
//   {"kind": "line" | "bar", "categories": ["2026-01", …], "unit": "t" (the y axis's name, in the
//    reader's language as the server names it: 吨, or 万吨 for the city's totals in Chinese),
//    "series": [{"name": "…", "values": [1.5, null, …]}, …],
//    "mark": "2026-03"}          (optional: a category to mark, e.g. a flagged month)
// Readable without colour: each line has its own symbol and dash, bars their own pattern
// (ECharts' decals), and ECharts' own aria description is on. Tooltips are drawn on the canvas,
// not as HTML with inline styles, which the policy refuses. Charts added later by htmx are drawn
// when they arrive.
"use strict";

(() => {
  const SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin"];
  const DASHES = ["solid", "dashed", "dotted"];

  function chartOptions(spec) {
    const marked = spec.mark ? spec.categories.indexOf(spec.mark) : -1;
    const series = spec.series.map((one, index) => {
      const options = {
        name: one.name,
        type: spec.kind === "bar" ? "bar" : "line",
        data: one.values,
        connectNulls: false,
      };
      if (options.type === "line") {
        options.symbol = SYMBOLS[index % SYMBOLS.length];
        options.symbolSize = 7;
        options.lineStyle = { type: DASHES[index % DASHES.length], width: 2 };
      }
      if (index === 0 && marked >= 0) {
        options.markLine = {
          symbol: "none",
          label: { formatter: spec.mark },
          lineStyle: { type: "solid", width: 2, color: "#b42318" },
          data: [{ xAxis: marked }],
        };
      }
      return options;
    });
    return {
      animation: false,
      aria: { enabled: true, decal: { show: spec.kind === "bar" } },
      grid: { left: 64, right: 24, top: 48, bottom: 40 },
      legend: { top: 0, type: "scroll" },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", name: spec.unit || "" },
      series,
    };
  }

  function draw(element) {
    if (element.dataset.drawn === "true") return;
    const source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const locale = document.documentElement.lang.startsWith("zh") ? "ZH" : "EN";
    const chart = echarts.init(element, null, { renderer: "canvas", locale });
    chart.setOption(chartOptions(spec));
    element.dataset.drawn = "true";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawAll(root) {
    for (const element of root.querySelectorAll("[data-chart]")) draw(element);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSwap", (event) => drawAll(event.target));
})();
