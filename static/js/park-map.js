/* A park's page: its labelled boundary and its enterprises, marked by their open flags (the
   page's table lists them). */
"use strict";
(async function () {
  const element = document.getElementById("map");
  const M = window.WasteWatchMap;
  const map = M.create(element);
  try {
    const park = await M.fetchJson(element.dataset.parkApiUrl);
    const feature = { type: "Feature", id: park.code, geometry: park.boundary, properties: park };
    const layer = M.parkLayer(map, [feature], element, { link: false });
    map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    M.declutterLabels(map);
    const enterprises = M.enterpriseFeatures(await M.fetchJson(element.dataset.enterprisesUrl));
    M.enterpriseLayer(map, enterprises, element, { cluster: false });
    element.dataset.loaded = "true";
  } catch (error) {
    M.showError(element, error);
  }
})();
