// Starts Django's OpenLayers map widget (gis/js/OLMapWidget.js) for every offline map on the
// page, from the options its template leaves as JSON: the CSP refuses the inline script
// Django's own template uses. Tiles come from MAP_TILE_URL only; without it, a plain background.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll('.dj_map_wrapper script[type="application/json"]')) {
    const options = JSON.parse(element.textContent);
    options.base_layer = options.tile_url
      ? new ol.layer.Tile({ source: new ol.source.XYZ({ url: options.tile_url }) })
      : new ol.layer.Vector({ source: new ol.source.Vector() });
    delete options.tile_url;
    window[options.module] = new MapWidget(options);
  }
});
