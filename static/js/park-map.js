/* A park's page: its boundary and its enterprises. */
"use strict";
(async function () {
  const element = document.getElementById("map");
  const M = window.WasteWatchMap;
  const map = M.create(element);
  try {
    const park = await M.fetchJson(element.dataset.parkUrl);
    const feature = { type: "Feature", id: park.code, geometry: park.boundary, properties: park };
    const layer = M.parkLayer(map, [feature], null);
    map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    M.enterpriseLayer(map, await M.fetchFeatures(element.dataset.enterprisesUrl), element);
    element.dataset.loaded = "true";
  } catch (error) {
    M.showError(element, error);
  }
})();
