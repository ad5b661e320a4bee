/* City map: every visible park boundary and enterprise. */
"use strict";
(async function () {
  const element = document.getElementById("map");
  const M = window.WasteWatchMap;
  const map = M.create(element);
  map.setView([40.8, 110.1], 8);
  try {
    const [parks, enterprises] = await Promise.all([
      M.fetchJson(element.dataset.parksUrl),
      M.fetchFeatures(element.dataset.enterprisesUrl),
    ]);
    const layer = M.parkLayer(map, parks.features, element.dataset.parkUrl);
    M.enterpriseLayer(map, enterprises, element);
    if (parks.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    element.dataset.loaded = "true";
  } catch (error) {
    M.showError(element, error);
  }
})();
