/* fieldapp's map page: base map, legend, tiles, clicks, and the page's API. Part of
 * fieldapp (MIT).
 *
 * Records arrive as columnar arrays (FieldMap.setData / setDataJSON) and are drawn on one
 * canvas per kind (fieldmap-points.js), incidents at one place as one marker with a count;
 * popups list them (fieldmap-popups.js); town names come from the gazetteer
 * (fieldmap-towns.js); the view follows the records until the user moves it
 * (fieldmap-view.js). Every piece of record text reaches the page through textContent,
 * never innerHTML, so user text stays text. In the desktop app a QWebChannel object
 * "bridge" carries clicks, "open record" and the user's moves to Python; in a standalone
 * page there is no bridge and those links are left out.
 */
(function () {
  "use strict";

  var kit = window.FieldMapKit;
  var state = kit.state, el = kit.el, t = kit.t, fmt = kit.fmt, digits = kit.digits;
  var escapeText = kit.escapeText;

  // -- base map --------------------------------------------------------------------------

  function addBasemap(map, basemap) {
    map.createPane("land").style.zIndex = 150; // under tiles (200)
    map.createPane("borders").style.zIndex = 350; // over tiles, under records
    map.createPane("towns").style.zIndex = 440; // under the records
    map.createPane("points").style.zIndex = 450;
    map.createPane("labels").style.zIndex = 460;
    map.getPane("borders").style.pointerEvents = "none";
    map.getPane("labels").style.pointerEvents = "none";
    map.getPane("towns").style.pointerEvents = "none";

    state.land = L.geoJSON(basemap.countries, {
      pane: "land",
      interactive: false,
      style: function (f) {
        var syria = f.properties && f.properties.name === "Syria";
        return { stroke: false, fillColor: syria ? "#fbf9f3" : "#efece4", fillOpacity: 1 };
      },
    });
    state.countries = L.geoJSON(basemap.countries, {
      pane: "borders",
      interactive: false,
      style: function () {
        return { color: "#6b6257", weight: 1.4, fill: false, opacity: 0.9 };
      },
    });
    state.admin1 = L.geoJSON(basemap.admin1, {
      pane: "borders",
      interactive: false,
      style: function () {
        return { color: "#8f8576", weight: 1, dashArray: "4 3", fill: false, opacity: 0.9 };
      },
    });
    state.labels = L.layerGroup();
    state.admin1.eachLayer(function (layer) {
      var p = layer.feature.properties;
      var box = el("div", "fm-gov-label");
      box.appendChild(el("span", null, p.name));
      if (p.name_ar) box.appendChild(el("span", "fm-ar", p.name_ar));
      var icon = L.divIcon({ className: "fm-gov-icon", html: box, iconSize: null });
      var at = p.label_point ? L.latLng(p.label_point[1], p.label_point[0])
        : layer.getBounds().getCenter();
      state.labels.addLayer(L.marker(at, { icon: icon, pane: "labels", interactive: false }));
    });
    state.land.addTo(map);
    state.countries.addTo(map);
    state.admin1.addTo(map);
    state.labels.addTo(map);
    state.towns = new kit.TownsLayer(state.config.towns);
    state.towns.addTo(map);
    map.on("zoomend", function () {
      var show = map.getZoom() >= 7;
      map.getPane("labels").style.display = show ? "" : "none";
    });
  }

  // -- records ---------------------------------------------------------------------------

  // which record (if any) is under a map point: incidents are drawn on top
  function recordAt(containerPoint) {
    var group = kit.groupAt(containerPoint);
    if (!group) return null;
    return group.incidents.length ? ["incidents", group.incidents[0]]
      : ["displacements", group.displacements[0]];
  }

  // `fit`: "auto" (default) fits the view to the records unless the user has moved the
  // map, "force" always does (zoom to records), "keep" leaves the view as it is
  function setData(data, fit) {
    state.received = performance.now();
    state.data = data;
    state.map.closePopup();
    state.counts = {
      incidents: data.incidents.n,
      displacements: data.displacements.n,
      missing: data.missing || 0,
    };
    updateLegend(); // first: the fit keeps the records clear of the legend
    kit.view.follow(fit || "auto"); // then fit: the points are drawn once, at the final view
    state.incidents.setPoints(data.incidents);
    state.displacements.setPoints(data.displacements);
    whenPainted();
    return data.incidents.n + data.displacements.n;
  }

  // the view was shown or resized: Leaflet measures its container again, and the view
  // fits the records again unless the user has moved it
  function resized() {
    state.map.invalidateSize(false);
    kit.view.follow("auto");
  }

  function whenPainted() {
    var started = state.received;
    state.painted = 0;
    // the canvas renderer draws in an animation frame; the frame after it is on screen
    L.Util.requestAnimFrame(function () {
      L.Util.requestAnimFrame(function () {
        if (state.received === started) state.painted = performance.now();
      });
    });
  }

  function setDataJSON(text, fit) {
    return setData(JSON.parse(text), fit);
  }

  // -- legend ------------------------------------------------------------------------------

  function updateLegend() {
    var box = state.legend.getContainer();
    if (!box) return;
    box.textContent = "";
    box.appendChild(el("div", "fm-legend-title", t("Incidents") + " (" + fmt(state.counts.incidents) + ")"));
    var shown = state.data ? state.data.type_counts || {} : {};
    state.config.types.forEach(function (name, index) {
      if (state.data && !shown[name]) return;
      var line = el("div", "fm-legend-row");
      var dot = el("span", "fm-dot");
      dot.style.background = kit.typeColour(index);
      line.appendChild(dot);
      line.appendChild(el("span", null, t(name) + (shown[name] ? " (" + fmt(shown[name]) + ")" : "")));
      box.appendChild(line);
    });
    box.appendChild(el("div", "fm-legend-title", t("Displacement") + " (" + fmt(state.counts.displacements) + ")"));
    state.config.directions.forEach(function (name, index) {
      var line = el("div", "fm-legend-row");
      var ring = el("span", "fm-ring");
      ring.style.borderColor = kit.directionColour(index);
      line.appendChild(ring);
      line.appendChild(el("span", null, t(name)));
      box.appendChild(line);
    });
    box.appendChild(el("div", "fm-legend-note", t("Circle area: people")));
    if (state.counts.missing) {
      box.appendChild(el("div", "fm-legend-note", t("Not on the map (no coordinates)") + ": " + fmt(state.counts.missing)));
    }
  }

  function addLegend(map) {
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "fm-legend leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    state.legend = new Legend();
    state.legend.addTo(map);
  }

  // -- tiles -----------------------------------------------------------------------------

  function setTiles(cfg) {
    if (state.tiles) {
      state.control.removeLayer(state.tiles);
      state.map.removeLayer(state.tiles);
      state.tiles = null;
    }
    if (!cfg) return;
    var b = cfg.bounds;
    var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
    state.tiles = L.tileLayer(cfg.url, {
      minZoom: 0,
      maxZoom: 19,
      minNativeZoom: cfg.minzoom,
      maxNativeZoom: cfg.maxzoom,
      bounds: bounds,
      // attribution text is escaped: MBTiles metadata may carry HTML
      attribution: escapeText(cfg.attribution || ""),
      errorTileUrl: "",
    });
    state.tiles.on("tileerror", function () {});
    state.tiles.addTo(state.map);
    state.control.addBaseLayer(state.tiles, escapeText(t("Tile archive") + ": " + cfg.name));
    // the vector land stays under the tiles: it shows wherever the archive has none
    if (cfg.fit) state.map.fitBounds(bounds, { animate: false, maxZoom: cfg.maxzoom });
  }

  // -- interaction -----------------------------------------------------------------------

  function onClick(ev) {
    var group = kit.groupAt(ev.containerPoint);
    if (group) {
      kit.openGroup(group);
      return;
    }
    var lat = Math.round(ev.latlng.lat * 1e5) / 1e5;
    var lon = Math.round(ev.latlng.lng * 1e5) / 1e5;
    state.clicks.push([lat, lon]);
    if (!state.bridge) return;
    state.pick.setLatLng([lat, lon]).addTo(state.map);
    state.bridge.mapClicked(lat, lon);
  }

  function flyTo(lat, lon, zoom, label) {
    var target = L.latLng(lat, lon);
    state.found.setLatLng(target).addTo(state.map);
    if (label) {
      state.found.bindTooltip(el("span", null, label), { permanent: true, direction: "top", offset: [0, -8] });
    } else {
      state.found.unbindTooltip();
    }
    state.map.flyTo(target, zoom || 11, { duration: state.config.animate === false ? 0 : 0.8 });
  }

  function fading(layer) {
    var tiles = layer.getContainer() ? layer.getContainer().querySelectorAll(".leaflet-tile-loaded") : [];
    for (var i = 0; i < tiles.length; i++) {
      var o = tiles[i].style.opacity;
      if (o !== "" && Number(o) < 1) return true;
    }
    return false;
  }

  function stats() {
    var boundaries = 0;
    state.admin1.eachLayer(function (layer) {
      if (layer._path && layer._path.getAttribute("d")) boundaries++;
    });
    var countries = 0;
    state.countries.eachLayer(function (layer) {
      if (layer._path && layer._path.getAttribute("d")) countries++;
    });
    var inc = state.map.hasLayer(state.incidents) ? state.incidents.n : 0;
    var dis = state.map.hasLayer(state.displacements) ? state.displacements.n : 0;
    return {
      drawn: state.incidents.drawn + state.displacements.drawn,
      draw_ms: state.incidents.drawMs,
      leaflet: L.version,
      incidents: inc,
      displacements: dis,
      points: inc + dis,
      admin1_drawn: boundaries,
      countries_drawn: countries,
      tiles: state.tiles ? state.tiles._url : null,
      painted_ms: state.painted ? state.painted - state.received : null,
      zoom: state.map.getZoom(),
      center: [state.map.getCenter().lat, state.map.getCenter().lng],
      bounds: state.map.getBounds().toBBoxString().split(",").map(Number),
      size: [state.map.getSize().x, state.map.getSize().y],
      user_moved: state.userMoved,
      markers: state.incidents.markers + state.displacements.markers,
      clusters: state.incidents.multi || 0,
      towns: state.map.hasLayer(state.towns) ? state.towns.names() : [],
    };
  }

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || !window.qt || !window.qt.webChannelTransport) {
      state.ready = true;
      return;
    }
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      state.bridge = channel.objects.bridge || null;
      state.ready = true;
      if (state.bridge) state.bridge.pageReady();
    });
  }

  // The page follows the interface: its language, its direction (popups, legend and layer
  // list run right to left in Arabic), Leaflet's own button titles and the scale's units.
  function localise(map, config) {
    var root = document.documentElement;
    if (config.lang) root.lang = config.lang;
    if (config.dir) root.dir = config.dir;
    if (map.zoomControl) {
      var buttons = [[map.zoomControl._zoomInButton, "Zoom in"], [map.zoomControl._zoomOutButton, "Zoom out"]];
      buttons.forEach(function (pair) {
        if (!pair[0]) return;
        pair[0].title = t(pair[1]);
        pair[0].setAttribute("aria-label", t(pair[1]));
      });
    }
  }

  function addScale(map) {
    var scale = L.control.scale({ imperial: false });
    scale._updateScale = function (node, text, ratio) {
      node.style.width = Math.round(this.options.maxWidth * ratio) + "px";
      var parts = String(text).split(" ");
      node.textContent = digits(parts[0]) + " " + t(parts[1] || "");
    };
    scale.addTo(map);
  }

  function init(map, config, data) {
    state.map = map;
    state.config = config;
    localise(map, config);
    if (config.image) map.getContainer().classList.add("fm-image");
    map.attributionControl.setPrefix(false);
    if (config.attribution) map.attributionControl.addAttribution(escapeText(config.attribution));
    addBasemap(map, config.basemap);
    state.displacements = new kit.PointsLayer("displacements");
    state.incidents = new kit.PointsLayer("incidents");
    state.displacements.addTo(map);
    state.incidents.addTo(map);
    var lastMove = 0;
    map.on("mousemove", function (ev) {
      var now = Date.now();
      if (now - lastMove < 60) return;
      lastMove = now;
      var p = ev.containerPoint;
      var over = state.incidents.hit(p).length || state.displacements.hit(p, true).length;
      map.getContainer().style.cursor = over ? "pointer" : "";
    });
    var overlays = {};
    overlays[escapeText(t("Incidents"))] = state.incidents;
    overlays[escapeText(t("Displacement"))] = state.displacements;
    overlays[escapeText(t("Governorates"))] = state.admin1;
    overlays[escapeText(t("Governorate names"))] = state.labels;
    overlays[escapeText(t("Town names"))] = state.towns;
    var bases = {};
    bases[escapeText(t("Offline boundaries"))] = L.layerGroup();
    bases[escapeText(t("Offline boundaries"))].addTo(map);
    state.control = L.control.layers(bases, overlays, { collapsed: config.collapsed_layers !== false });
    state.control.addTo(map);
    kit.view.init(map);
    addScale(map);
    addLegend(map);
    state.pick = L.circleMarker([0, 0], {
      radius: 8, color: "#000", weight: 2, fill: false, interactive: false, pane: "labels",
    });
    state.found = L.circleMarker([0, 0], {
      radius: 10, color: "#0050b5", weight: 3, fill: false, interactive: false, pane: "labels",
    });
    map.on("click", onClick);
    map.fire("zoomend");
    updateLegend();
    if (config.tiles) setTiles(config.tiles);
    if (data) setData(data);
    else {
      kit.view.fitRecords(); // no records yet: Syria
      whenPainted();
    }
    connectBridge();
  }

  window.FieldMap = {
    init: init,
    setData: setData,
    setDataJSON: setDataJSON,
    setTiles: setTiles,
    flyTo: flyTo,
    resized: resized,
    zoomToRecords: function () { return kit.view.zoomToRecords(); },
    stats: stats,
    openPopup: kit.openPopup,
    openGroup: kit.openGroup,
    groupAt: kit.groupAt,
    recordAt: recordAt,
    state: state,
    isReady: function () { return !!state.ready; },
    painted: function () { return state.painted; },
    idle: function () {
      var tilesBusy = state.tiles && (state.tiles.isLoading() || fading(state.tiles));
      return state.painted > 0 && !tilesBusy && !state.map._animatingZoom;
    },
  };
})();
