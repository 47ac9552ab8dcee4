extension MapPage {
    /// The map's script: fetches every collection (walking `next` links), styles and popups.
    static let script = #"""
    'use strict';
    const statusEl = document.getElementById('status');
    let errors = 0;
    function fail(message) { errors += 1; statusEl.dataset.errors = String(errors); statusEl.textContent = 'error: ' + message; console.error(message); }
    window.addEventListener('error', e => fail(String(e.message)));
    const token = new URLSearchParams(location.search).get('token') || localStorage.getItem('shanshuiToken');
    if (token) localStorage.setItem('shanshuiToken', token);
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const statusColours = { flagged: '#d7191c', dispatched: '#fdae61', verified: '#e6c700', rectifying: '#2c7bb6',
                            accepted: '#1a9641', closed: '#777777', transferred: '#8e44ad' };
    const zoneColours = { core: '#006d2c', buffer: '#41ab5d', experimental: '#a1d99b', core_protection: '#006d2c', general_control: '#a1d99b' };
    const esc = s => String(s ?? '–').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
    const rows = (p, keys) => '<table>' + keys.filter(k => k in p).map(k => `<tr><th>${esc(k)}</th><td>${esc(p[k])}</td></tr>`).join('') + '</table>';

    const layers = {
      protected_areas: { title: 'Protected areas', style: () => ({ color: '#1b7837', weight: 2, fillOpacity: 0.05 }),
        popup: p => `<b>${esc(p.name)}</b>` + rows(p, ['code', 'kind', 'level', 'area_km2', 'valid_from']) },
      zones: { title: 'Zones', style: f => ({ color: zoneColours[f.properties.zone] || '#41ab5d', weight: 1, fillOpacity: 0.25 }),
        popup: p => `<b>${esc(p.name)}</b> – ${esc(p.zone)}` + rows(p, ['code', 'area_km2']) },
      red_lines: { title: 'Red lines', style: () => ({ color: '#b2182b', weight: 2, dashArray: '4', fillOpacity: 0.05 }),
        popup: p => `<b>${esc(p.name)}</b>` + rows(p, ['code', 'area_km2']) },
      cells: { title: 'Grid cells', style: () => ({ color: '#555', weight: 1, dashArray: '2 3', fillOpacity: 0 }),
        popup: p => `<b>${esc(p.name)}</b> (${esc(p.level)})` + rows(p, ['code', 'unit', 'head', 'staff', 'assigned_from']) },
      patches: { title: 'Patches', style: () => ({ color: '#f46d43', weight: 1, fillOpacity: 0.5 }),
        popup: p => `<b>Patch ${esc(p.id)}</b>` + rows(p, ['activity', 'change', 'area_m2', 'confidence', 'scan_id', 'case_id']) },
      cases: { title: 'Cases', style: f => ({ color: statusColours[f.properties.status] || '#000', weight: 3, fillOpacity: 0.6 }),
        popup: p => `<b>Case ${esc(p.number)}</b>` + rows(p, ['status', 'severity', 'area_name', 'zone', 'activity', 'overlap_m2',
          'village_name', 'unit', 'head', 'due_on']) + `<div class="chips" data-case="${esc(p.id)}">loading chips…</div>` },
    };

    const map = L.map('map', { zoomControl: true });
    map.setView([32.5, 119.9], 9);
    const overlays = {};
    for (const [id, def] of Object.entries(layers)) {
      def.group = L.geoJSON(null, { style: def.style, onEachFeature: (f, l) => l.bindPopup(def.popup(f.properties || {}), { maxWidth: 320 }) });
      def.group.addTo(map);
      overlays[def.title] = def.group;
    }
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    document.getElementById('legend').innerHTML = Object.entries(statusColours).map(([s, c]) => `<span style="background:${c}"></span>${s}`).join('');

    map.on('popupopen', async e => {
      const box = e.popup.getElement().querySelector('.chips');
      if (!box) return;
      try {
        const r = await fetch('/api/v1/cases/' + box.dataset.case, { headers });
        if (!r.ok) throw new Error('case ' + box.dataset.case + ': HTTP ' + r.status);
        const c = await r.json();
        box.innerHTML = c.chips.length ? c.chips.map(u => `<img src="${esc(u)}" alt="before/after">`).join('') : 'no chips yet';
      } catch (err) { box.textContent = String(err.message); }
    });

    async function load(id, day) {
      let url = `/ogc/collections/${id}/items?limit=10000` + (day ? '&datetime=' + day : '');
      const features = [];
      while (url) {
        const r = await fetch(url, { headers });
        if (!r.ok) throw new Error(id + ': HTTP ' + r.status);
        const page = await r.json();
        features.push(...page.features);
        const next = (page.links || []).find(l => l.rel === 'next');
        url = next ? next.href : null;
      }
      return features;
    }

    let first = true;
    async function refresh() {
      statusEl.dataset.state = 'loading';
      const day = document.getElementById('asof').value;
      const counts = {};
      try {
        for (const [id, def] of Object.entries(layers)) {
          const features = await load(id, day);
          def.group.clearLayers();
          def.group.addData(features);
          counts[id] = features.length;
        }
        const bounds = layers.protected_areas.group.getBounds();
        if (first && bounds.isValid()) map.fitBounds(bounds.pad(0.05));
        first = false;
        statusEl.textContent = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(' · ');
        statusEl.dataset.counts = JSON.stringify(counts);
        statusEl.dataset.state = 'ready';
      } catch (err) { fail(err.message); statusEl.dataset.state = 'failed'; }
    }
    document.getElementById('asof').addEventListener('change', refresh);
    refresh();
    """#
}
