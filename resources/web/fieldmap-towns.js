/* fieldapp's map page: town and village names on the offline base map. Part of fieldapp (MIT).
 *
 * The places come with the page (config.towns: columns, biggest place first, named in the
 * interface's language). Each redraw labels the biggest places in view first, up to the
 * zoom's limit, and skips a name that would overlap one already drawn: zooming in shows
 * more and smaller places. Names are painted with fillText on one canvas under the
 * records: no DOM element per place, and no name can become markup.
 */
(function () {
  "use strict";

  var kit = window.FieldMapKit;
  var state = kit.state;

  // label size and weight by population tier (0: city, 1: town, 2: village)
  var FONTS = [
    { size: 13, font: "bold 13px " + kit.FONT, colour: "#2f2a25" },
    { size: 12, font: "bold 12px " + kit.FONT, colour: "#3b3630" },
    { size: 11, font: "11px " + kit.FONT, colour: "#4a433b" },
  ];
  var DOT = 2.5;

  // how many places (by rank) may be labelled at `zoom`: towns.limits holds the count for
  // some zooms; below the first, half of it; above the last, every place
  function limitFor(limits, zoom, n) {
    var zooms = Object.keys(limits).map(Number).sort(function (a, b) { return a - b; });
    if (!zooms.length) return n;
    if (zoom > zooms[zooms.length - 1]) return n;
    if (zoom < zooms[0]) return Math.floor(limits[zooms[0]] / 2);
    var best = zooms[0];
    zooms.forEach(function (z) { if (z <= zoom) best = z; });
    return Math.min(n, limits[best]);
  }

  function overlaps(boxes, box) {
    for (var i = 0; i < boxes.length; i++) {
      var o = boxes[i];
      if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) return true;
    }
    return false;
  }

  // the governorate names (DOM labels) in layer points: town names give way to them
  function governorateBoxes(map) {
    var pane = map.getPane("labels");
    if (!pane || pane.style.display === "none") return [];
    var origin = map.getContainer().getBoundingClientRect();
    var boxes = [];
    pane.querySelectorAll(".fm-gov-label").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (!r.width) return;
      var p = map.containerPointToLayerPoint([r.left - origin.left, r.top - origin.top]);
      boxes.push([p.x - 2, p.y - 2, p.x + r.width + 2, p.y + r.height + 2]);
    });
    return boxes;
  }

  var TownsLayer = kit.CanvasLayer.extend({
    options: { padding: 0.1, pane: "towns" },

    initialize: function (towns, options) {
      L.Renderer.prototype.initialize.call(this, options);
      var n = towns && towns.names ? towns.names.length : 0;
      this.towns = towns;
      this.n = n;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        this.wx[i] = kit.worldX(towns.lon[i]);
        this.wy[i] = kit.worldY(towns.lat[i]);
      }
      this.widths = {};
      this.shown = [];
    },

    width: function (ctx, i, tier) {
      var key = tier + "/" + this.towns.names[i];
      if (!(key in this.widths)) {
        ctx.font = FONTS[tier].font;
        this.widths[key] = ctx.measureText(this.towns.names[i]).width;
      }
      return this.widths[key];
    },

    _draw: function (ctx, b) {
      this.shown = [];
      if (!this.n) return;
      var zoom = this._zoom, scale = Math.pow(2, zoom);
      var origin = this._map.getPixelOrigin();
      var limit = limitFor(this.towns.limits || {}, zoom, this.n);
      var boxes = governorateBoxes(this._map), placed = [];
      var minX = b.min.x - 40, minY = b.min.y - 20, maxX = b.max.x + 40, maxY = b.max.y + 20;
      for (var i = 0; i < limit; i++) {
        var x = Math.round(this.wx[i] * scale - origin.x);
        var y = Math.round(this.wy[i] * scale - origin.y);
        if (x < minX || x > maxX || y < minY || y > maxY) continue;
        var tier = this.towns.tier[i] || 0, f = FONTS[tier];
        var half = this.width(ctx, i, tier) / 2 + 2;
        // the dot, and the name centred under it
        var box = [x - half, y - DOT - 2, x + half, y + DOT + 3 + f.size + 2];
        if (overlaps(boxes, box)) continue;
        boxes.push(box);
        placed.push([i, x, y, tier]);
      }
      ctx.lineJoin = "round";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (var k = 0; k < placed.length; k++) {
        var p = placed[k], font = FONTS[p[3]];
        ctx.beginPath();
        ctx.arc(p[1], p[2], DOT, 0, 6.283185307179586);
        ctx.fillStyle = "#4a433b";
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "#ffffff";
        ctx.stroke();
        ctx.font = font.font;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
        ctx.strokeText(this.towns.names[p[0]], p[1], p[2] + DOT + 3);
        ctx.fillStyle = font.colour;
        ctx.fillText(this.towns.names[p[0]], p[1], p[2] + DOT + 3);
        this.shown.push(p[0]);
      }
    },

    // the names drawn in the last frame, biggest place first
    names: function () {
      var names = this.towns ? this.towns.names : [];
      return this.shown.map(function (i) { return names[i]; });
    },
  });

  kit.TownsLayer = TownsLayer;
})();
