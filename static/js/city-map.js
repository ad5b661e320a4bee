/* City map: every visible park and enterprise, the enterprises grouped at city zoom; the table
   under the map lists the same enterprises (the map's text alternative). */
"use strict";
(async function () {
  const element = document.getElementById("map");
  const M = window.WasteWatchMap;
  const map = M.create(element);
  map.setView([40.66, 109.84], 9);

  function cell(row, content, className) {
    const td = M.node("td", className);
    if (content instanceof Node) td.append(content);
    else td.textContent = content;
    row.append(td);
  }

  function fillTable(features) {
    const table = document.getElementById("map-table");
    const body = table.tBodies[0];
    const ordered = features.slice().sort(function (a, b) {
      const p = a.properties, q = b.properties;
      return q.high_flags - p.high_flags || q.open_flags - p.open_flags || p.name.localeCompare(q.name);
    });
    for (const feature of ordered) {
      const p = feature.properties;
      const row = M.node("tr");
      const link = M.node("a", null, p.name);
      link.href = p.url;
      cell(row, link);
      cell(row, p.park ? M.parkName({ name: p.park_name, name_en: p.park_name_en }) : "");
      cell(row, p.industry_code);
      cell(row, p.open_flags ? p.open_flags.toLocaleString(document.documentElement.lang) : "", "num");
      cell(row, p.high_flags ? p.high_flags.toLocaleString(document.documentElement.lang) : "", "num");
      cell(row, p.outside_park_boundary ? element.dataset.labelOutside : "", p.outside_park_boundary ? "issue" : "");
      body.append(row);
    }
    const flagged = features.filter(function (f) { return f.properties.open_flags; }).length;
    return table.dataset.summary
      .replace("{enterprises}", features.length.toLocaleString(document.documentElement.lang))
      .replace("{flagged}", flagged.toLocaleString(document.documentElement.lang));
  }

  try {
    const [parks, layerData] = await Promise.all([
      M.fetchJson(element.dataset.parksUrl),
      M.fetchJson(element.dataset.enterprisesUrl),
    ]);
    const enterprises = M.enterpriseFeatures(layerData);
    const layer = M.parkLayer(map, parks.features, element);
    // The view is set before the enterprises are grouped for it, so that the clusters are
    // drawn where they stay and the park names are placed around them at once.
    const bounds = layer.getBounds();
    for (const feature of enterprises) {
      const [lon, lat] = feature.geometry.coordinates;
      bounds.extend([lat, lon]);
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], animate: false });
    M.enterpriseLayer(map, enterprises, element, { cluster: true });
    M.declutterLabels(map);
    const summary = fillTable(enterprises).replace(
      "{parks}", parks.features.length.toLocaleString(document.documentElement.lang));
    document.getElementById("map-summary").textContent = summary;
    element.dataset.loaded = "true";
  } catch (error) {
    M.showError(element, error);
  }
})();
