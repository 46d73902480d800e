/* fieldapp's map page: layers, legend, popups, clicks. Part of fieldapp (MIT).
 *
 * Records arrive as columnar arrays (FieldMap.setData / setDataJSON) and are drawn as
 * circle markers on one shared canvas: no DOM element per record. Every piece of record
 * text reaches the page through textContent, never innerHTML, so user text stays text.
 * In the desktop app a QWebChannel object "bridge" carries clicks and "open record" to
 * Python; in a standalone page there is no bridge and those links are left out.
 */
(function () {
  "use strict";

  var state = {
    map: null,
    config: null,
    bridge: null,
    renderer: null,
    incidents: null,
    displacements: null,
    admin1: null,
    countries: null,
    land: null,
    labels: null,
    tiles: null,
    control: null,
    legend: null,
    pick: null,
    found: null,
    data: null,
    counts: { incidents: 0, displacements: 0, missing: 0 },
    painted: 0,
    received: 0,
    clicks: [],
    fitted: false,
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function t(key) {
    var labels = (state.config && state.config.labels) || {};
    return labels[key] || key;
  }

  function fmt(n) {
    return n === null || n === undefined || n === "" ? "" : Number(n).toLocaleString("en-US");
  }

  // -- base map --------------------------------------------------------------------------

  function addBasemap(map, basemap) {
    map.createPane("land").style.zIndex = 150; // under tiles (200)
    map.createPane("borders").style.zIndex = 350; // over tiles, under records
    map.createPane("points").style.zIndex = 450;
    map.createPane("labels").style.zIndex = 460;
    map.getPane("borders").style.pointerEvents = "none";
    map.getPane("labels").style.pointerEvents = "none";

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
    map.on("zoomend", function () {
      var show = map.getZoom() >= 7;
      map.getPane("labels").style.display = show ? "" : "none";
    });
  }

  // -- records ---------------------------------------------------------------------------

  function typeColour(index) {
    var colours = state.config.colours;
    return colours[state.config.types[index]] || "#555555";
  }

  function directionColour(index) {
    var colours = state.config.direction_colours;
    return colours[state.config.directions[index]] || "#17becf";
  }

  function radiusFor(people) {
    if (!people || people < 0) return 4;
    return Math.min(42, 4 + Math.sqrt(people) / 7);
  }

  function buildIncidents(d) {
    var layers = new Array(d.n);
    for (var i = 0; i < d.n; i++) {
      var m = L.circleMarker([d.lat[i], d.lon[i]], {
        renderer: state.renderer,
        radius: 5.5,
        weight: 1,
        color: "#ffffff",
        opacity: 0.9,
        fillColor: typeColour(d.type[i]),
        fillOpacity: 0.9,
      });
      m._fm = i;
      layers[i] = m;
    }
    return layers;
  }

  function buildDisplacements(d) {
    var order = [];
    for (var i = 0; i < d.n; i++) order.push(i);
    // big circles first, so small ones stay clickable on top
    order.sort(function (a, b) { return (d.people[b] || 0) - (d.people[a] || 0); });
    var layers = [];
    for (var k = 0; k < order.length; k++) {
      var j = order[k];
      var c = directionColour(d.dir[j]);
      var m = L.circleMarker([d.lat[j], d.lon[j]], {
        renderer: state.renderer,
        radius: radiusFor(d.people[j]),
        weight: 1.5,
        color: c,
        opacity: 0.9,
        fillColor: c,
        fillOpacity: 0.25,
      });
      m._fm = j;
      layers.push(m);
    }
    return layers;
  }

  function row(table, label, value) {
    if (value === null || value === undefined || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function extra(d, name, i) {
    return d.extra && d.extra[name] ? d.extra[name][i] : null;
  }

  function popupFor(kind, i) {
    var d = state.data[kind];
    var box = el("div", "fm-popup");
    box.setAttribute("data-record", d.ids[i]);
    var title = el("div", "fm-title", d.loc[i] || t("(no location)"));
    box.appendChild(title);
    var table = el("table");
    if (kind === "incidents") {
      row(table, t("Date"), d.date[i]);
      row(table, t("Event type"), state.config.types[d.type[i]]);
      row(table, t("Sub-event type"), state.config.subs[d.sub[i]]);
      row(table, t("Killed"), fmt(d.killed[i]));
      row(table, t("Injured"), fmt(d.injured[i]));
    } else {
      row(table, t("Date"), d.date[i]);
      row(table, t("Direction"), t(state.config.directions[d.dir[i]]));
      row(table, t("Individuals"), fmt(d.individuals[i]));
      row(table, t("Households"), fmt(d.households[i]));
    }
    row(table, t("Admin 1"), d.admin1[i]);
    row(table, t("Actor 1"), extra(d, "actor1", i));
    row(table, t("Source"), extra(d, "source", i));
    box.appendChild(table);
    var notes = extra(d, "notes", i);
    if (notes) box.appendChild(el("div", "fm-notes", notes));
    if (state.bridge) {
      var link = el("a", "fm-open", t("Open record"));
      link.href = "#";
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        state.bridge.openRecord(d.ids[i]);
      });
      box.appendChild(link);
      if (!d.extra) {
        var more = el("div", "fm-notes");
        box.appendChild(more);
        state.bridge.recordDetails(d.ids[i], function (json) {
          var info = JSON.parse(json || "{}");
          if (info.actor1) row(table, t("Actor 1"), info.actor1);
          if (info.source) row(table, t("Source"), info.source);
          more.textContent = info.notes || "";
          if (state.openPopup) state.openPopup.update();
        });
      }
    }
    return box;
  }

  function attachPopups(group, kind) {
    group.on("click", function (ev) {
      L.DomEvent.stopPropagation(ev);
      var i = ev.layer._fm;
      state.openPopup = L.popup({ maxWidth: 320, minWidth: 200 })
        .setLatLng(ev.layer.getLatLng())
        .setContent(popupFor(kind, i))
        .openOn(state.map);
    });
  }

  function setData(data) {
    state.received = performance.now();
    state.data = data;
    var inc = data.incidents;
    var dis = data.displacements;
    state.incidents.clearLayers();
    state.displacements.clearLayers();
    state.map.closePopup();
    var a = buildIncidents(inc);
    var b = buildDisplacements(dis);
    // one batch each: FeatureGroup.addLayer per marker would fire an event per record
    addMany(state.displacements, b);
    addMany(state.incidents, a);
    state.counts = { incidents: inc.n, displacements: dis.n, missing: data.missing || 0 };
    updateLegend();
    if (!state.fitted && data.bounds && (inc.n || dis.n) && !state.config.keep_view) {
      state.fitted = true;
      var bnds = L.latLngBounds([data.bounds[1], data.bounds[0]], [data.bounds[3], data.bounds[2]]);
      state.map.fitBounds(bnds.pad(0.25), { maxZoom: 10, animate: false });
    }
    whenPainted();
    return inc.n + dis.n;
  }

  function addMany(group, layers) {
    var map = group._map;
    if (map) map.removeLayer(group);
    for (var i = 0; i < layers.length; i++) {
      var layer = layers[i];
      group._layers[L.stamp(layer)] = layer;
      layer.addEventParent(group);
    }
    if (map) map.addLayer(group);
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

  function setDataJSON(text) {
    return setData(JSON.parse(text));
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
      dot.style.background = typeColour(index);
      line.appendChild(dot);
      line.appendChild(el("span", null, t(name) + (shown[name] ? " (" + fmt(shown[name]) + ")" : "")));
      box.appendChild(line);
    });
    box.appendChild(el("div", "fm-legend-title", t("Displacement") + " (" + fmt(state.counts.displacements) + ")"));
    state.config.directions.forEach(function (name, index) {
      var line = el("div", "fm-legend-row");
      var ring = el("span", "fm-ring");
      ring.style.borderColor = directionColour(index);
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
    if (!cfg) {
      if (!state.map.hasLayer(state.land)) state.land.addTo(state.map);
      return;
    }
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
    state.map.removeLayer(state.land);
    if (cfg.fit) state.map.fitBounds(bounds, { animate: false, maxZoom: cfg.maxzoom });
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // -- interaction -----------------------------------------------------------------------

  function onClick(ev) {
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
    var inc = 0;
    state.incidents.eachLayer(function () { inc++; });
    var dis = 0;
    state.displacements.eachLayer(function () { dis++; });
    return {
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

  function init(map, config, data) {
    state.map = map;
    state.config = config;
    map.attributionControl.setPrefix(false);
    if (config.attribution) map.attributionControl.addAttribution(escapeText(config.attribution));
    state.renderer = L.canvas({ pane: "points", padding: 0.3, tolerance: 3 });
    addBasemap(map, config.basemap);
    state.incidents = L.featureGroup();
    state.displacements = L.featureGroup();
    attachPopups(state.incidents, "incidents");
    attachPopups(state.displacements, "displacements");
    state.displacements.addTo(map);
    state.incidents.addTo(map);
    var overlays = {};
    overlays[escapeText(t("Incidents"))] = state.incidents;
    overlays[escapeText(t("Displacement"))] = state.displacements;
    overlays[escapeText(t("Governorates"))] = state.admin1;
    overlays[escapeText(t("Governorate names"))] = state.labels;
    var bases = {};
    bases[escapeText(t("Offline boundaries"))] = L.layerGroup();
    bases[escapeText(t("Offline boundaries"))].addTo(map);
    state.control = L.control.layers(bases, overlays, { collapsed: config.collapsed_layers !== false });
    state.control.addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
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
    else whenPainted();
    connectBridge();
  }

  window.FieldMap = {
    init: init,
    setData: setData,
    setDataJSON: setDataJSON,
    setTiles: setTiles,
    flyTo: flyTo,
    stats: stats,
    state: state,
    isReady: function () { return !!state.ready; },
    painted: function () { return state.painted; },
    idle: function () {
      var tilesBusy = state.tiles && (state.tiles.isLoading() || fading(state.tiles));
      return state.painted > 0 && !tilesBusy && !state.map._animatingZoom;
    },
  };
})();
