/* fieldapp's map page: the view follows the records until the user moves it.
 * Part of fieldapp (MIT).
 *
 * The map fits the records in view (the app's filter) when they arrive, when they change,
 * when the map is shown or resized: until the user pans or zooms. From then on it stays
 * where they put it, and the app is told through the bridge (viewMoved), until "Zoom to
 * records" (the button here or the app's) fits it again and clears that. With no records
 * the view fits Syria.
 *
 * A move is the user's when it ends (moveend) outside the page's own fitting and leaves the
 * map at another centre or zoom: a resize also ends in moveend, but keeps the centre.
 */
(function () {
  "use strict";

  var kit = window.FieldMapKit;
  var state = kit.state, el = kit.el, t = kit.t;

  var FIT_MAX_ZOOM = 12; // one place's records: close enough to see its streets' names
  var PAD = 36; // px kept clear around the records

  function recordBounds() {
    var b = state.data && state.data.bounds;
    if (b) return L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
    return state.admin1.getBounds(); // no records: Syria
  }

  // the legend covers the bottom right corner: keep the records clear of it when the map
  // is wide enough to afford it
  function padding(size) {
    var legend = state.legend && state.legend.getContainer();
    var right = PAD;
    if (legend && legend.offsetWidth && size.x > 3 * legend.offsetWidth) {
      right = legend.offsetWidth + 16;
    }
    return { topLeft: L.point(PAD + 20, PAD), bottomRight: L.point(right, PAD) };
  }

  // run a move of the page's own (not the user's) and remember where it left the map
  function autoMove(move) {
    state.auto++;
    try {
      move();
    } finally {
      state.auto--;
    }
    state.autoView = { center: state.map.getCenter(), zoom: state.map.getZoom() };
  }

  // Fit the view to the records; false (and a fit pending) while the map has no size
  // (a page loaded in a hidden tab): it fits when it is shown.
  function fitRecords() {
    var size = state.map.getSize();
    if (!size.x || !size.y || !state.admin1) {
      state.pendingFit = true;
      return false;
    }
    state.pendingFit = false;
    var pad = padding(size);
    autoMove(function () {
      state.map.fitBounds(recordBounds(), {
        paddingTopLeft: pad.topLeft,
        paddingBottomRight: pad.bottomRight,
        maxZoom: FIT_MAX_ZOOM,
        animate: false,
      });
    });
    return true;
  }

  function setUserMoved(moved) {
    if (state.userMoved === moved) return;
    state.userMoved = moved;
    if (state.bridge && state.bridge.viewMoved) state.bridge.viewMoved(moved);
  }

  // fit unless the user has moved the map since the last fit ("auto"), always ("force":
  // zoom to records), or never ("keep")
  function follow(mode) {
    if (mode === "keep") return false;
    if (mode === "force") return zoomToRecords();
    if (state.userMoved) return false;
    return fitRecords();
  }

  function zoomToRecords() {
    setUserMoved(false);
    return fitRecords();
  }

  // a popup about to open may pan the map to fit itself: that is not the user moving it
  function expectPopupPan() {
    state.popupPanUntil = performance.now() + 1500;
  }

  function onMoveEnd() {
    if (state.auto || state.userMoved) return;
    var map = state.map, v = state.autoView;
    if (performance.now() < (state.popupPanUntil || 0)) {
      state.autoView = { center: map.getCenter(), zoom: map.getZoom() };
      return;
    }
    if (v && v.zoom === map.getZoom()) {
      var was = map.latLngToContainerPoint(v.center);
      var now = map.latLngToContainerPoint(map.getCenter());
      if (was.distanceTo(now) < 2) return;
    }
    setUserMoved(true);
  }

  // the map was shown or resized: fit again unless the user moved it
  function onResize() {
    if (!state.userMoved) fitRecords();
  }

  function addZoomControl(map) {
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = el("div", "leaflet-bar fm-fit");
        var button = el("a", "fm-fit-button");
        button.href = "#";
        button.setAttribute("role", "button");
        button.title = t("Zoom to records");
        button.setAttribute("aria-label", t("Zoom to records"));
        // four corners around a dot, drawn with borders (no icon font, no image)
        ["tl", "tr", "bl", "br"].forEach(function (corner) {
          button.appendChild(el("span", "fm-corner fm-" + corner));
        });
        button.appendChild(el("span", "fm-centre"));
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function (ev) {
          L.DomEvent.preventDefault(ev);
          zoomToRecords();
        });
        bar.appendChild(button);
        return bar;
      },
    });
    state.fitControl = new Control();
    state.fitControl.addTo(map);
  }

  function init(map) {
    state.autoView = { center: map.getCenter(), zoom: map.getZoom() };
    map.on("moveend", onMoveEnd);
    map.on("resize", onResize);
    addZoomControl(map);
  }

  kit.view = {
    init: init,
    follow: follow,
    fitRecords: fitRecords,
    zoomToRecords: zoomToRecords,
    autoMove: autoMove,
    expectPopupPan: expectPopupPan,
  };
})();
