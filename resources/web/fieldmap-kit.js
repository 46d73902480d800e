/* fieldapp's map page: what its parts share. Part of fieldapp (MIT).
 *
 * The page is split by subject (records and clusters, town names, the view's fitting, the
 * page itself in fieldmap.js); each part adds itself to window.FieldMapKit, which holds the
 * page state and the small helpers every part needs. User text only ever reaches the page
 * through textContent (el) or a canvas's fillText, never through markup.
 */
(function () {
  "use strict";

  var state = {
    map: null,
    config: null,
    bridge: null,
    incidents: null,
    displacements: null,
    admin1: null,
    countries: null,
    land: null,
    labels: null,
    towns: null,
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
    // the view follows the records until the user pans or zooms (fieldmap-view.js)
    userMoved: false,
    auto: 0,
    autoView: null,
    pendingFit: false,
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

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // Mercator pixel position at zoom 0 (Leaflet's EPSG:3857 at 256 px a tile).
  function worldX(lon) { return (lon + 180) / 360 * 256; }
  function worldY(lat) {
    var c = Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI / 180;
    return (0.5 - Math.log(Math.tan(Math.PI / 4 + c / 2)) / (2 * Math.PI)) * 256;
  }

  // A canvas layer drawn by a Leaflet Renderer subclass: Leaflet positions the canvas, pads
  // it and scales it during zoom animations; `_draw(ctx, bounds)` paints one frame.
  var CanvasLayer = L.Renderer.extend({
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
    // paint everything twice; just make sure a redraw happens
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
  });

  window.FieldMapKit = {
    state: state,
    el: el,
    t: t,
    fmt: fmt,
    digits: digits,
    escapeText: escapeText,
    worldX: worldX,
    worldY: worldY,
    CanvasLayer: CanvasLayer,
    FONT: '"DejaVu Sans", "Noto Sans", "Segoe UI", Tahoma, Arial, sans-serif',
  };
})();
