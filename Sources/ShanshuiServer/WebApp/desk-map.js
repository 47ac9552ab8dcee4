// The desk's map (desk.js draws the rest of the desk): every layer from the OGC API as of the desk's day, the
// epoch imagery, popups in plain words and the legend. Uses app.js's helpers (api, t, word, ...).
"use strict";
const DESK_STATUS_COLOURS = { flagged: "#d7191c", dispatched: "#fdae61", verified: "#e6c700", rectifying: "#2c7bb6",
  accepted: "#1a9641", closed: "#777777", transferred: "#8e44ad" };
const DESK_ZONE_COLOURS = { core: "#006d2c", buffer: "#41ab5d", experimental: "#a1d99b", core_protection: "#006d2c", general_control: "#a1d99b" };
/** The vector layers in drawing order (lowest first), each with its style and popup in plain words. */
const DESK_LAYERS = {
  cells: { style: () => ({ color: "#555", weight: 1, dashArray: "2 3", fillOpacity: 0 }),
    popup: (p) => deskRows(p.name, [["desk_cell_code", p.code], ["desk_level", word("desk_level", p.level)], ["desk_unit", p.unit],
      ["desk_head", deskPerson(p.head)], ["desk_staff", deskPerson(p.staff)], ["desk_assigned_from", date(p.assigned_from)]]) },
  protected_areas: { style: () => ({ color: "#1b7837", weight: 2, fillOpacity: 0.04 }),
    popup: (p) => deskRows(p.name, [["desk_kind", word("desk_kind", p.kind)], ["desk_area_code", p.code],
      ["desk_area_km2", p.area_km2 != null ? `${number(p.area_km2, 2)} ${t("desk_km2")}` : ""], ["desk_valid_from", date(p.valid_from)]]) },
  zones: { style: (f) => ({ color: DESK_ZONE_COLOURS[f.properties.zone] || "#41ab5d", weight: 1, fillOpacity: 0.2 }),
    popup: (p) => deskRows(`${p.name} · ${word("zone", p.zone)}`, [["desk_kind", word("desk_kind", p.kind)],
      ["desk_area_km2", p.area_km2 != null ? `${number(p.area_km2, 2)} ${t("desk_km2")}` : ""]]) },
  red_lines: { style: () => ({ color: "#b2182b", weight: 2, dashArray: "5 4", fillOpacity: 0.04 }),
    popup: (p) => deskRows(p.name, [["desk_kind", word("desk_kind", p.kind)], ["desk_area_code", p.code],
      ["desk_area_km2", p.area_km2 != null ? `${number(p.area_km2, 2)} ${t("desk_km2")}` : ""]]) },
  patches: { style: () => ({ color: "#f46d43", weight: 1, fillOpacity: 0.45 }),
    popup: (p) => deskRows(t("desk_patch"), [["activity", word("activity", p.activity)], ["desk_change", word("desk_change", p.change)],
      ["desk_patch_area", `${number(p.area_m2)} ${t("m2")}`], ["desk_confidence", `${number((p.confidence || 0) * 100)}%`]]) },
  cases: { style: (f) => ({ color: DESK_STATUS_COLOURS[f.properties.status] || "#000", weight: 3, fillOpacity: 0.55 }),
    popup: (p) => deskRows(`${t("desk_case")} ${p.number}`, [["status", word("status", p.status)], ["severity", word("severity", p.severity)],
      ["area", p.area_name], ["zone", word("zone", p.zone)], ["activity", word("activity", p.activity)],
      ["overlap", `${number(p.overlap_m2)} ${t("m2")}`], ["cell", p.village_name || p.township_name || p.county_name],
      ["detected", date(p.detected_on)], ["due", date(p.due_on) + (p.overdue ? " · " + t("overdue") : "")]])
      + `<p><a href="#/desk/case/${encodeURIComponent(p.id)}" class="desk-open">${escape(t("desk_open_case"))}</a></p>` },
};

/** A popup: a title and label/value rows, empty values left out. */
function deskRows(title, rows) {
  return `<div class="desk-popup"><b>${escape(title)}</b><table>` + rows.filter(([, v]) => v).map(([k, v]) =>
    `<tr><th>${escape(t(k))}</th><td>${escape(v)}</td></tr>`).join("") + "</table></div>";
}

// --- The map, its layers and legend --------------------------------------------------------------------

async function deskMap(generation) {
  const [collections, epochs, areas] = await Promise.all([api("GET", "/ogc/collections"), api("GET", "/api/v1/epochs"),
    api("GET", `/api/v1/protected-areas?limit=1000&as_of=${Desk.asOf}`)]);
  if (generation !== Desk.generation) return;
  const map = L.map("desk-map", { zoomControl: true });
  Desk.map = map;
  Desk.layers = {};
  Desk.epochs = epochs.ok ? list(epochs.data, "epochs").sort((a, b) => String(a.date).localeCompare(String(b.date))) : [];
  Desk.areas = areas.ok ? list(areas.data, "areas") : [];
  deskFilters();
  // Start on everything the workspace holds.
  let box = null;
  for (const c of (collections.ok && collections.data.collections) || []) {
    const b = c.extent && c.extent.spatial && c.extent.spatial.bbox && c.extent.spatial.bbox[0];
    if (b) box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  if (box) map.fitBounds([[box[1], box[0]], [box[3], box[2]]]); else map.setView([32.5, 119.9], 9);
  for (const id of Object.keys(DESK_LAYERS)) {
    if (Desk.shown[id] === undefined) Desk.shown[id] = true;
    Desk.layers[id] = L.geoJSON(null, { style: DESK_LAYERS[id].style, onEachFeature: (f, l) => l.bindPopup(() => DESK_LAYERS[id].popup(f.properties)) });
    if (Desk.shown[id]) Desk.layers[id].addTo(map);
  }
  if (Desk.shown.imagery === undefined) Desk.shown.imagery = true;
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => { const div = L.DomUtil.create("div", "desk-legend"); div.id = "desk-legend"; L.DomEvent.disableClickPropagation(div); return div; };
  legend.addTo(map);
  legend.getContainer().addEventListener("change", (e) => {
    const id = e.target.dataset.toggle;
    if (!id) return;
    Desk.shown[id] = e.target.checked;
    const layer = id === "imagery" ? Desk.imagery : Desk.layers[id];
    if (layer) { if (e.target.checked) layer.addTo(map); else map.removeLayer(layer); }
    if (id !== "imagery" && e.target.checked) deskLoadLayers();
  });
  deskImagery();
  map.on("moveend", () => deskLoadLayers());
  await deskLoadLayers();
}

/** The imagery of the latest epoch taken on or before the as-of day, as XYZ tiles rendered by the server. */
function deskImagery() {
  if (!Desk.map) return;
  if (Desk.imagery) Desk.map.removeLayer(Desk.imagery);
  const epoch = Desk.epochs.filter((e) => !e.date || e.date <= Desk.asOf).pop();
  Desk.epoch = epoch || null;
  Desk.imagery = epoch ? deskTiles(epoch) : null;
  if (Desk.imagery && Desk.shown.imagery) { Desk.imagery.addTo(Desk.map); Desk.imagery.bringToBack(); }
  deskLegend();
}

/** An epoch's true-colour tiles, asked only within its footprint (the server has none outside it). */
function deskTiles(epoch) {
  const bounds = epoch.footprint ? L.geoJSON(epoch.footprint).getBounds() : undefined;
  return L.tileLayer(`/api/v1/epochs/${epoch.id}/tiles/{z}/{x}/{y}.png?style=true`, { maxZoom: 19, errorTileUrl: "", bounds });
}

let deskLoading = 0;
/** Every shown layer's features in the map's view as of the day, from the OGC API (paged there by the store). */
async function deskLoadLayers() {
  const element = document.getElementById("desk-map");
  if (!Desk.map || !element || Desk.map.getContainer() !== element) return;
  const ticket = ++deskLoading, b = Desk.map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(",");
  element.dataset.loading = "true";
  await Promise.all(Object.keys(DESK_LAYERS).map(async (id) => {
    if (!Desk.shown[id]) return;
    const r = await api("GET", `/ogc/collections/${id}/items?bbox=${bbox}&datetime=${Desk.asOf}&limit=5000`);
    if (ticket !== deskLoading || !r.ok) return;
    Desk.layers[id].clearLayers();
    Desk.layers[id].addData(r.data);
    Desk.counts[id] = (r.data.features || []).length;
  }));
  if (ticket !== deskLoading) return;
  for (const id of ["patches", "cases"]) if (Desk.shown[id]) Desk.layers[id].bringToFront();
  deskLegend();
  element.dataset.loading = "false";
}

/** The legend: one entry per layer (with a switch), zones and case statuses by colour, counts in view. */
function deskLegend() {
  const div = document.getElementById("desk-legend");
  if (!div) return;
  const swatch = (style) => style.color === "#000" ? `<i style="border-color:${DESK_STATUS_COLOURS.flagged};background:${DESK_STATUS_COLOURS.dispatched}"></i>`
    : `<i style="border-color:${style.color};background:${style.fillOpacity > 0.1 ? style.color : "transparent"};${style.dashArray ? "border-style:dashed;" : ""}"></i>`;
  const entry = (id, label, extra = "") => `<li data-layer="${id}" data-count="${Desk.counts[id] ?? ""}">
      <label><input type="checkbox" data-toggle="${id}"${Desk.shown[id] ? " checked" : ""}>${id === "imagery" ? '<i class="imagery"></i>' : swatch(DESK_LAYERS[id].style({ properties: {} }))}
      ${escape(label)}${Desk.counts[id] != null && id !== "imagery" ? ` <small>(${number(Desk.counts[id])})</small>` : ""}</label>${extra}</li>`;
  const sub = (pairs) => `<ul class="sub">${pairs.map(([c, text, key]) => `<li data-key="${key}"><i style="background:${c};border-color:${c}"></i>${escape(text)}</li>`).join("")}</ul>`;
  const epoch = Desk.epoch ? `${Desk.epoch.name}（${date(Desk.epoch.date)}）` : t("desk_no_imagery");
  div.innerHTML = `<h3>${escape(t("desk_legend"))}</h3><ul>
    ${entry("cases", t("desk_layer_cases"), sub(DESK_STATUSES.map((s) => [DESK_STATUS_COLOURS[s], word("status", s), s])))}
    ${entry("patches", t("desk_layer_patches"))}
    ${entry("protected_areas", t("desk_layer_areas"))}
    ${entry("zones", t("desk_layer_zones"), sub(["core", "buffer", "experimental"].map((z) => [DESK_ZONE_COLOURS[z], word("zone", z), z])))}
    ${entry("red_lines", t("desk_layer_red_lines"))}
    ${entry("cells", t("desk_layer_cells"))}
    ${entry("imagery", `${t("desk_layer_imagery")}: ${epoch}`)}</ul>`;
}

