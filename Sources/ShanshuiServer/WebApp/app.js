// The Shanshui web app: sign in, my cases, a case page with its chips, map and actions, and the offline
// queue. Plain JavaScript against the REST API; strings come from the dictionaries (i18n-*.js).
"use strict";
const App = {
  lang: localStorage.getItem("shanshui.lang") || "zh-CN",
  session: null,     // {user, role, person, csrf} once signed in
  position: null,    // {lat, lon} from the Geolocation API
  errors: 0,
};

const t = (key) => (I18N[App.lang] && I18N[App.lang][key]) || I18N["zh-CN"][key] || key;
const word = (prefix, value) => value == null ? "" : t(prefix + "_" + value);
const view = () => document.getElementById("view");
const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const number = (n, digits = 0) => new Intl.NumberFormat(App.lang, { maximumFractionDigits: digits }).format(n);
const date = (day) => day ? new Intl.DateTimeFormat(App.lang, { year: "numeric", month: "long", day: "numeric" }).format(new Date(day + "T00:00:00")) : "";
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
  const response = await fetch(path, { method, headers: h, body, credentials: "same-origin" });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag") };
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
  view().innerHTML = `<h1>${escape(t("my_cases"))}</h1>` + (items.length === 0 ? `<p>${escape(t("no_cases"))}</p>` :
    `<ul class="cases" id="cases">${items.map((c) => `<li><a href="#/case/${encodeURIComponent(c.id)}" data-case="${escape(c.number)}">
      <span class="number">${escape(c.number)}</span> <span class="status">${escape(word("status", c.status))}</span>
      <div class="meta"><span>${escape(t("due"))}: <span class="${c.overdue ? "overdue" : ""}">${escape(date(c.due_on))}${c.overdue ? " · " + escape(t("overdue")) : ""}</span></span>
      <span>${escape(t("distance"))}: ${escape(meters(c.distance_m))}</span>
      <span>${escape(word("activity", c.activity))}</span><span>${escape(c.area_name || "")}</span></div></a></li>`).join("")}</ul>`);
  done("cases");
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
  const chips = c.chips.map((src) => {
    const after = /after/.test(src);
    return `<figure><img src="${escape(src)}" alt="${escape(after ? t("after") : t("before"))}" title="${escape(t("full_screen"))}">
      <figcaption>${escape(after ? t("after") : t("before"))}</figcaption></figure>`;
  }).join("");
  const field = (label, value) => value ? `<dt>${escape(t(label))}</dt><dd>${escape(value)}</dd>` : "";
  view().innerHTML = `<p><a href="#/cases">← ${escape(t("back"))}</a></p>
    <h1 data-revision="${c.revision}" data-case="${c.id}">${escape(c.number)} <span class="status">${escape(word("status", c.status))}</span></h1>
    <div class="chips" id="chips">${chips}</div>
    <div class="toggle" id="epoch-toggle" hidden><button type="button" data-epoch="before" aria-pressed="false">${escape(t("before"))}</button>
      <button type="button" data-epoch="after" aria-pressed="true">${escape(t("after"))}</button></div>
    <div id="map"></div>
    <p id="my-distance">${escape(t("my_distance"))}: ${escape(mine)}</p>
    <a class="nav" id="geo" href="geo:${here.lat.toFixed(6)},${here.lon.toFixed(6)}?q=${here.lat.toFixed(6)},${here.lon.toFixed(6)}(${encodeURIComponent(c.number)})">${escape(t("navigate"))}</a>
    <dl class="fields">${field("due", date(c.due_on))}${field("area", c.area_name)}${field("zone", word("zone", c.zone))}
      ${field("activity", word("activity", c.activity))}${field("overlap", c.overlap_m2 != null ? `${number(c.overlap_m2)} ${t("m2")}` : "")}
      ${field("cell", c.cell_code)}${field("detected", date(c.detected_on))}${field("severity", word("severity", c.severity))}
      ${field("verdict", c.verdict ? word("verdict", c.verdict) : "")}</dl>
    <div id="actions">${actions(c)}</div>
    <h2>${escape(t("history"))}</h2><ol>${c.history.map((e) => `<li>${escape(e.at)} · ${escape(word("action", e.action))} → ${escape(word("status", e.to))}${e.note ? " · " + escape(e.note) : ""}</li>`).join("")}</ol>`;
  for (const img of view().querySelectorAll("#chips img")) img.addEventListener("click", () => fullScreen(img.src));
  wireActions(c);
  drawMap(c);
  done("case");
}

function actions(c) {
  // What I may do now (`your_actions` where the server says it; else what the case allows).
  if (!(c.your_actions || c.allowed_actions).includes("verify")) return "";
  const verdicts = ["confirmed", "false_positive", "permitted"];
  return `<form class="action" id="verify"><h2>${escape(t("verify"))}</h2>
    <label>${escape(t("verdict"))}<select name="verdict">${verdicts.map((v) => `<option value="${v}">${escape(word("verdict", v))}</option>`).join("")}</select></label>
    <label>${escape(t("note"))}<textarea name="note" rows="2"></textarea></label>
    <label>${escape(t("photo"))}<input name="photo" type="file" accept="image/*" capture="environment"></label>
    <button class="primary" type="submit">${escape(t("send"))}</button><p id="action-message" hidden></p></form>`;
}

function wireActions(c) {
  const form = document.getElementById("verify");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form), photo = data.get("photo");
    const body = { action: "verify", verdict: data.get("verdict"), note: data.get("note") || undefined };
    if (body.verdict === "false_positive") body.reason = "other";
    const items = [{ caseId: c.id, number: c.number, kind: "transition", base: c.revision, body }];
    if (photo && photo.size > 0) items.push({ caseId: c.id, number: c.number, kind: "photo", base: c.revision + 1, blob: photo, type: photo.type || "image/jpeg" });
    for (const item of items) await Queue.add(item);
    await flush();
  });
}

/** The patch over the epoch imagery (XYZ tiles), with a before/after toggle when both epochs exist. */
async function drawMap(c) {
  const map = L.map("map", { zoomControl: true });
  const layer = L.geoJSON(c.geometry, { style: { color: "#e8590c", weight: 3, fillOpacity: 0.15 } }).addTo(map);
  map.fitBounds(layer.getBounds(), { maxZoom: 17, padding: [20, 20] });
  const r = await api("GET", "/api/v1/epochs");
  if (!r.ok) return;
  const epochs = list(r.data, "epochs").filter((e) => !c.detected_on || !e.date || e.date <= c.detected_on)
    .sort((a, b) => String(a.date).localeCompare(String(b.date)));
  if (epochs.length === 0) return;
  const tiles = (e) => L.tileLayer(`/api/v1/epochs/${e.id}/tiles/{z}/{x}/{y}.png?style=true`, { maxZoom: 19, errorTileUrl: "" });
  const after = tiles(epochs[epochs.length - 1]).addTo(map), before = epochs.length > 1 ? tiles(epochs[epochs.length - 2]) : null;
  layer.bringToFront();
  if (!before) return;
  const toggle = document.getElementById("epoch-toggle");
  toggle.hidden = false;
  toggle.addEventListener("click", (event) => {
    const which = event.target.dataset.epoch;
    if (!which) return;
    for (const b of toggle.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.epoch === which));
    const [show, hide] = which === "before" ? [before, after] : [after, before];
    map.removeLayer(hide); show.addTo(map); layer.bringToFront();
  });
}

function fullScreen(src) {
  const full = document.getElementById("full");
  full.querySelector("img").src = src;
  full.hidden = false;
}

// --- The queue: sent in order, each with If-Match of its base revision ------------------------------

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (const item of await Queue.all()) {
      if (item.conflict) continue;
      let r;
      try {
        r = item.kind === "photo"
          ? await api("POST", `/api/v1/cases/${item.caseId}/photos`, { body: item.blob, headers: { "Content-Type": item.type, "If-Match": `"${item.base}"` } })
          : await api("POST", `/api/v1/cases/${item.caseId}/transitions`, { body: item.body, headers: { "If-Match": `"${item.base}"` } });
      } catch { message(t("queued"), true); break; }  // no connection: keep it for later
      if (r.status === 503 && r.data && r.data.detail === "offline") { message(t("queued"), true); break; }
      if (r.status === 412) { item.conflict = true; await Queue.update(item); await showConflict(item); continue; }
      await Queue.remove(item.id);
      if (r.ok) { message(t("sent"), true); if (location.hash === `#/case/${item.caseId}`) await showCase(item.caseId); }
      else message(`${t("error")}: ${(r.data && (r.data.detail || r.data.title)) || r.status}`, false);
    }
  } finally { flushing = false; await showQueue(); }
}

function message(text, ok) {
  const p = document.getElementById("action-message");
  if (!p) return;
  p.hidden = false; p.className = ok ? "message ok" : "message"; p.textContent = text;
}

/** A 412: the server's current case beside my action, and a choice; nothing is sent again by itself. */
async function showConflict(item) {
  const r = await api("GET", `/api/v1/cases/${item.caseId}`);
  const current = r.ok ? r.data : null;
  const box = document.createElement("div");
  box.className = "conflict"; box.id = "conflict";
  box.innerHTML = `<h2>${escape(t("conflict"))}</h2><p>${escape(t("conflict_help"))}</p>
    ${current ? `<p>${escape(current.number)} · <span class="status">${escape(word("status", current.status))}</span>
      ${current.verdict ? " · " + escape(word("verdict", current.verdict)) : ""}</p>` : ""}
    <button class="primary" type="button" data-do="reload">${escape(t("reload_case"))}</button>
    <button type="button" data-do="discard">${escape(t("discard"))}</button>`;
  box.addEventListener("click", async (event) => {
    const act = event.target.dataset.do;
    if (!act) return;
    await Queue.remove(item.id);
    box.remove();
    if (act === "reload") { location.hash = `#/case/${item.caseId}`; await showCase(item.caseId); }
    await showQueue();
  });
  view().prepend(box);
}

async function showQueue() {
  const section = document.getElementById("queue"), items = await Queue.all();
  section.hidden = !App.session;
  section.dataset.count = String(items.length);
  section.innerHTML = `<h2>${escape(t("queue"))} (${items.length})</h2>` + (items.length === 0 ? `<p>${escape(t("queue_empty"))}</p>` :
    `<ul>${items.map((i) => `<li>${escape(i.number)} · ${escape(i.kind === "photo" ? t("photo") : word("action", i.body.action))}${i.conflict ? " · " + escape(t("conflict")) : ""}</li>`).join("")}</ul>`);
}

function showError(r) {
  view().innerHTML = `<p class="message">${escape(t("error"))}: ${escape((r.data && (r.data.detail || r.data.title)) || r.status)}</p>`;
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
    if ("caches" in window) await caches.delete("shanshui-data-v1");
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
