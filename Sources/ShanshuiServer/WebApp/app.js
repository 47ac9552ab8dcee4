// The Shanshui web app: sign in, my cases, a case page with its chips, map and actions, and the offline
// queue. Plain JavaScript against the REST API; strings come from the dictionaries (i18n-*.js).
"use strict";
const App = {
  lang: localStorage.getItem("shanshui.lang") || "zh-CN",
  session: null,     // {user, role, person, csrf} once signed in
  position: null,    // {lat, lon} from the Geolocation API
  errors: 0,
};

/** The service worker's cache of API answers (sw.js): read offline, emptied on sign-out. */
const DATA_CACHE = "shanshui-data-v1";
const t = (key) => (I18N[App.lang] && I18N[App.lang][key]) || I18N["zh-CN"][key] || key;
const word = (prefix, value) => value == null ? "" : t(prefix + "_" + value);
/** An action in words: the field's (action_*), else the ledger's own steps as the desk names them (desk_action_*). */
const actionWord = (a) => (I18N[App.lang] && I18N[App.lang]["action_" + a]) || I18N["zh-CN"]["action_" + a] ? word("action", a) : word("desk_action", a);
const view = () => document.getElementById("view");
const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const number = (n, digits = 0) => new Intl.NumberFormat(App.lang, { maximumFractionDigits: digits }).format(n);
const date = (day) => day ? new Intl.DateTimeFormat(App.lang, { year: "numeric", month: "long", day: "numeric" }).format(new Date(day + "T00:00:00")) : "";
const moment = (at) => at ? new Intl.DateTimeFormat(App.lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(at)) : "";
const meters = (m) => m == null ? "—" : m < 1000 ? `${number(m)} ${t("m")}` : `${number(m / 1000, 1)} ${t("km")}`;

/** Metres between two WGS 84 points (haversine). */
function distance(a, b) {
  const r = 6371008.8, rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** A point inside (or on) a GeoJSON geometry: the mean of its outer ring's vertices. */
function centre(geometry) {
  let ring = geometry.coordinates;
  while (Array.isArray(ring[0]) && Array.isArray(ring[0][0])) ring = ring[0];
  const points = Array.isArray(ring[0]) ? ring : [ring];
  const sum = points.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return { lon: sum[0] / points.length, lat: sum[1] / points.length };
}

/** The items of a list answer: `{<key>: [...]}`, `{items: [...]}` or a bare array. */
const list = (data, key) => Array.isArray(data) ? data : ((data && (data[key] || data.items)) || []);

/** A call to the API with the session cookie; writes carry the CSRF token. */
async function api(method, path, { body, headers = {} } = {}) {
  const h = { Accept: "application/json", ...headers };
  if (method !== "GET" && App.session) h["X-CSRF-Token"] = App.session.csrf_token;
  if (body !== undefined && !(body instanceof Blob)) { h["Content-Type"] = "application/json"; body = JSON.stringify(body); }
  // Offline, a read comes straight from the device (the service worker's copy; no waiting for a network
  // that is not there); a page never kept answers as the service worker does: 503 "offline".
  const response = method === "GET" && !navigator.onLine && "caches" in window
    ? (await caches.match(path, { cacheName: DATA_CACHE, ignoreSearch: path.startsWith("/api/v1/me/") })
       || new Response(JSON.stringify({ detail: "offline" }), { status: 503, headers: { "Content-Type": "application/json" } }))
    : await fetch(path, { method, headers: h, body, credentials: "same-origin" });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag"), url: path };
}

function setNet() {
  const net = document.getElementById("net");
  net.dataset.online = String(navigator.onLine);
  net.textContent = navigator.onLine ? t("online") : t("offline");
}

function chrome() {
  document.documentElement.lang = App.lang;
  document.title = t("app_title");
  document.getElementById("title").textContent = t("app_title");
  document.getElementById("lang").textContent = t("language");
  const out = document.getElementById("signout");
  out.textContent = t("sign_out");
  out.hidden = !App.session;
  const who = document.getElementById("who"), s = App.session;
  who.hidden = !s;
  if (s) {
    const cells = (s.person && s.person.cells) || [];
    who.textContent = (s.person && s.person.name) || s.user;
    who.title = [s.user, word("role", s.role), ...cells.map((c) => `${c.code} ${word("cell_role", c.role)}`)].join(" · ");
  }
  setNet();
}

function done(state) { view().dataset.state = state; view().dataset.errors = String(App.errors); }

// --- Sign-in -----------------------------------------------------------------------------------------

function showSignIn(message) {
  view().innerHTML = `<form class="signin" id="signin">
    <h1>${escape(t("app_title"))}</h1>
    ${message ? `<p class="message" id="signin-message">${escape(message)}</p>` : ""}
    <label>${escape(t("user"))}<input name="user" autocomplete="username" required></label>
    <label>${escape(t("password"))}<input name="password" type="password" autocomplete="current-password" required></label>
    <button class="primary" type="submit">${escape(t("sign_in"))}</button></form>`;
  document.getElementById("signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const r = await api("POST", "/api/v1/session", { body: { user: form.get("user"), password: form.get("password") } });
    if (r.ok) { App.session = r.data; chrome(); location.hash = (typeof Desk !== "undefined" && Desk.home()) || "#/cases"; route(); }
    else showSignIn(r.status === 429 ? t("locked_out") : t("sign_in_failed"));
  });
  done("signin");
}

// --- My cases ------------------------------------------------------------------------------------------

async function showCases() {
  const where = App.position ? `?lat=${App.position.lat}&lon=${App.position.lon}` : "";
  const r = await api("GET", "/api/v1/me/cases" + where);
  if (r.status === 401) return showSignIn();
  if (!r.ok) return showError(r);
  const items = list(r.data, "cases");
  const cells = list(r.data, "cells");
  const duty = cells.length ? `<p class="duty" id="duty">${escape(t("my_cells"))}: ${cells.map((c) => `${escape(c.code)} · ${escape(word("cell_role", c.role))}`).join("，")}</p>` : "";
  view().innerHTML = `<h1>${escape(t("my_cases"))}</h1>${duty}` + (items.length === 0 ? `<p>${escape(t("no_cases"))}</p>` :
    `<ul class="cases" id="cases">${items.map((c) => `<li><a href="#/case/${encodeURIComponent(c.id)}" data-case="${escape(c.number)}">
      <span class="number">${escape(c.number)}</span> <span class="status">${escape(word("status", c.status))}</span>
      <div class="meta"><span>${escape(t("due"))}: <span class="${c.overdue ? "overdue" : ""}">${escape(date(c.due_on))}${c.overdue ? " · " + escape(t("overdue")) : ""}</span></span>
      <span>${escape(t("distance"))}: ${escape(meters(c.distance_m))}</span>
      <span>${escape(word("activity", c.activity))}</span><span>${escape(c.area_name || "")}</span></div></a></li>`).join("")}</ul>`);
  done("cases");
  prefetch(r.url, items);
}

/** Keeps my cases on the device for going offline: the list, each case page and its chips are fetched
 *  once the service worker controls the page (it caches what passes through it). Sequential and quiet. */
async function prefetch(listURL, items) {
  if (App.prefetching || !navigator.onLine || !("serviceWorker" in navigator)) return;
  App.prefetching = true;
  try { await keep(listURL, items); } finally { App.prefetching = false; }
}

async function keep(listURL, items) {
  if (!navigator.serviceWorker.controller) {
    await Promise.race([new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true })),
                        new Promise((ok) => setTimeout(ok, 15000))]);
    if (!navigator.serviceWorker.controller) return;
    await fetch(listURL, { credentials: "same-origin" }).catch(() => null);
  }
  for (const c of items) {
    const r = await api("GET", `/api/v1/cases/${encodeURIComponent(c.id)}`).catch(() => null);
    if (!r || !r.ok) continue;
    for (const src of r.data.chips || []) await fetch(src, { credentials: "same-origin" }).catch(() => null);
  }
}

// --- One case -----------------------------------------------------------------------------------------

async function showCase(id) {
  const r = await api("GET", `/api/v1/cases/${encodeURIComponent(id)}`);
  // Moved on to another page meanwhile (a late refresh after the queue sent something): draw nothing.
  if (location.hash !== `#/case/${id}`) return;
  if (r.status === 401) return showSignIn();
  if (!r.ok) return showError(r);
  const c = r.data, here = centre(c.geometry);
  const mine = App.position ? meters(distance(App.position, here)) : t("position_unknown");
  // Each chip holds both epochs side by side (before | after), in true or in false colour.
  const falseColour = (src) => /-false\.png$/.test(src);
  const chips = [...c.chips].sort((a, b) => falseColour(a) - falseColour(b)).map((src) => {
    const label = `${t(falseColour(src) ? "false_colour" : "true_colour")} · ${t("before")} | ${t("after")}`;
    return `<figure><img src="${escape(src)}" alt="${escape(label)}" title="${escape(t("full_screen"))}">
      <figcaption>${escape(label)}</figcaption></figure>`;
  }).join("");
  const plan = c.rectification;
  const field = (label, value) => value ? `<dt>${escape(t(label))}</dt><dd>${escape(value)}</dd>` : "";
  // Field photos (served by the session cookie), newest last, each with its distance to the damage.
  const photos = (c.attachments || []).map((a) => {
    const src = `/api/v1/cases/${c.id}/evidence/${encodeURIComponent(a.path.split("/").pop())}`;
    const caption = [moment(a.at), a.by, a.distance_m != null ? `${t("from_damage")} ${meters(a.distance_m)}` : t("no_gps")].filter(Boolean).join(" · ");
    return `<figure><img src="${escape(src)}" alt="${escape(t("photo"))}"><figcaption>${escape(caption)}</figcaption></figure>`;
  }).join("");
  view().innerHTML = `<p><a href="#/cases">← ${escape(t("back"))}</a></p>
    <h1 data-revision="${c.revision}" data-case="${c.id}">${escape(c.number)} <span class="status">${escape(word("status", c.status))}</span></h1>
    <div class="case-page"><div class="case-media">
    <div class="chips" id="chips">${chips}</div>
    <div class="toggles" id="imagery" hidden>
      <div class="toggle" id="epoch-toggle"><button type="button" data-epoch="before" aria-pressed="false">${escape(t("before"))}</button>
        <button type="button" data-epoch="after" aria-pressed="true">${escape(t("after"))}</button></div>
      <div class="toggle" id="style-toggle"><button type="button" data-style="true" aria-pressed="true">${escape(t("true_colour"))}</button>
        <button type="button" data-style="false" aria-pressed="false">${escape(t("false_colour"))}</button></div></div>
    <div id="map"></div>
    ${photos ? `<h2>${escape(t("photos"))}</h2><div class="photos" id="photos">${photos}</div>` : ""}
    </div><div class="case-info">
    <p id="my-distance">${escape(t("my_distance"))}: ${escape(mine)}</p>
    <a class="nav" id="geo" href="geo:${here.lat.toFixed(6)},${here.lon.toFixed(6)}?q=${here.lat.toFixed(6)},${here.lon.toFixed(6)}(${encodeURIComponent(c.number)})">${escape(t("navigate"))}</a>
    <dl class="fields">${field("due", date(c.due_on))}${field("area", c.area_name)}${field("zone", word("zone", c.zone))}
      ${field("activity", word("activity", c.activity))}${field("overlap", c.overlap_m2 != null ? `${number(c.overlap_m2)} ${t("m2")}` : "")}
      ${field("cell", c.cell_code)}${field("detected", date(c.detected_on))}${field("severity", word("severity", c.severity))}
      ${field("verdict", c.verdict ? word("verdict", c.verdict) : "")}
      ${plan ? field("plan", plan.plan) + field("plan_due", date(plan.due_on)) + field("progress", plan.progress != null ? `${number(plan.progress)}%` : t("no_progress")) : ""}
      ${field("acceptance", plan && plan.acceptance)}</dl>
    <div id="actions">${actions(c)}</div>
    <h2>${escape(t("history"))}</h2><ol class="history">${c.history.map((e) => `<li>${historyLine(e, c)}</li>`).join("")}</ol>
    </div></div>`;
  for (const img of view().querySelectorAll("#chips img, #photos img")) img.addEventListener("click", () => fullScreen(img.src));
  if (App.shown !== c.id) { App.shown = c.id; window.scrollTo(0, 0); }  // a new case opens at its top; a refresh stays put
  wireActions(c);
  drawMap(c);
  // An action of mine held by a conflict (from this visit or an earlier one) waits for my decision here.
  const held = (await Queue.all()).find((i) => i.caseId === c.id && i.conflict);
  if (held) await showConflict(held);
  done("case");
}

/** The field actions the state machine allows me now (`your_actions`): verify with a verdict, or
 *  report rectification progress (100 % = rectified); each with a note and a photo from the camera. */
/** One event of the history in words. The system's own events (found by a scan, a photo filed,
 *  re-routed...) are told from the case's data, not from their English notes; people's notes are theirs. */
function historyLine(e, c) {
  const system = { flag: true, persist: true, expand: true, reroute: true, recurrence: true, sighting: true, replace: true, attach: true };
  const parts = [moment(e.at), actionWord(e.action)];
  if (e.from && e.from !== e.to) parts[1] += " → " + word("status", e.to);
  if (e.actor) parts.push(["scan", "system"].includes(e.actor) ? t("actor_" + e.actor) : e.actor);
  if (e.action === "attach") {
    const a = (c.attachments || []).find((x) => x.at === e.at);
    const taken = /taken (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)/.exec(e.note || "");
    if (taken) parts.push(`${t("taken_at")} ${moment(`${taken[1]}T${taken[2]}`)}`);  // the camera's local time
    if (a) parts.push(a.distance_m != null ? `${t("from_damage")} ${meters(a.distance_m)}` : t("no_gps"));
  } else if (e.action === "progress" && e.note && /^\d+%$/.test(e.note)) {
    parts.push(`${number(Number(e.note.slice(0, -1)))}%`);
  } else if (e.note && !system[e.action] && !(e.action === "verify" && /^(confirmed|false positive: |permitted: )/.test(e.note))) {
    parts.push(e.note);
  }
  return parts.map(escape).join(" · ");
}

function actions(c) {
  const mine = c.your_actions || c.allowed_actions || [];
  const common = `<label>${escape(t("note"))}<textarea name="note" rows="2"></textarea></label>
    <label>${escape(t("photo"))}<input name="photo" type="file" accept="image/*" capture="environment"></label>`;
  let html = "";
  if (mine.includes("verify")) {
    const verdicts = ["confirmed", "false_positive", "permitted"];
    html += `<form class="action" id="verify"><h2>${escape(t("verify"))}</h2>
      <label>${escape(t("verdict"))}<select name="verdict">${verdicts.map((v) => `<option value="${v}">${escape(word("verdict", v))}</option>`).join("")}</select></label>
      ${common}<button class="primary" type="submit">${escape(t("send"))}</button></form>`;
  }
  if (mine.includes("progress")) {
    const done = (c.rectification && c.rectification.progress) || 0;
    html += `<form class="action" id="progress"><h2>${escape(t("rectification_progress"))}</h2>
      <label>${escape(t("percent_done"))} <output name="shown">${number(done)}%</output>
        <input name="percent" type="range" min="0" max="100" step="10" value="${done}"></label>
      ${common}<div class="buttons"><button class="primary" type="submit">${escape(t("send"))}</button>
      <button class="primary" type="submit" name="rectified" value="1">${escape(t("mark_rectified"))}</button></div></form>`;
  }
  return html ? html + `<p id="action-message" hidden></p>` : "";
}

/** Queues what a form says: the transition on the revision I saw, then its photo, sent on the revision
 *  the transition makes once it is applied (the server refuses a stale one with 412). */
async function queueAction(c, body, photo) {
  const id = await Queue.add({ caseId: c.id, number: c.number, kind: "transition", base: c.revision, body });
  // Where I stand goes with the photo: browsers often strip a camera picture's EXIF GPS.
  if (photo && photo.size > 0) await Queue.add({ caseId: c.id, number: c.number, kind: "photo", after: id, blob: photo, type: photo.type || "image/jpeg",
                                                 position: App.position });
  await showQueue();
  await flush();
}

function wireActions(c) {
  const verify = document.getElementById("verify");
  if (verify) verify.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(verify);
    const body = { action: "verify", verdict: data.get("verdict"), note: data.get("note") || undefined };
    if (body.verdict === "false_positive") body.reason = "other";
    await queueAction(c, body, data.get("photo"));
  });
  const progress = document.getElementById("progress");
  if (!progress) return;
  const range = progress.elements.percent;
  range.addEventListener("input", () => { progress.elements.shown.value = `${number(Number(range.value))}%`; });
  progress.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(progress), rectified = event.submitter && event.submitter.name === "rectified";
    const body = { action: "progress", percent: rectified ? 100 : Number(data.get("percent")), note: data.get("note") || undefined };
    await queueAction(c, body, data.get("photo"));
  });
}

/** The patch over the epoch imagery (XYZ tiles), with a before/after toggle when both epochs exist. */
async function drawMap(c) {
  const map = L.map("map", { zoomControl: true });
  const layer = L.geoJSON(c.geometry, { style: { color: "#e8590c", weight: 3, fillOpacity: 0.1 } }).addTo(map);
  map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [30, 30] });
  const r = await api("GET", "/api/v1/epochs");
  if (!r.ok) return;
  const epochs = list(r.data, "epochs").filter((e) => !c.detected_on || !e.date || e.date <= c.detected_on)
    .sort((a, b) => String(a.date).localeCompare(String(b.date)));
  if (epochs.length === 0) return;
  const url = (e, style) => `/api/v1/epochs/${e.id}/tiles/{z}/{x}/{y}.png?style=${style}`;
  const tiles = (e) => L.tileLayer(url(e, "true"), { maxZoom: 19, errorTileUrl: "" });
  const after = tiles(epochs[epochs.length - 1]).addTo(map), before = epochs.length > 1 ? tiles(epochs[epochs.length - 2]) : null;
  layer.bringToFront();
  const panel = document.getElementById("imagery"), shown = document.getElementById("map");
  panel.hidden = false;
  shown.dataset.epoch = "after"; shown.dataset.style = "true";
  const press = (group, key, value) => { for (const b of group.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset[key] === value)); };
  const epochToggle = document.getElementById("epoch-toggle");
  epochToggle.hidden = !before;
  epochToggle.addEventListener("click", (event) => {
    const which = event.target.dataset.epoch;
    if (!which || !before) return;
    press(epochToggle, "epoch", which);
    const [show, hide] = which === "before" ? [before, after] : [after, before];
    map.removeLayer(hide); show.addTo(map); layer.bringToFront();
    shown.dataset.epoch = which;
  });
  const styleToggle = document.getElementById("style-toggle");
  styleToggle.addEventListener("click", (event) => {
    const style = event.target.dataset.style;
    if (!style) return;
    press(styleToggle, "style", style);
    layer.setStyle({ color: style === "false" ? "#ffe600" : "#e8590c" });  // the outline stays visible on red vegetation
    after.setUrl(url(epochs[epochs.length - 1], style));
    if (before) before.setUrl(url(epochs[epochs.length - 2], style));
    shown.dataset.style = style;
  });
}

function fullScreen(src) {
  const full = document.getElementById("full");
  full.querySelector("img").src = src;
  full.hidden = false;
}

// --- The queue: sent in order, each with If-Match of its base revision ------------------------------

let flushing = false;
/** Sends the queue in order, one item at a time: a photo waits for the action it belongs to (`after`)
 *  and is sent on the revision that action made, so a photo never lands on someone else's change. */
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (;;) {
      const item = (await Queue.all()).find((i) => !i.conflict && i.after == null);
      if (!item) break;
      let r;
      try {
        r = item.kind === "photo"
          ? await api("POST", `/api/v1/cases/${item.caseId}/photos${item.position ? `?lat=${item.position.lat}&lon=${item.position.lon}` : ""}`, { body: item.blob, headers: { "Content-Type": item.type, "If-Match": `"${item.base}"` } })
          : await api("POST", `/api/v1/cases/${item.caseId}/transitions`, { body: item.body, headers: { "If-Match": `"${item.base}"` } });
      } catch { message(t("queued"), true); break; }  // no connection: keep it for later
      if (r.status === 503 && r.data && r.data.detail === "offline") { message(t("queued"), true); break; }
      if (!r.ok) {
        // 412 (someone changed the case) or a refusal (the case moved on): held, with its photo, until I decide.
        await holdCase(item.caseId);
        await showConflict(item, r.status === 412 ? null : (r.data && (r.data.detail || r.data.title)) || String(r.status));
        continue;
      }
      await Queue.remove(item.id);
      if (item.kind === "transition") await release(item.id, r.data.revision);
      await showQueue();  // what is left: the action's photo is still on its way
      if (location.hash === `#/case/${item.caseId}`) await showCase(item.caseId);
      message(t("sent"), true);
    }
  } finally { flushing = false; await showQueue(); }
}

/** The photos waiting for action `id`, now applied at `revision`: sent next, on that revision. */
async function release(id, revision) {
  for (const other of await Queue.all()) {
    if (other.after === id) { other.base = revision; delete other.after; await Queue.update(other); }
  }
}

function message(text, ok) {
  const p = document.getElementById("action-message");
  if (!p) return;
  p.hidden = false; p.className = ok ? "message ok" : "message"; p.textContent = text;
}

/** After a 412 the case's other queued items (its photo) rest on the same stale state: held too. */
async function holdCase(caseId) {
  for (const other of await Queue.all()) {
    if (other.caseId === caseId && !other.conflict) { other.conflict = true; await Queue.update(other); }
  }
}

/** A 412: the server's current case beside my action, and a choice; nothing is sent again by itself. */
async function showConflict(item, refusal) {
  if (document.querySelector(`.conflict[data-case="${item.caseId}"]`)) return;  // one box per case
  const r = await api("GET", `/api/v1/cases/${item.caseId}`);
  const current = r.ok ? r.data : null, progress = current && current.rectification && current.rectification.progress;
  const held = (await Queue.all()).filter((i) => i.caseId === item.caseId && i.conflict), mine = held.length ? held : [item];
  const box = document.createElement("div");
  box.className = "conflict"; box.id = "conflict"; box.dataset.case = String(item.caseId);
  box.innerHTML = `<h2>${escape(refusal ? t("refused") : t("conflict"))}</h2><p>${escape(refusal || t("conflict_help"))}</p>
    ${current ? `<p>${escape(current.number)} · <span class="status">${escape(word("status", current.status))}</span>
      ${current.verdict ? " · " + escape(word("verdict", current.verdict)) : ""}${progress != null ? ` · ${escape(t("progress"))} ${number(progress)}%` : ""}</p>
      ${current.history.length ? `<p class="latest">${escape(t("latest_change"))}: ${escape(moment(current.history[current.history.length - 1].at))} ·
        ${escape(actionWord(current.history[current.history.length - 1].action))} · ${escape(current.history[current.history.length - 1].actor || "")}</p>` : ""}` : ""}
    <p>${escape(t("your_action"))}: ${escape(mine.map(describeItem).join(" + "))}</p>
    <div class="buttons"><button class="primary" type="button" data-do="reload">${escape(t("reload_case"))}</button>
    <button type="button" data-do="discard">${escape(t("discard"))}</button></div>`;
  box.addEventListener("click", async (event) => {
    const act = event.target.dataset.do;
    if (!act) return;
    for (const other of await Queue.all()) if (other.caseId === item.caseId && other.conflict) await Queue.remove(other.id);
    box.remove();
    if (act === "reload") { location.hash = `#/case/${item.caseId}`; await showCase(item.caseId); }
    await showQueue();
  });
  if (document.querySelector(`.conflict[data-case="${item.caseId}"]`)) return;  // drawn meanwhile (a refresh of the page)
  view().prepend(box);
}

async function showQueue() {
  const section = document.getElementById("queue"), items = await Queue.all();
  section.hidden = !App.session;
  section.dataset.count = String(items.length);
  section.innerHTML = `<h2>${escape(t("queue"))} (${items.length})</h2>` + (items.length === 0 ? `<p>${escape(t("queue_empty"))}</p>` :
    `<ul>${items.map((i) => `<li><a href="#/case/${encodeURIComponent(i.caseId)}">${escape(i.number)}</a> · ${escape(describeItem(i))}${i.conflict ? " · " + escape(t("conflict")) : ""}</li>`).join("")}</ul>`);
}

/** A queued item in words: "核查 · 属实", "整改进展 · 60%", "现场照片". */
function describeItem(i) {
  if (i.kind === "photo") return t("photo");
  const b = i.body;
  return actionWord(b.action) + (b.verdict ? " · " + word("verdict", b.verdict) : "") + (b.percent != null ? ` · ${number(b.percent)}%` : "");
}

function showError(r) {
  // Offline, a page never opened nor kept on the device: say so plainly, with the way back to the list.
  const offline = r.status === 503 && r.data && r.data.detail === "offline";
  view().innerHTML = offline ? `<p class="message">${escape(t("not_kept"))}</p><p><a href="#/cases">← ${escape(t("my_cases"))}</a></p>`
    : `<p class="message">${escape(t("error"))}: ${escape((r.data && (r.data.detail || r.data.title)) || r.status)}</p>`;
  done("error");
}

// --- Start -----------------------------------------------------------------------------------------

async function route() {
  chrome();
  view().dataset.state = "loading";
  if (!App.session) return showSignIn();
  if (typeof Desk !== "undefined" && await Desk.route()) return;  // the desk view (desk.js): #/desk…
  const m = location.hash.match(/^#\/case\/(.+)$/);
  if (m) await showCase(decodeURIComponent(m[1])); else await showCases();
  await showQueue();
}

async function start() {
  // One URL for the app, so the service worker's scope (/app/) covers the page.
  if (location.pathname === "/app") history.replaceState(null, "", "/app/" + location.hash);
  window.addEventListener("error", () => { App.errors += 1; view().dataset.errors = String(App.errors); });
  document.getElementById("lang").addEventListener("click", () => {
    App.lang = App.lang === "zh-CN" ? "en" : "zh-CN";
    localStorage.setItem("shanshui.lang", App.lang);
    route();
  });
  document.getElementById("signout").addEventListener("click", async () => {
    await api("DELETE", "/api/v1/session");
    // Cases, names and photos kept for offline use leave the device with the session.
    if ("caches" in window) await caches.delete(DATA_CACHE);
    App.session = null; location.hash = ""; route();
  });
  document.getElementById("full").addEventListener("click", (event) => { event.currentTarget.hidden = true; });
  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => { setNet(); flush(); });
  window.addEventListener("offline", setNet);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => {});
  if ("geolocation" in navigator) {
    navigator.geolocation.getCurrentPosition((p) => {
      App.position = { lat: p.coords.latitude, lon: p.coords.longitude };
      if (App.session) route();
    }, () => {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  }
  const r = await api("GET", "/api/v1/session").catch(() => ({ ok: false }));
  App.session = r.ok ? r.data : null;
  await route();
  if (App.session && navigator.onLine) flush();
}

start();
