/* Shared map helpers for the portal (Leaflet). Boundaries and points come from the API and
   draw whether or not a tile server is configured or reachable. */
"use strict";
window.WasteWatchMap = (function () {
  function create(element) {
    const map = L.map(element, { zoomSnap: 0.25 });
    const tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.json();
  }

  /* A paginated FeatureCollection, all pages. */
  async function fetchFeatures(url) {
    const features = [];
    while (url) {
      const page = await fetchJson(url);
      features.push(...page.features);
      url = page.next || null;
    }
    return features;
  }

  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function parkLayer(map, features, parkUrl) {
    const layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: { color: "#1d6f42", weight: 2, fillOpacity: 0.12, className: "park-boundary" },
      onEachFeature: function (feature, item) {
        const p = feature.properties;
        let html = "<strong>" + escapeHtml(p.name) + "</strong>";
        if (p.name_en) html += "<br><small>" + escapeHtml(p.name_en) + "</small>";
        if (parkUrl) html += '<br><a href="' + parkUrl.replace("PARK_CODE", encodeURIComponent(feature.id)) + '">' + escapeHtml(feature.id) + "</a>";
        item.bindPopup(html);
        item.on("add", function () { item.getElement().dataset.park = feature.id; });
      },
    }).addTo(map);
    return layer;
  }

  function enterpriseLayer(map, features, element) {
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      pointToLayer: function (feature, latlng) {
        const issue = feature.properties.outside_park_boundary;
        return L.circleMarker(latlng, {
          radius: feature.properties.is_key_unit ? 7 : 5,
          color: issue ? "#b42318" : "#1849a9", weight: 2, fillOpacity: 0.8,
          className: issue ? "enterprise-point data-issue" : "enterprise-point",
        });
      },
      onEachFeature: function (feature, item) {
        const p = feature.properties;
        let html = "<strong>" + escapeHtml(p.name) + "</strong><br><code>" + escapeHtml(feature.id) + "</code>";
        if (element.dataset.enterpriseUrl) html = '<a href="' + element.dataset.enterpriseUrl.replace("CREDIT_CODE", encodeURIComponent(feature.id)) + '">' + html + "</a>";
        if (p.is_key_unit) html += "<br>" + escapeHtml(element.dataset.labelKeyUnit);
        if (p.outside_park_boundary) html += '<br><span class="issue">' + escapeHtml(element.dataset.labelOutside) + "</span>";
        item.bindPopup(html);
        item.on("add", function () { item.getElement().dataset.enterprise = feature.id; });
      },
    }).addTo(map);
  }

  function showError(element, error) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = String(error);
    element.after(p);
  }

  return { create, fetchJson, fetchFeatures, parkLayer, enterpriseLayer, showError };
})();
