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
    if (n === null || n === undefined || n === "") return "";
    return Number(n).toLocaleString((state.config && state.config.locale) || "en-US");
  }

  // Western digits in a date or a measure written in the interface's digits (Arabic-Indic
  // in Arabic), the way the application's tables show them.
  function digits(text) {
    var set = state.config && state.config.digits;
    if (!set || set === "0123456789" || text === null || text === undefined) return text;
    return String(text).replace(/[0-9]/g, function (d) { return set.charAt(Number(d)); });
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

  var sprites = {};

  function dotSprite(colour, radius) {
    var key = colour + "/" + radius;
    if (sprites[key]) return sprites[key];
    var m = window.devicePixelRatio || 1;
    var half = Math.ceil(radius + 1.5), size = 2 * half;
    var canvas = document.createElement("canvas");
    canvas.width = size * m;
    canvas.height = size * m;
    var ctx = canvas.getContext("2d");
    ctx.scale(m, m);
    ctx.beginPath();
    ctx.arc(half, half, radius, 0, 2 * Math.PI);
    ctx.globalAlpha = 0.92;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.stroke();
    sprites[key] = { canvas: canvas, half: half, size: size };
    return sprites[key];
  }

  function radiusFor(people) {
    if (!people || people < 0) return 4;
    return Math.min(42, 4 + Math.sqrt(people) / 7);
  }

  // Mercator pixel position at zoom 0 (Leaflet's EPSG:3857 at 256 px a tile).
  function worldX(lon) { return (lon + 180) / 360 * 256; }
  function worldY(lat) {
    var c = Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI / 180;
    return (0.5 - Math.log(Math.tan(Math.PI / 4 + c / 2)) / (2 * Math.PI)) * 256;
  }

  // All points of one kind on one canvas: no Leaflet object per record. A Renderer
  // subclass, so Leaflet positions the canvas, pads it and scales it during zoom animations.
  var PointsLayer = L.Renderer.extend({
    options: { padding: 0.25, pane: "points" },

    initialize: function (kind, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this.kind = kind;
      this.n = 0;
      this.drawn = 0;
    },

    setPoints: function (d, colourOf, radiusOf, classOf) {
      var n = d.n;
      this.data = d;
      this.n = n;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      this.r = new Float32Array(n);
      var groups = {};
      for (var i = 0; i < n; i++) {
        this.wx[i] = worldX(d.lon[i]);
        this.wy[i] = worldY(d.lat[i]);
        this.r[i] = radiusOf(i);
        var key = classOf(i);
        (groups[key] = groups[key] || []).push(i);
      }
      this.groups = [];
      for (var k in groups) {
        var idx = groups[k];
        if (this.kind === "displacements") {
          // big circles first, so small ones stay visible and clickable on top
          var r = this.r;
          idx.sort(function (a, b) { return r[b] - r[a]; });
        }
        this.groups.push({ colour: colourOf(idx[0]), idx: idx });
      }
      if (this._map) this._update();
    },

    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._ctx = this._container.getContext("2d");
    },

    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      delete this._ctx;
      delete this._container;
    },

    _updatePaths: function () {},
    _onZoomEnd: function () {},
    // a view reset is always followed by moveend, which redraws: drawing here too would
    // paint every point twice; just make sure a redraw happens
    _reset: function () {
      var self = this;
      this._pending = true;
      L.Util.requestAnimFrame(function () { if (self._pending && self._map) self._update(); });
    },

    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      var t0 = performance.now();
      this._pending = false;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), canvas = this._container;
      var m = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = Math.round(m * size.x);
      canvas.height = Math.round(m * size.y);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = this._ctx;
      ctx.setTransform(m, 0, 0, m, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      ctx.translate(-b.min.x, -b.min.y);
      this._draw(ctx, b);
      this.drawMs = performance.now() - t0;
      this.fire("update");
    },

    _draw: function (ctx, b) {
      if (!this.n) { this.drawn = 0; return; }
      var scale = Math.pow(2, this._zoom);
      var origin = this._map.getPixelOrigin();
      var ox = origin.x, oy = origin.y;
      var minX = b.min.x - 50, minY = b.min.y - 50, maxX = b.max.x + 50, maxY = b.max.y + 50;
      var wx = this.wx, wy = this.wy, r = this.r, drawn = 0;
      var incidents = this.kind === "incidents";
      for (var g = 0; g < this.groups.length; g++) {
        var group = this.groups[g], idx = group.idx;
        if (incidents) {
          // one pre-drawn dot per colour, copied to each place: far cheaper than 100,000
          // anti-aliased arcs on a software-rendered canvas
          var sprite = dotSprite(group.colour, r[idx[0]]), half = sprite.half;
          for (var k = 0; k < idx.length; k++) {
            var i = idx[k];
            var x = wx[i] * scale - ox, y = wy[i] * scale - oy;
            if (x < minX || x > maxX || y < minY || y > maxY) continue;
            ctx.drawImage(sprite.canvas, Math.round(x) - half, Math.round(y) - half, sprite.size, sprite.size);
            drawn++;
          }
          continue;
        }
        ctx.beginPath();
        for (var k2 = 0; k2 < idx.length; k2++) {
          var j = idx[k2];
          var x2 = wx[j] * scale - ox, y2 = wy[j] * scale - oy;
          if (x2 < minX || x2 > maxX || y2 < minY || y2 > maxY) continue;
          ctx.moveTo(x2 + r[j], y2);
          ctx.arc(x2, y2, r[j], 0, 6.283185307179586);
          drawn++;
        }
        ctx.fillStyle = group.colour;
        ctx.globalAlpha = 0.22;
        ctx.fill();
        ctx.globalAlpha = 0.9;
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = group.colour;
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
      this.drawn = drawn;
    },

    // the record under a container point: nearest incident within its radius (+3 px), or
    // the smallest displacement circle containing the point
    hit: function (containerPoint) {
      if (!this.n || !this._map || !this._map.hasLayer(this)) return -1;
      var p = this._map.containerPointToLayerPoint(containerPoint);
      var scale = Math.pow(2, this._map.getZoom());
      var origin = this._map.getPixelOrigin();
      var best = -1, bestScore = Infinity;
      for (var i = 0; i < this.n; i++) {
        var dx = this.wx[i] * scale - origin.x - p.x, dy = this.wy[i] * scale - origin.y - p.y;
        var d2 = dx * dx + dy * dy, reach = this.r[i] + 3;
        if (d2 > reach * reach) continue;
        var score = this.kind === "incidents" ? d2 : this.r[i];
        if (score < bestScore) { bestScore = score; best = i; }
      }
      return best;
    },

    latLngOf: function (i) { return L.latLng(this.data.lat[i], this.data.lon[i]); },
  });

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
      row(table, t("Date"), digits(d.date[i]));
      row(table, t("Event type"), t(state.config.types[d.type[i]]));
      row(table, t("Sub-event type"), t(state.config.subs[d.sub[i]]));
      row(table, t("Killed"), fmt(d.killed[i]));
      row(table, t("Injured"), fmt(d.injured[i]));
    } else {
      row(table, t("Date"), digits(d.date[i]));
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
    if (state.bridge && !d.extra) {
      // actors, source and notes are not in the compact columns: ask the app
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
    if (state.bridge) {
      var link = el("a", "fm-open", t("Open record"));
      link.href = "#";
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        state.bridge.openRecord(d.ids[i]);
      });
      box.appendChild(link);
    }
    return box;
  }

  function openPopup(kind, i) {
    var layer = kind === "incidents" ? state.incidents : state.displacements;
    state.openPopup = L.popup({ maxWidth: 320, minWidth: 200 })
      .setLatLng(layer.latLngOf(i))
      .setContent(popupFor(kind, i))
      .openOn(state.map);
    return state.openPopup;
  }

  // which record (if any) is under a map point: incidents are drawn on top
  function recordAt(containerPoint) {
    var i = state.incidents.hit(containerPoint);
    if (i >= 0) return ["incidents", i];
    i = state.displacements.hit(containerPoint);
    if (i >= 0) return ["displacements", i];
    return null;
  }

  function setData(data) {
    state.received = performance.now();
    state.data = data;
    var inc = data.incidents;
    var dis = data.displacements;
    state.map.closePopup();
    fitData(); // fit first: the points are then drawn once, at the final view
    state.incidents.setPoints(
      inc,
      function (i) { return typeColour(inc.type[i]); },
      function () { return 5.5; },
      function (i) { return inc.type[i]; }
    );
    state.displacements.setPoints(
      dis,
      function (i) { return directionColour(dis.dir[i]); },
      function (i) { return radiusFor(dis.people[i]); },
      function (i) { return dis.dir[i]; }
    );
    state.counts = { incidents: inc.n, displacements: dis.n, missing: data.missing || 0 };
    updateLegend();
    whenPainted();
    return inc.n + dis.n;
  }

  function fitData() {
    var data = state.data;
    if (state.fitted || !data || !data.bounds || state.config.keep_view) return;
    if (!(data.incidents.n || data.displacements.n)) return;
    var size = state.map.getSize();
    if (!size.x || !size.y) return; // a page loaded in a hidden tab: fit once it is shown
    state.fitted = true;
    var b = data.bounds;
    state.map.fitBounds(L.latLngBounds([b[1], b[0]], [b[3], b[2]]).pad(0.25), { maxZoom: 10, animate: false });
  }

  // the view was shown or resized: Leaflet measures its container again
  function resized() {
    state.map.invalidateSize(false);
    fitData();
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

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // -- interaction -----------------------------------------------------------------------

  function onClick(ev) {
    var found = recordAt(ev.containerPoint);
    if (found) {
      openPopup(found[0], found[1]);
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
    map.attributionControl.setPrefix(false);
    if (config.attribution) map.attributionControl.addAttribution(escapeText(config.attribution));
    addBasemap(map, config.basemap);
    state.displacements = new PointsLayer("displacements");
    state.incidents = new PointsLayer("incidents");
    state.displacements.addTo(map);
    state.incidents.addTo(map);
    var lastMove = 0;
    map.on("mousemove", function (ev) {
      var now = Date.now();
      if (now - lastMove < 60) return;
      lastMove = now;
      map.getContainer().style.cursor = recordAt(ev.containerPoint) ? "pointer" : "";
    });
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
    else whenPainted();
    connectBridge();
  }

  window.FieldMap = {
    init: init,
    setData: setData,
    setDataJSON: setDataJSON,
    setTiles: setTiles,
    flyTo: flyTo,
    resized: resized,
    stats: stats,
    openPopup: openPopup,
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
