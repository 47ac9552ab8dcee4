// The desk view (desktop windows, 1280 px and wider): search, the ledger as a table filtered, sorted and paged
// by the server, downloads of what the table shows, the as-of day, and a case page with its history, chips and
// photos; the map and its legend are in desk-map.js. Uses app.js's helpers (api, t, word, ...).
"use strict";
/** Today on this computer's calendar (not UTC: at 07:00 in Beijing UTC is still yesterday), YYYY-MM-DD. */
const deskToday = () => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); };

const Desk = {
  asOf: deskToday(),
  filters: {},            // status, activity, severity, area, cell, due_by, overdue, confidence
  sort: "-detected_on",
  offset: 0,
  pageSize: 15,
  map: null,
  layers: {},             // id → Leaflet layer
  shown: {},              // id → shown on the map
  counts: {},             // id → features drawn
  epochs: [],
  areas: [],
  generation: 0,          // counts desk pages drawn, so a late answer never draws into a newer page
};

const DESK_ACTIVITIES = ["mining", "construction", "road", "water_works", "reclamation", "farming", "other"];
const DESK_STATUSES = Object.keys(DESK_STATUS_COLOURS);

/** An action's words: the field view's (action_*) or the desk's for the ledger's own steps (flag, attach...). */
const deskAction = (a) => (I18N[App.lang] && I18N[App.lang]["action_" + a]) || I18N["zh-CN"]["action_" + a] ? word("action", a) : word("desk_action", a);

/** "王伟:138…" → "王伟 138…" (people come as NAME:PHONE, staff joined by ", "). */
const deskPerson = (text) => text ? String(text).replace(/:/g, " ") : "";

/** The filters, sort and as-of day as query parameters, the same for the table and its downloads. */
function deskQuery(extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(Desk.filters)) if (v !== "" && v != null && v !== false) q.set(k, String(v));
  q.set("as_of", Desk.asOf);
  q.set("sort", Desk.sort);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

// --- The desk page ---------------------------------------------------------------------------------

/** Takes the desk's hashes (#/desk, #/desk/case/ID); an empty hash opens the desk on a wide window. */
Desk.route = async function () {
  const h = location.hash;
  if ((h === "" || h === "#" || h === "#/") && Desk.suits()) history.replaceState(null, "", "#/desk");
  document.body.classList.toggle("desk", location.hash.startsWith("#/desk"));
  deskNav();
  if (!location.hash.startsWith("#/desk")) return false;
  const m = location.hash.match(/^#\/desk\/case\/(.+)$/);
  if (m) await deskCase(decodeURIComponent(m[1])); else await deskMain();
  return true;
};

/** The desk suits a window 1280 px or wider. */
Desk.suits = () => window.innerWidth >= 1280;
/** Where to go after signing in: the desk on a wide window. */
Desk.home = () => Desk.suits() ? "#/desk" : null;

/** Links between the desk and my cases in the top bar. */
function deskNav() {
  let nav = document.getElementById("desk-nav");
  if (!nav) {
    nav = document.createElement("nav");
    nav.id = "desk-nav";
    document.getElementById("title").after(nav);
  }
  nav.hidden = !App.session;
  const onDesk = location.hash.startsWith("#/desk");
  nav.innerHTML = `<a href="#/desk" aria-current="${onDesk}">${escape(t("desk_ledger"))}</a>
    <a href="#/cases" aria-current="${!onDesk}">${escape(t("my_cases"))}</a>`;
}

async function deskMain() {
  const generation = ++Desk.generation;
  view().innerHTML = `<div class="desk-bar">
      <div class="desk-search"><input id="desk-search" type="search" autocomplete="off" placeholder="${escape(t("desk_search_hint"))}">
        <ul id="desk-hits" hidden></ul></div>
      <label>${escape(t("desk_as_of"))} <input id="desk-asof" type="date" value="${escape(Desk.asOf)}"></label>
      <span class="desk-downloads">${escape(t("desk_download"))}:
        <a id="desk-csv" class="desk-button" download>CSV</a> <a id="desk-gpkg" class="desk-button" download>GeoPackage</a></span>
    </div>
    <div class="desk-body"><div id="desk-map"></div>
      <section class="desk-ledger"><form id="desk-filters"></form><div id="desk-table"></div></section></div>`;
  deskFilters();
  deskFilterEvents();
  deskSearch();
  document.getElementById("desk-asof").addEventListener("change", (e) => {
    if (!e.target.value) return;
    Desk.asOf = e.target.value;
    Desk.offset = 0;
    deskImagery(); deskLoadLayers(); deskTable();
  });
  await deskMap(generation);
  if (generation !== Desk.generation) return;  // drawn again meanwhile (a second route to the desk)
  await deskTable();
  done("desk");
}

// --- Filters and the table ---------------------------------------------------------------------------

function deskFilters() {
  const form = document.getElementById("desk-filters"), f = Desk.filters;
  const select = (name, values, label) => `<label>${escape(t(label))}<select name="${name}"><option value="">${escape(t("desk_all"))}</option>
    ${values.map(([v, text]) => `<option value="${escape(v)}"${String(f[name] ?? "") === String(v) ? " selected" : ""}>${escape(text)}</option>`).join("")}</select></label>`;
  form.innerHTML = select("status", DESK_STATUSES.map((s) => [s, word("status", s)]).concat([["supervised", t("desk_supervised")]]), "status")
    + select("activity", DESK_ACTIVITIES.map((a) => [a, word("activity", a)]), "activity")
    + select("severity", ["high", "medium", "low"].map((s) => [s, word("severity", s)]), "severity")
    + select("area", Desk.areas.map((a) => [a.code, a.name]), "area")
    + select("confidence", [["0.5", "≥ 50%"], ["0.7", "≥ 70%"], ["0.9", "≥ 90%"]], "desk_confidence")
    + `<label>${escape(t("cell"))}<input name="cell" value="${escape(f.cell || "")}" placeholder="${escape(t("desk_cell_code"))}" size="12"></label>
    <label>${escape(t("desk_due_by"))}<input name="due_by" type="date" value="${escape(f.due_by || "")}"></label>
    <label class="desk-check"><input name="overdue" type="checkbox"${f.overdue ? " checked" : ""}>${escape(t("overdue"))}</label>
    <button type="button" id="desk-clear">${escape(t("desk_clear"))}</button>`;
}

/** The filter form's events, wired once per page (its fields are drawn again when reserves arrive). */
function deskFilterEvents() {
  const form = document.getElementById("desk-filters");
  form.addEventListener("change", (e) => {
    const el = e.target;
    Desk.filters[el.name] = el.type === "checkbox" ? el.checked : el.value;
    Desk.offset = 0;
    deskTable();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("click", (e) => {
    if (e.target.id !== "desk-clear") return;
    Desk.filters = {}; Desk.offset = 0; deskFilters(); deskTable();
  });
}

const DESK_COLUMNS = [["number", "desk_number"], ["status", "status"], ["severity", "severity"], ["activity", "activity"],
  ["area_name", "area"], [null, "cell"], ["overlap_m2", "overlap"], ["detected_on", "detected"], ["due_on", "due"]];

async function deskTable() {
  const box = document.getElementById("desk-table");
  if (!box) return;
  box.dataset.loading = "true";
  const query = deskQuery({ limit: Desk.pageSize, offset: Desk.offset });
  for (const [id, format] of [["desk-csv", "csv"], ["desk-gpkg", "gpkg"]]) {
    document.getElementById(id).href = "/api/v1/downloads/cases?" + deskQuery({ format, lang: App.lang });
  }
  const r = await api("GET", "/api/v1/cases?" + query);
  if (query !== deskQuery({ limit: Desk.pageSize, offset: Desk.offset })) return;  // a later request draws the table
  if (r.status === 401) return showSignIn();
  if (!r.ok) { box.innerHTML = `<p class="message">${escape(t("error"))}: ${escape((r.data && r.data.detail) || r.status)}</p>`; return; }
  const items = list(r.data, "cases"), total = r.data.total, key = Desk.sort.replace(/^-/, ""), down = Desk.sort.startsWith("-");
  const head = DESK_COLUMNS.map(([k, label]) => k
    ? `<th><button type="button" data-sort="${k}" aria-sort="${k === key ? (down ? "descending" : "ascending") : "none"}">${escape(t(label))}${k === key ? (down ? " ▼" : " ▲") : ""}</button></th>`
    : `<th>${escape(t(label))}</th>`).join("");
  const rows = items.map((c) => `<tr data-case="${escape(c.number)}" data-id="${c.id}" data-status="${c.status}" data-overlap="${c.overlap_m2}">
      <td><a href="#/desk/case/${c.id}">${escape(c.number)}</a></td>
      <td><span class="status" style="border-left: 4px solid ${DESK_STATUS_COLOURS[c.status] || "#000"}">${escape(word("status", c.status))}</span></td>
      <td>${escape(word("severity", c.severity))}</td><td>${escape(word("activity", c.activity))}</td>
      <td class="area">${escape(c.area_name)}${c.zone ? " · " + escape(word("zone", c.zone)) : ""}</td>
      <td>${escape(c.village_name || c.township_name || c.county_name || "")}</td>
      <td class="num">${escape(number(c.overlap_m2))}</td><td>${escape(c.detected_on)}</td>
      <td class="${c.overdue ? "overdue" : ""}">${escape(c.due_on)}${c.overdue ? " · " + escape(t("overdue")) : ""}</td>
      <td><button type="button" class="desk-locate" data-locate="${c.id}" title="${escape(t("desk_locate"))}">⌖</button></td></tr>`).join("");
  const from = total === 0 ? 0 : Desk.offset + 1, to = Desk.offset + items.length;
  box.innerHTML = `<table class="desk-cases" id="desk-cases" data-total="${total}"><thead><tr>${head}<th></th></tr></thead>
      <tbody>${rows || `<tr><td colspan="10">${escape(t("desk_no_match"))}</td></tr>`}</tbody></table>
    <div class="desk-pager"><button type="button" id="desk-prev"${Desk.offset === 0 ? " disabled" : ""}>‹ ${escape(t("desk_previous"))}</button>
      <span id="desk-range">${escape(t("desk_range").replace("{from}", number(from)).replace("{to}", number(to)).replace("{total}", number(total)))}</span>
      <button type="button" id="desk-next"${to >= total ? " disabled" : ""}>${escape(t("desk_next"))} ›</button></div>`;
  box.dataset.loading = "false";
  box.querySelector("thead").addEventListener("click", (e) => {
    const k = e.target.closest("button")?.dataset.sort;
    if (!k) return;
    Desk.sort = Desk.sort === k ? "-" + k : k;
    Desk.offset = 0;
    deskTable();
  });
  box.querySelector("#desk-prev").addEventListener("click", () => { Desk.offset = Math.max(0, Desk.offset - Desk.pageSize); deskTable(); });
  box.querySelector("#desk-next").addEventListener("click", () => { Desk.offset += Desk.pageSize; deskTable(); });
  box.querySelector("tbody").addEventListener("click", async (e) => {
    const id = e.target.closest("button")?.dataset.locate;
    if (!id) return;
    const f = await api("GET", `/ogc/collections/cases/items/${id}`);
    if (f.ok && Desk.map) Desk.map.fitBounds(L.geoJSON(f.data).getBounds(), { maxZoom: 16, padding: [30, 30] });
  });
}

// --- Search ----------------------------------------------------------------------------------------------

function deskSearch() {
  const input = document.getElementById("desk-search"), hits = document.getElementById("desk-hits");
  let timer = null, asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      asked = q;
      if (!q) { hits.hidden = true; return; }
      const r = await api("GET", `/api/v1/search?q=${encodeURIComponent(q)}&as_of=${Desk.asOf}`);
      if (asked !== q || !r.ok) return;
      const found = r.data.hits || [];
      hits.innerHTML = found.length === 0 ? `<li class="none">${escape(t("desk_nothing_found"))}</li>` : found.map((h, i) => {
        const detail = h.kind === "case" ? word("status", h.detail) : h.kind === "cell" ? word("desk_level", h.detail) : word("desk_kind", h.detail);
        return `<li><button type="button" data-hit="${i}" data-kind="${h.kind}" data-key="${escape(h.key)}">
          <span class="kind">${escape(t("desk_hit_" + h.kind))}</span> <b>${escape(h.label)}</b>
          <small>${escape(detail)}${h.kind === "case" ? " · " + escape(h.code) : h.code !== h.label ? " · " + escape(h.code) : ""}</small></button></li>`;
      }).join("");
      hits.hidden = false;
      hits.onclick = (e) => {
        const b = e.target.closest("button[data-hit]");
        if (!b) return;
        const h = found[Number(b.dataset.hit)];
        hits.hidden = true;
        deskFly(h.bbox);
        if (h.kind === "case") { location.hash = `#/desk/case/${h.key}`; return; }
        // A cell or a reserve narrows the table to it as well.
        Desk.filters[h.kind === "cell" ? "cell" : "area"] = h.kind === "cell" ? h.key : h.code;
        Desk.offset = 0;
        deskFilters(); deskTable();
      };
    }, 250);
  });
}

function deskFly(bbox) {
  if (!Desk.map || !bbox) return;
  Desk.map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { maxZoom: 16, padding: [30, 30] });
}

// --- One case at the desk -------------------------------------------------------------------------------

async function deskCase(id) {
  const r = await api("GET", `/api/v1/cases/${encodeURIComponent(id)}`);
  if (location.hash !== `#/desk/case/${id}`) return;
  if (r.status === 401) return showSignIn();
  if (!r.ok) return showError(r);
  const c = r.data;
  const field = (label, value) => value ? `<dt>${escape(t(label))}</dt><dd>${escape(value)}</dd>` : "";
  const when = (at) => at ? new Intl.DateTimeFormat(App.lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at)) : "";
  // Each chip holds the before and after images side by side, in true or false colour (…-true.png, …-false.png).
  const chips = (c.chips || []).map((src) => {
    const label = /-false\.png$/.test(src) ? t("desk_false_colour") : /-true\.png$/.test(src) ? t("desk_true_colour") : `${t("before")} · ${t("after")}`;
    return `<figure><img src="${escape(src)}" alt="${escape(label)}"><figcaption>${escape(label)}</figcaption></figure>`;
  }).join("");
  const photos = (c.attachments || []).map((a) => {
    const src = `/api/v1/cases/${c.id}/evidence/${encodeURIComponent(a.path.split("/").pop())}`;
    return `<figure><a href="${escape(src)}" target="_blank"><img src="${escape(src)}" alt="${escape(t("desk_photo"))}"></a>
      <figcaption>${escape(deskPerson(a.by))} · ${escape(when(a.at))}${a.distance_m != null ? " · " + escape(meters(a.distance_m)) : ""}</figcaption></figure>`;
  }).join("");
  view().innerHTML = `<p><a href="#/desk">← ${escape(t("desk_back_to_ledger"))}</a> · <a href="#/case/${c.id}">${escape(t("desk_act_in_field_view"))}</a></p>
    <h1 id="desk-case" data-case="${c.id}">${escape(t("desk_case"))} ${escape(c.number)} <span class="status">${escape(word("status", c.status))}</span></h1>
    <div class="desk-case"><div>
      <div class="chips" id="chips">${chips || `<p>${escape(t("desk_no_chips"))}</p>`}</div>
      <div id="desk-case-map"></div>
      <h2>${escape(t("desk_photos"))}</h2><div class="chips" id="desk-photos">${photos || `<p>${escape(t("desk_no_photos"))}</p>`}</div>
    </div><div>
      <dl class="fields">${field("severity", word("severity", c.severity))}${field("area", c.area_name)}${field("zone", word("zone", c.zone))}
        ${field("activity", word("activity", c.activity))}${field("overlap", c.overlap_m2 != null ? `${number(c.overlap_m2)} ${t("m2")}` : "")}
        ${field("cell", [c.village_name, c.township_name, c.county_name].filter(Boolean).join(" · "))}
        ${field("desk_unit", c.routed_unit || c.unit)}${field("desk_head", deskPerson(c.routed_head || c.head))}
        ${field("desk_staff", deskPerson(c.routed_staff || c.staff))}
        ${field("detected", date(c.detected_on))}${field("due", date(c.due_on) + (c.overdue ? " · " + t("overdue") : ""))}
        ${field("verdict", c.verdict ? word("verdict", c.verdict) : "")}${field("desk_supervision", c.supervision_level)}
        ${field("desk_transfer", c.transfer_department)}</dl>
      <h2>${escape(t("history"))}</h2>
      <table class="desk-history" id="desk-history"><thead><tr><th>${escape(t("desk_when"))}</th><th>${escape(t("desk_who"))}</th>
        <th>${escape(t("desk_what"))}</th><th>${escape(t("status"))}</th><th>${escape(t("note"))}</th></tr></thead><tbody>
        ${(c.history || []).map((e) => `<tr><td>${escape(when(e.at))}</td><td>${escape(deskPerson(e.actor || ""))}</td>
          <td>${escape(deskAction(e.action))}</td>
          <td>${e.from ? escape(word("status", e.from)) + " → " : ""}${escape(word("status", e.to))}</td><td>${escape(e.note || "")}</td></tr>`).join("")}
      </tbody></table></div></div>`;
  for (const img of view().querySelectorAll("#chips img")) img.addEventListener("click", () => fullScreen(img.src));
  const map = L.map("desk-case-map");
  const outline = L.geoJSON(c.geometry, { style: { color: "#e8590c", weight: 3, fillOpacity: 0.15 } }).addTo(map);
  map.fitBounds(outline.getBounds(), { maxZoom: 17, padding: [20, 20] });
  const epochs = await api("GET", "/api/v1/epochs");
  const epoch = epochs.ok ? list(epochs.data, "epochs").filter((e) => !e.date || e.date <= c.detected_on)
    .sort((a, b) => String(a.date).localeCompare(String(b.date))).pop() : null;
  if (epoch) { deskTiles(epoch).addTo(map); outline.bringToFront(); }
  done("desk-case");
}
