/* fieldapp's map page: the records on one canvas per kind, incidents in clusters.
 * Part of fieldapp (MIT).
 *
 * Records arrive as columns (see fieldapp/maps/data.py). No Leaflet object exists per
 * record: positions are projected from the arrays and drawn on one canvas. Incidents whose
 * dots would overlap on screen (a town's records, seen from a distance) are drawn as one
 * marker with a count; zooming in separates them. Clusters are computed once per zoom
 * level with a grid in world pixels (about one Map look-up per record) and kept until the
 * data change, so panning costs nothing and a zoom step one pass over the records.
 */
(function () {
  "use strict";

  var kit = window.FieldMapKit;
  var state = kit.state;

  var CLUSTER_PX = 11; // incidents closer than this on screen are one marker (dots are 11 px)
  var DOT_RADIUS = 5.5;
  var CLUSTER_RADIUS = 7.5;
  var KEY = 33554432; // 2^25 grid cells a row: enough for zoom 20 at 11 px cells

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

  function newSprite(width, height) {
    var m = window.devicePixelRatio || 1;
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * m);
    canvas.height = Math.ceil(height * m);
    var ctx = canvas.getContext("2d");
    ctx.scale(m, m);
    return { canvas: canvas, ctx: ctx, w: width, h: height };
  }

  function dot(ctx, x, y, radius, colour) {
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.globalAlpha = 0.92;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = radius > DOT_RADIUS ? 1.5 : 1;
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.stroke();
  }

  var sprites = {};
  var labels = {};
  var probe = null;

  // one pre-drawn dot per colour and size, copied to each place: far cheaper than 100,000
  // anti-aliased arcs on a software-rendered canvas
  function dotSprite(colour, radius) {
    var key = colour + "/" + radius;
    if (sprites[key]) return sprites[key];
    var half = Math.ceil(radius + 1.5);
    var s = newSprite(2 * half, 2 * half);
    dot(s.ctx, half, half, radius, colour);
    s.ax = half;
    s.ay = half;
    return (sprites[key] = s);
  }

  // a cluster's count in a dark badge (in the interface's digits), drawn at the upper right
  // of its dot; one sprite per count, whatever the colour
  function badgeSprite(count) {
    var key = "#" + count;
    if (sprites[key]) return sprites[key];
    var label = labels[count] || (labels[count] = kit.fmt(count));
    var font = "bold 11px " + kit.FONT;
    if (!probe) probe = newSprite(1, 1).ctx;
    probe.font = font;
    var bw = Math.max(16, Math.ceil(probe.measureText(label).width) + 8), bh = 15;
    var s = newSprite(bw + 2, bh + 2), ctx = s.ctx, left = 1, top = 1, rad = bh / 2;
    ctx.beginPath();
    ctx.moveTo(left + rad, top);
    ctx.arcTo(left + bw, top, left + bw, top + bh, rad);
    ctx.arcTo(left + bw, top + bh, left, top + bh, rad);
    ctx.arcTo(left, top + bh, left, top, rad);
    ctx.arcTo(left, top, left + bw, top, rad);
    ctx.closePath();
    ctx.fillStyle = "#263238";
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.fillStyle = "#ffffff";
    ctx.font = font;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(label, left + bw / 2, top + bh / 2 + 0.5);
    // its top left corner relative to the dot's centre
    s.ax = -1;
    s.ay = CLUSTER_RADIUS + 7;
    return (sprites[key] = s);
  }

  var PointsLayer = kit.CanvasLayer.extend({
    options: { padding: 0.25, pane: "points" },

    initialize: function (kind, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this.kind = kind;
      this.n = 0;
      this.drawn = 0;
      this.markers = 0;
    },

    setPoints: function (d) {
      var n = d.n;
      this.data = d;
      this.n = n;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      this.r = new Float32Array(n);
      this._clusters = {};
      var incidents = this.kind === "incidents";
      for (var i = 0; i < n; i++) {
        this.wx[i] = kit.worldX(d.lon[i]);
        this.wy[i] = kit.worldY(d.lat[i]);
        this.r[i] = incidents ? DOT_RADIUS : radiusFor(d.people[i]);
      }
      if (!incidents) {
        // circles by colour, big ones first so small ones stay visible and clickable
        var groups = {};
        for (var j = 0; j < n; j++) (groups[d.dir[j]] = groups[d.dir[j]] || []).push(j);
        var r = this.r;
        this.groups = Object.keys(groups).map(function (k) {
          var idx = groups[k].sort(function (a, b) { return r[b] - r[a]; });
          return { colour: directionColour(d.dir[idx[0]]), idx: idx };
        });
      }
      if (this._map) this._update();
    },

    // The incidents' markers at `zoom`: a point joins the cluster anchored in its grid cell,
    // else the nearest one anchored in a neighbouring cell within CLUSTER_PX, else starts
    // one. Members are kept contiguous (by cluster); a marker sits at its members' mean.
    clusters: function (zoom) {
      if (this._clusters[zoom]) return this._clusters[zoom];
      var n = this.n, scale = Math.pow(2, zoom), R = CLUSTER_PX, R2 = R * R;
      var wx = this.wx, wy = this.wy, of = new Int32Array(n), grid = new Map();
      var ax = [], ay = [], k = 0, i, c;
      for (i = 0; i < n; i++) {
        var x = wx[i] * scale, y = wy[i] * scale;
        var cx = Math.floor(x / R), cy = Math.floor(y / R);
        c = grid.get(cx * KEY + cy);
        if (c === undefined) {
          var best = -1, bestD = R2;
          for (var dx = -1; dx <= 1; dx++) {
            for (var dy = -1; dy <= 1; dy++) {
              var c2 = grid.get((cx + dx) * KEY + cy + dy);
              if (c2 === undefined) continue;
              var ex = ax[c2] - x, ey = ay[c2] - y, d2 = ex * ex + ey * ey;
              if (d2 < bestD) { bestD = d2; best = c2; }
            }
          }
          if (best >= 0) c = best;
          else { c = k++; ax.push(x); ay.push(y); grid.set(cx * KEY + cy, c); }
        }
        of[i] = c;
      }
      var count = new Int32Array(k), start = new Int32Array(k + 1);
      for (i = 0; i < n; i++) count[of[i]]++;
      for (c = 0; c < k; c++) start[c + 1] = start[c] + count[c];
      var fill = start.slice(0, k), members = new Int32Array(n);
      var sx = new Float64Array(k), sy = new Float64Array(k), type = new Int32Array(k);
      for (i = 0; i < n; i++) {
        c = of[i];
        members[fill[c]++] = i;
        sx[c] += wx[i];
        sy[c] += wy[i];
      }
      var types = this.data.type, tally = new Int32Array(state.config.types.length + 1);
      for (c = 0; c < k; c++) {
        sx[c] /= count[c];
        sy[c] /= count[c];
        if (count[c] === 1) { type[c] = types[members[start[c]]]; continue; }
        // the colour of the type most of its records have
        tally.fill(0);
        var top = -1, most = 0;
        for (var m = start[c]; m < start[c + 1]; m++) {
          var ti = types[members[m]] + 1;
          if (++tally[ti] > most) { most = tally[ti]; top = ti - 1; }
        }
        type[c] = top;
      }
      var result = { k: k, count: count, start: start, members: members, x: sx, y: sy, type: type };
      this._clusters[zoom] = result;
      return result;
    },

    _draw: function (ctx, b) {
      this.drawn = 0;
      this.markers = 0;
      this.multi = 0;
      if (!this.n) return;
      if (this.kind === "incidents") this._drawIncidents(ctx, b);
      else this._drawCircles(ctx, b);
    },

    _drawIncidents: function (ctx, b) {
      var cl = this.clusters(this._zoom), scale = Math.pow(2, this._zoom);
      var origin = this._map.getPixelOrigin(), ox = origin.x, oy = origin.y;
      var minX = b.min.x - 50, minY = b.min.y - 50, maxX = b.max.x + 50, maxY = b.max.y + 50;
      var drawn = 0, markers = 0, multi = 0;
      // single records first, then the clusters over them: their counts stay readable
      for (var pass = 0; pass < 2; pass++) {
        for (var c = 0; c < cl.k; c++) {
          var many = cl.count[c] > 1;
          if (many !== (pass === 1)) continue;
          var x = cl.x[c] * scale - ox, y = cl.y[c] * scale - oy;
          if (x < minX || x > maxX || y < minY || y > maxY) continue;
          var colour = typeColour(cl.type[c]), px = Math.round(x), py = Math.round(y);
          var s = dotSprite(colour, many ? CLUSTER_RADIUS : DOT_RADIUS);
          ctx.drawImage(s.canvas, px - s.ax, py - s.ay, s.w, s.h);
          if (many) {
            var badge = badgeSprite(cl.count[c]);
            ctx.drawImage(badge.canvas, px - badge.ax, py - badge.ay, badge.w, badge.h);
          }
          drawn += cl.count[c];
          markers++;
          if (many) multi++;
        }
      }
      this.drawn = drawn;
      this.markers = markers;
      this.multi = multi;
    },

    _drawCircles: function (ctx, b) {
      var scale = Math.pow(2, this._zoom);
      var origin = this._map.getPixelOrigin(), ox = origin.x, oy = origin.y;
      var minX = b.min.x - 50, minY = b.min.y - 50, maxX = b.max.x + 50, maxY = b.max.y + 50;
      var wx = this.wx, wy = this.wy, r = this.r, drawn = 0;
      for (var g = 0; g < this.groups.length; g++) {
        var group = this.groups[g], idx = group.idx;
        ctx.beginPath();
        for (var k = 0; k < idx.length; k++) {
          var j = idx[k];
          var x = wx[j] * scale - ox, y = wy[j] * scale - oy;
          if (x < minX || x > maxX || y < minY || y > maxY) continue;
          ctx.moveTo(x + r[j], y);
          ctx.arc(x, y, r[j], 0, 6.283185307179586);
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
      this.markers = drawn;
    },

    // The records under a container point, as a list of indices (empty: none): the
    // incidents' marker nearest the point within its reach, or the smallest displacement
    // circle containing it together with the other circles centred at the same place
    // (only that circle when `one`: enough to know that something is there).
    hit: function (containerPoint, one) {
      if (!this.n || !this._map || !this._map.hasLayer(this)) return [];
      var p = this._map.containerPointToLayerPoint(containerPoint);
      var scale = Math.pow(2, this._map.getZoom());
      var origin = this._map.getPixelOrigin();
      var px = p.x + origin.x, py = p.y + origin.y; // world pixels at this zoom
      var best = -1, bestScore = Infinity, i;
      if (this.kind === "incidents") {
        var cl = this.clusters(this._map.getZoom());
        for (var c = 0; c < cl.k; c++) {
          var dx = cl.x[c] * scale - px, dy = cl.y[c] * scale - py, d2 = dx * dx + dy * dy;
          var reach = (cl.count[c] > 1 ? CLUSTER_RADIUS + 6 : DOT_RADIUS + 3);
          if (d2 <= reach * reach && d2 < bestScore) { bestScore = d2; best = c; }
        }
        if (best < 0) return [];
        return Array.prototype.slice.call(cl.members, cl.start[best], cl.start[best + 1]);
      }
      for (i = 0; i < this.n; i++) {
        var ex = this.wx[i] * scale - px, ey = this.wy[i] * scale - py;
        var e2 = ex * ex + ey * ey, r = this.r[i] + 3;
        if (e2 <= r * r && this.r[i] < bestScore) { bestScore = this.r[i]; best = i; }
      }
      if (best < 0) return [];
      return one ? [best] : this.near(this.wx[best] * scale, this.wy[best] * scale, scale);
    },

    // the records of this layer centred within CLUSTER_PX of a world-pixel point
    near: function (x, y, scale) {
      var found = [];
      for (var i = 0; i < this.n; i++) {
        var dx = this.wx[i] * scale - x, dy = this.wy[i] * scale - y;
        if (dx * dx + dy * dy <= CLUSTER_PX * CLUSTER_PX) found.push(i);
      }
      return found;
    },

    latLngOf: function (i) { return L.latLng(this.data.lat[i], this.data.lon[i]); },
  });

  kit.PointsLayer = PointsLayer;
  kit.typeColour = typeColour;
  kit.directionColour = directionColour;
  kit.CLUSTER_PX = CLUSTER_PX;
})();
