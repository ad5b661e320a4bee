// Starts Django's OpenLayers map widget (gis/js/OLMapWidget.js) for every offline map on the
// page, from the options its template leaves as JSON: the CSP refuses the inline script
// Django's own template uses. The base layer is the portal maps' (MAP_TILE_URL, its labels
// overlay and attribution); without it, or where its tiles fail, a plain light background.
// Either way a scale bar.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;  // OpenLayers writes attributions as HTML: the setting is plain text
  }

  function tileLayer(urls, tiles, attribution) {
    return new ol.layer.Tile({
      source: new ol.source.XYZ({
        urls: urls,
        maxZoom: tiles.max_zoom,
        attributions: attribution ? escapeHtml(tiles.attribution) : undefined,
        attributionsCollapsible: false,
      }),
    });
  }

  for (const element of document.querySelectorAll('.dj_map_wrapper script[type="application/json"]')) {
    const options = JSON.parse(element.textContent);
    const tiles = options.tiles;
    delete options.tiles;
    if (tiles) {
      const layers = [tileLayer(tiles.urls, tiles, true)];
      if (tiles.labels_urls.length) layers.push(tileLayer(tiles.labels_urls, tiles, false));
      options.base_layer = new ol.layer.Group({ layers: layers });
    } else {
      options.base_layer = new ol.layer.Vector({ source: new ol.source.Vector() });
    }
    document.getElementById(options.map_id).classList.add("offline-map");
    const widget = new MapWidget(options);
    widget.map.addControl(new ol.control.ScaleLine());
    window[options.module] = widget;
  }
});
