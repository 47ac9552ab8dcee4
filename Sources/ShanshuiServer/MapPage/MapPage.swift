/// The web map page: a plain background (no tiles from the internet), the layers of the OGC
/// collections, a layer switcher and a date picker for as-of views.
enum MapPage {
    static let html = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>Shanshui map</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="/map/leaflet/leaflet.css">
    <style>
      html, body { margin: 0; height: 100%; font: 13px sans-serif; }
      #bar { height: 36px; display: flex; align-items: center; gap: 12px; padding: 0 10px; background: #24333d; color: #fff; }
      #map { position: absolute; top: 36px; bottom: 0; left: 0; right: 0; background: #eef0ea; }
      .legend span { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 8px; border: 1px solid #333; }
      .chips img { width: 140px; margin: 2px; border: 1px solid #999; }
      #status { margin-left: auto; opacity: .8; }
    </style></head>
    <body>
    <div id="bar"><b>山水 Shanshui</b>
      <label>As of <input type="date" id="asof"></label>
      <span class="legend" id="legend"></span>
      <span id="status" data-state="loading" data-errors="0">loading…</span>
    </div>
    <div id="map"></div>
    <script src="/map/leaflet/leaflet.js"></script>
    <script src="/map/app.js"></script>
    </body></html>
    """
}
