/* Shared map helpers for the portal (Leaflet). The base layer is MAP_TILE_URL's (the page's
   "map-tiles" JSON); without it, or where its tiles fail, the map is a light sheet with the
   parks' outlines, their names and a scale bar. Park outlines sit in their own pane above the
   enterprises, park names in one under them, placed where no enterprise covers them
   (declutterLabels); every popup and label is built from text nodes, never from HTML. */
"use strict";
window.WasteWatchMap = (function () {
  const tilesElement = document.getElementById("map-tiles");
  const tiles = tilesElement ? JSON.parse(tilesElement.textContent) : null;
  const english = (document.documentElement.lang || "").toLowerCase().startsWith("en");
  // Below this zoom enterprises close together are grouped; a park's page is always deeper.
  const CLUSTER_UNTIL_ZOOM = 13;

  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function node(tag, className, text) {
    const item = document.createElement(tag);
    if (className) item.className = className;
    if (text != null) item.textContent = String(text);
    return item;
  }

  function format(template, count) {
    return template.replace("{count}", count.toLocaleString(document.documentElement.lang));
  }

  function create(element) {
    const map = L.map(element, { zoomSnap: 0.25, maxZoom: tiles ? tiles.max_zoom : 18 });
    L.control.scale({ imperial: false }).addTo(map);
    if (tiles) {
      // The attribution control writes HTML: the setting is plain text.
      const base = L.tileLayer(tiles.url, {
        subdomains: tiles.subdomains,
        maxZoom: tiles.max_zoom,
        attribution: escapeHtml(tiles.attribution),
      }).addTo(map);
      if (tiles.labels_url) {
        L.tileLayer(tiles.labels_url, { subdomains: tiles.subdomains, maxZoom: tiles.max_zoom }).addTo(map);
      }
      base.once("tileerror", function () {
        element.classList.add("tiles-failed");
        map.attributionControl.addAttribution(escapeHtml(element.dataset.labelTilesFailed));
      });
    }
    map.createPane("parks");  // above the enterprises (markerPane): outlines never hide under dots
    map.createPane("parkLabels");  // park names under the enterprises, which they must not hide
    return map;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.json();
  }

  function parkName(p) {
    return english && p.name_en ? p.name_en : p.name;
  }

  function parkHref(element, code) {
    return element.dataset.parkUrl.replace("PARK_CODE", encodeURIComponent(code));
  }

  /* Parks: a light fill under the enterprises (a click on it opens the park's name and a link
     to its page), the outline above them (it takes no click: the enterprises under it stay
     clickable), the name at its centre as a link to the park's page (keyboard reachable). */
  function parkLayer(map, features, element, options) {
    const collection = { type: "FeatureCollection", features: features };
    const linked = !(options && options.link === false);
    L.geoJSON(collection, {
      style: { stroke: false, fillColor: "#1d6f42", fillOpacity: 0.1, className: "park-area" },
      interactive: linked,
      onEachFeature: function (feature, item) {
        if (!linked) return;
        const box = node("div", "park-popup");
        const link = node("a", null, element.dataset.labelOpenPark);
        link.href = parkHref(element, feature.id);
        box.append(node("strong", null, parkName(feature.properties)), node("br"), link);
        item.bindPopup(box);
      },
    }).addTo(map);
    map.on("zoomend", function () { declutterLabels(map); });
    return L.geoJSON(collection, {
      pane: "parks",
      interactive: false,
      style: { color: "#1d6f42", weight: 2.5, fill: false, className: "park-boundary" },
      onEachFeature: function (feature, item) {
        const name = parkName(feature.properties);
        labelled(map).push(item);
        item.on("add", function () { item.getElement().dataset.park = feature.id; });
        if (!linked) {
          item.bindTooltip(node("span", null, name), { permanent: true, direction: "center", className: "park-label", pane: "parkLabels" });
          return;
        }
        const link = node("a", null, name);
        link.href = parkHref(element, feature.id);
        link.title = element.dataset.labelOpenPark;
        item.bindTooltip(link, { permanent: true, direction: "center", className: "park-label", pane: "parkLabels", interactive: true });
      },
    }).addTo(map);
  }

  function labelled(map) {
    if (!map.parkOutlines) map.parkOutlines = [];
    return map.parkOutlines;
  }

  function overlap(a, b) {
    return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  }

  /* Where a park's name may go, best first, as the label's centre in the map's pixels: on the
     park, then under, over, right and left of its outline, then at its corners; each just off
     the outline, then further out (a cluster is 40 pixels across). */
  function labelSpots(map, outline, width, height) {
    const bounds = outline.getBounds();
    const ne = map.latLngToContainerPoint(bounds.getNorthEast());
    const sw = map.latLngToContainerPoint(bounds.getSouthWest());
    const centre = map.latLngToContainerPoint(outline.getCenter());
    const spots = [centre];
    for (const gap of [4, 28, 52]) {
      const below = sw.y + gap + height / 2, above = ne.y - gap - height / 2;
      const right = ne.x + gap + width / 2, left = sw.x - gap - width / 2;
      spots.push(
        L.point(centre.x, below), L.point(centre.x, above), L.point(right, centre.y),
        L.point(left, centre.y), L.point(right, below), L.point(left, below),
        L.point(right, above), L.point(left, above));
    }
    return spots;
  }

  /* Park names never sit on enterprises or clusters, nor on one another: each goes to the first
     of its spots (labelSpots) clear of the markers, the other names and the map's edge; a name
     with no such spot stays on its park if no other name is there (the markers, drawn above
     it, keep priority), else waits, hidden, for the reader to zoom in. The outline stays, and
     the park list and the table under the map name every park. */
  function declutterLabels(map) {
    const size = map.getSize();
    const frame = { left: 0, top: 0, right: size.x, bottom: size.y };
    const obstacles = [];
    for (const icon of map.getPane("markerPane").querySelectorAll(".leaflet-marker-icon")) {
      if (icon.style.opacity === "0") continue;  // a marker hidden inside its cluster
      // Where Leaflet puts the icon, not where a cluster animation has it at this moment.
      const at = map.layerPointToContainerPoint(L.DomUtil.getPosition(icon));
      const left = at.x + (parseFloat(icon.style.marginLeft) || 0);
      const top = at.y + (parseFloat(icon.style.marginTop) || 0);
      const box = { left: left, top: top, right: left + icon.offsetWidth, bottom: top + icon.offsetHeight };
      const badge = icon.querySelector(".cluster-badge");  // it overhangs the cluster's corner
      if (badge) {
        box.top = Math.min(box.top, top + badge.offsetTop);
        box.right = Math.max(box.right, left + badge.offsetLeft + badge.offsetWidth);
      }
      obstacles.push(box);
    }
    const fits = function (spot, label, avoid) {
      const box = { left: spot.x - label.width / 2, right: spot.x + label.width / 2,
        top: spot.y - label.height / 2, bottom: spot.y + label.height / 2 };
      const inside = box.left >= frame.left && box.right <= frame.right
        && box.top >= frame.top && box.bottom <= frame.bottom;
      return inside && !avoid.some(function (other) { return overlap(box, other); }) ? box : null;
    };
    const labels = [];
    for (const outline of labelled(map)) {
      const tooltip = outline.getTooltip();
      const element = tooltip && tooltip.getElement();
      if (!element || !map.hasLayer(outline)) continue;
      element.classList.remove("park-label-hidden");
      const label = { tooltip: tooltip, element: element, width: element.offsetWidth, height: element.offsetHeight };
      label.spots = labelSpots(map, outline, label.width, label.height);
      label.free = label.spots.filter(function (spot) { return fits(spot, label, obstacles); }).length;
      labels.push(label);
    }
    // The names with the fewest free spots choose first, those with none last (the sort keeps
    // the order otherwise).
    const rank = function (label) { return label.free || Number.MAX_SAFE_INTEGER; };
    labels.sort(function (a, b) { return rank(a) - rank(b); });
    const shown = [];
    for (const label of labels) {
      const avoid = obstacles.concat(shown);
      let spot = label.spots.find(function (candidate) { return fits(candidate, label, avoid); });
      let box = spot ? fits(spot, label, avoid) : null;
      if (!spot) {
        spot = label.spots[0];  // on its park, under the markers
        box = fits(spot, label, shown);
      }
      label.tooltip.setLatLng(map.containerPointToLatLng(spot));
      label.element.dataset.placed = spot === label.spots[0] ? "on-park" : "beside-park";
      if (box) shown.push(box);
      else label.element.classList.add("park-label-hidden");
    }
  }

  function flagLevel(p) {
    if (p.high_flags) return "high";
    return p.open_flags ? "open" : "none";
  }

  /* "3 open flags (of which high severity: 1)", in the reader's language and punctuation. */
  function flagText(element, p, withCount) {
    if (!p.open_flags) return element.dataset.labelNoFlags;
    let text = withCount === false ? p.open_flags.toLocaleString(document.documentElement.lang)
      : format(element.dataset.labelOpenCount, p.open_flags);
    if (p.high_flags) text += format(element.dataset.labelHighCount, p.high_flags);
    return text;
  }

  function popup(element, feature, item) {
    const p = feature.properties;
    const box = node("div", "enterprise-popup");
    const link = node("a", null, p.name);
    link.href = p.url;
    const title = node("strong");
    title.append(link);
    box.append(title);
    const facts = node("dl");
    function fact(term, value, className) {
      facts.append(node("dt", null, term), node("dd", className, value));
    }
    fact(element.dataset.labelCreditCode, feature.id, "code");
    if (p.park) fact(element.dataset.labelPark, english && p.park_name_en ? p.park_name_en : p.park_name);
    fact(element.dataset.labelIndustry, p.industry_code);
    fact(element.dataset.labelOpenFlags, flagText(element, p, false), "flags-" + flagLevel(p));
    // The last ledger month costs a ledger read: fetched for this enterprise only, on opening.
    const ledger = node("dd", "last-ledger", "…");
    facts.append(node("dt", null, element.dataset.labelLastLedger), ledger);
    fetchJson(element.dataset.summaryUrl.replace("CREDIT_CODE", encodeURIComponent(feature.id)))
      .then(function (summary) {
        ledger.textContent = summary.last_ledger_month_label || element.dataset.labelNoLedger;
        ledger.dataset.month = summary.last_ledger_month || "";
        if (item.isPopupOpen()) item.getPopup().update();
      })
      .catch(function () { ledger.textContent = ""; });
    box.append(facts);
    if (p.is_key_unit) box.append(node("p", null, element.dataset.labelKeyUnit));
    if (p.outside_park_boundary) box.append(node("p", "issue", element.dataset.labelOutside));
    return box;
  }

  // A div icon named for assistive technology (markers are focusable buttons in Leaflet).
  const LabelledIcon = L.DivIcon.extend({
    createIcon: function (old) {
      const div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      div.title = this.options.label;
      return div;
    },
  });

  const MARKER_SIZE = { none: 14, open: 18, high: 20 };

  function marker(element, feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const level = flagLevel(p);
    let className = "enterprise-marker enterprise-point flags-" + level;
    if (p.outside_park_boundary) className += " data-issue";
    if (p.is_key_unit) className += " key-unit";
    const symbol = { none: "", open: "!", high: "!!" }[level];
    const size = MARKER_SIZE[level] + (p.is_key_unit ? 4 : 0);
    const item = L.marker([lat, lon], {
      icon: new LabelledIcon({
        className: className,
        html: symbol ? "<span>" + symbol + "</span>" : "",
        iconSize: [size, size],
        label: p.name + element.dataset.labelSeparator + flagText(element, p),
      }),
      riseOnHover: true,
    });
    item.flagLevel = level;
    // Built on the first opening (it fetches the last ledger month), then kept.
    item.bindPopup("");
    item.once("popupopen", function () { item.setPopupContent(popup(element, feature, item)); });
    item.on("add", function () { item.getElement().dataset.enterprise = feature.id; });
    return item;
  }

  function clusterIcon(element, cluster) {
    const children = cluster.getAllChildMarkers();
    const flagged = children.filter(function (m) { return m.flagLevel !== "none"; }).length;
    const high = children.filter(function (m) { return m.flagLevel === "high"; }).length;
    const level = high ? "high" : flagged ? "open" : "none";
    let label = format(element.dataset.labelCluster, children.length);
    if (flagged) label += element.dataset.labelSeparator + format(element.dataset.labelClusterFlagged, flagged);
    if (high) label += element.dataset.labelSeparator + format(element.dataset.labelClusterHigh, high);
    let html = "<span>" + children.length + "</span>";
    if (flagged) html += '<b class="cluster-badge flags-' + level + '">' + flagged + "</b>";
    return new LabelledIcon({ className: "marker-cluster cluster-" + level, html: html, iconSize: [40, 40], label: label });
  }

  /* Enterprises, marked by their open flags; grouped at city zoom when `cluster`. */
  function enterpriseLayer(map, features, element, options) {
    const markers = features.map(function (feature) { return marker(element, feature); });
    let layer;
    if (options && options.cluster) {
      layer = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        disableClusteringAtZoom: CLUSTER_UNTIL_ZOOM,
        iconCreateFunction: function (cluster) { return clusterIcon(element, cluster); },
      });
      layer.addLayers(markers);
      // Clusters settle after the zoom: park names are placed again around them.
      layer.on("animationend", function () { declutterLabels(map); });
    } else {
      layer = L.layerGroup(markers);
    }
    return layer.addTo(map);
  }

  // The enterprise layer (/map/enterprises/) says once what every feature would repeat: its
  // park's names and the enterprise page's address. Put them back on each feature.
  function enterpriseFeatures(collection) {
    return collection.features.map(function (feature) {
      const p = feature.properties;
      const park = collection.parks[p.park] || { name: "", name_en: "" };
      p.park_name = park.name;
      p.park_name_en = park.name_en;
      p.url = collection.enterprise_url.replace("CREDIT_CODE", encodeURIComponent(feature.id));
      return feature;
    });
  }

  function showError(element, error) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = String(error);
    element.after(p);
  }

  return {
    create, fetchJson, parkLayer, enterpriseLayer, enterpriseFeatures, declutterLabels, parkName,
    node, showError,
  };
})();
