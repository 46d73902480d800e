/* fieldapp's map page: popups for one record and for several at one place.
 * Part of fieldapp (MIT).
 *
 * A click on a single record shows its details; a click on a marker with a count lists
 * every record there (date, type, casualties or people), newest first, each line opening
 * its record: in the app through the bridge (the record form), in a standalone page as
 * that record's own popup. All text goes in with textContent.
 */
(function () {
  "use strict";

  var kit = window.FieldMapKit;
  var state = kit.state, el = kit.el, t = kit.t, fmt = kit.fmt, digits = kit.digits;

  var MAX_LINES = 60; // per kind; beyond that the popup offers to zoom in

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

  function layerOf(kind) {
    return kind === "incidents" ? state.incidents : state.displacements;
  }

  function openLink(box, id) {
    var link = el("a", "fm-open", t("Open record"));
    link.href = "#";
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      state.bridge.openRecord(id);
    });
    box.appendChild(link);
  }

  function recordPopup(kind, i) {
    var d = state.data[kind];
    var box = el("div", "fm-popup");
    box.setAttribute("data-record", d.ids[i]);
    box.appendChild(el("div", "fm-title", d.loc[i] || t("(no location)")));
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
    if (state.bridge) openLink(box, d.ids[i]);
    return box;
  }

  function openPopup(kind, i) {
    kit.view.expectPopupPan();
    state.openPopup = L.popup({ maxWidth: 320, minWidth: 200 })
      .setLatLng(layerOf(kind).latLngOf(i))
      .setContent(recordPopup(kind, i))
      .openOn(state.map);
    return state.openPopup;
  }

  // one line of a place's list: date · type · casualties (or people), each part isolated
  // so Arabic and Latin parts keep their own direction
  function lineFor(kind, i) {
    var d = state.data[kind];
    var parts = [digits(d.date[i])];
    if (kind === "incidents") {
      parts.push(t(state.config.subs[d.sub[i]] || state.config.types[d.type[i]] || ""));
      var toll = [];
      if (d.killed[i] !== null && d.killed[i] !== undefined) toll.push(t("Killed") + " " + fmt(d.killed[i]));
      if (d.injured[i] !== null && d.injured[i] !== undefined) toll.push(t("Injured") + " " + fmt(d.injured[i]));
      if (toll.length) parts.push(toll.join(", "));
    } else {
      parts.push(t(state.config.directions[d.dir[i]] || ""));
      if (d.individuals[i]) parts.push(t("Individuals") + " " + fmt(d.individuals[i]));
      else if (d.households[i]) parts.push(t("Households") + " " + fmt(d.households[i]));
    }
    var line = el("a", "fm-line");
    line.href = "#";
    line.setAttribute("data-record", d.ids[i]);
    line.setAttribute("data-kind", kind);
    parts.forEach(function (text, n) {
      if (n) line.appendChild(document.createTextNode(" · "));
      var part = el("bdi", null, text);
      if (!n) part.dir = "ltr"; // an ISO date reads left to right, as in the tables
      line.appendChild(part);
    });
    line.addEventListener("click", function (ev) {
      ev.preventDefault();
      if (state.bridge) state.bridge.openRecord(d.ids[i]);
      else openPopup(kind, i);
    });
    return line;
  }

  function mostCommon(values) {
    var seen = {}, best = null, most = 0;
    values.forEach(function (v) {
      if (!v) return;
      seen[v] = (seen[v] || 0) + 1;
      if (seen[v] > most) { most = seen[v]; best = v; }
    });
    return best;
  }

  function section(box, kind, members) {
    if (!members.length) return;
    var d = state.data[kind];
    var sorted = members.slice().sort(function (a, b) {
      return d.date[a] < d.date[b] ? 1 : d.date[a] > d.date[b] ? -1 : 0;
    });
    var title = t(kind === "incidents" ? "Incidents" : "Displacement");
    box.appendChild(el("div", "fm-section", title + " (" + fmt(members.length) + ")"));
    var list = el("div", "fm-lines");
    sorted.slice(0, MAX_LINES).forEach(function (i) { list.appendChild(lineFor(kind, i)); });
    box.appendChild(list);
    if (sorted.length > MAX_LINES) {
      var more = el("div", "fm-more", t("and {n} more").replace("{n}", fmt(sorted.length - MAX_LINES)) + " ");
      var zoom = el("a", null, t("Zoom in"));
      zoom.href = "#";
      zoom.addEventListener("click", function (ev) {
        ev.preventDefault();
        var layer = layerOf(kind);
        var bounds = L.latLngBounds(members.map(function (i) { return layer.latLngOf(i); }));
        state.map.closePopup();
        state.map.fitBounds(bounds, { maxZoom: state.map.getMaxZoom(), animate: false });
      });
      more.appendChild(zoom);
      box.appendChild(more);
    }
  }

  // group: {incidents: [indices], displacements: [indices]}
  function groupPopup(group) {
    var box = el("div", "fm-popup fm-group");
    var names = [];
    ["incidents", "displacements"].forEach(function (kind) {
      group[kind].forEach(function (i) { names.push(state.data[kind].loc[i]); });
    });
    box.appendChild(el("div", "fm-title", mostCommon(names) || t("(no location)")));
    section(box, "incidents", group.incidents);
    section(box, "displacements", group.displacements);
    return box;
  }

  function openGroup(group) {
    var total = group.incidents.length + group.displacements.length;
    if (!total) return null;
    if (total === 1) {
      return group.incidents.length ? openPopup("incidents", group.incidents[0])
        : openPopup("displacements", group.displacements[0]);
    }
    var kind = group.incidents.length ? "incidents" : "displacements";
    var layer = layerOf(kind), members = group[kind];
    var lat = 0, lon = 0;
    members.forEach(function (i) { lat += state.data[kind].lat[i]; lon += state.data[kind].lon[i]; });
    var at = members.length === 1 ? layer.latLngOf(members[0]) : L.latLng(lat / members.length, lon / members.length);
    kit.view.expectPopupPan();
    state.openPopup = L.popup({ maxWidth: 480, minWidth: 260, maxHeight: 320 })
      .setLatLng(at)
      .setContent(groupPopup(group))
      .openOn(state.map);
    return state.openPopup;
  }

  // what is under a map point: an incidents' marker (with the displacement circles centred
  // at the same place), else the displacement circles there
  function groupAt(containerPoint) {
    var incidents = state.incidents.hit(containerPoint);
    var displacements = [];
    if (incidents.length) {
      var scale = Math.pow(2, state.map.getZoom());
      var x = 0, y = 0;
      incidents.forEach(function (i) { x += state.incidents.wx[i]; y += state.incidents.wy[i]; });
      if (state.map.hasLayer(state.displacements)) {
        displacements = state.displacements.near(x / incidents.length * scale, y / incidents.length * scale, scale);
      }
    } else {
      displacements = state.displacements.hit(containerPoint);
    }
    if (!incidents.length && !displacements.length) return null;
    return { incidents: incidents, displacements: displacements };
  }

  kit.openPopup = openPopup;
  kit.openGroup = openGroup;
  kit.groupAt = groupAt;
})();
