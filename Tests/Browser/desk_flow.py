#!/usr/bin/env python3
"""The web app's desk view in real headless Chromium at 1366 x 768 (WebDriver through Debian's
chromium-driver): an officer signs in and lands on the desk; the legend lists every layer; search finds a
case and opens its page (history, chips); the table sorts, filters and pages (done by the server); the
CSV and GeoPackage downloads land in SHOTS_DIR; an earlier as-of day hides later cases and patches on the
map and in the table; English switch; a screenshot. Driven by Tests/ShanshuiServerTests/DeskBrowserTests.swift,
which checks the JSON this prints and the downloaded files.

usage: desk_flow.py BASE USER PASSWORD CASE_NUMBER CASE_ID SHOTS_DIR EARLY_DAY
"""
import glob, os, sys, time
import chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

base, user, password, case_number, case_id, shots, early = sys.argv[1:8]
out = {}

driver = chromium.start(base, 1366, 768, False, 32.49, 119.92, downloads=shots)  # the desk does not use its position
wait = chromium.waiter(driver)


def js(script):
    return driver.execute_script(script)


TABLE_READY = "document.getElementById('desk-table')?.dataset.loading === 'false'"
MAP_READY = "document.getElementById('desk-map')?.dataset.loading === 'false'"


def table():
    """The table as drawn: total, the rows' numbers, statuses and overlaps, the range text."""
    wait(TABLE_READY)
    return js("""const t = document.getElementById('desk-cases');
        return {total: Number(t.dataset.total), numbers: [...t.querySelectorAll('tbody tr[data-case]')].map(r => r.dataset.case),
                statuses: [...t.querySelectorAll('tbody tr[data-case]')].map(r => r.dataset.status),
                overlaps: [...t.querySelectorAll('tbody tr[data-case]')].map(r => Number(r.dataset.overlap)),
                range: document.getElementById('desk-range').textContent};""")


def after_table_change(action):
    """Runs `action` (which makes the table load again) and returns the table once drawn."""
    js("document.getElementById('desk-table').dataset.loading = 'pending';")
    action()
    wait("document.getElementById('desk-table')?.dataset.loading === 'false'")
    return table()


def counts():
    return js("return Object.fromEntries([...document.querySelectorAll('#desk-legend li[data-layer]')].map(li => [li.dataset.layer, li.dataset.count]));")


def downloaded(suffix, before):
    """The new file of this kind in SHOTS_DIR once complete (no .crdownload left), or None."""
    end = time.time() + 60
    while time.time() < end:
        files = set(glob.glob(os.path.join(shots, "*" + suffix))) - before
        if files and not glob.glob(os.path.join(shots, "*.crdownload")):
            return os.path.basename(sorted(files)[0])
        time.sleep(0.2)
    return None


def set_as_of(day):
    js("document.getElementById('desk-map').dataset.loading = 'pending'; document.getElementById('desk-table').dataset.loading = 'pending';")
    js(f"const i = document.getElementById('desk-asof'); i.value = '{day}'; i.dispatchEvent(new Event('change', {{bubbles: true}}));")
    wait(MAP_READY + " && " + TABLE_READY)


try:
    driver.get(base + "/app/")
    wait("document.getElementById('view').dataset.state === 'signin'")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#signin button").click()
    wait("['desk', 'cases', 'error'].includes(document.getElementById('view').dataset.state)")
    out["after_signin"] = js("return document.getElementById('view').dataset.state;")
    out["hash"] = js("return location.hash;")
    wait(MAP_READY + " && " + TABLE_READY)

    # The legend: an entry for every layer, case statuses and zones by colour, counts of what is drawn.
    out["legend_layers"] = js("return [...document.querySelectorAll('#desk-legend li[data-layer]')].map(li => li.dataset.layer);")
    out["legend_statuses"] = js("return [...document.querySelectorAll('#desk-legend li[data-layer=cases] li[data-key]')].map(li => li.dataset.key);")
    out["legend_text"] = js("return document.getElementById('desk-legend').innerText;")
    out["counts_now"] = counts()
    first = table()
    out["table_first"] = first

    # A popup in plain words: open one case's popup on the map.
    out["popup"] = js("""let text = null;
        Desk.layers.cases.eachLayer(l => { if (text === null) { l.openPopup(); text = document.querySelector('.leaflet-popup-content')?.innerText || ''; } });
        return text;""")

    # Search by case number: the hit opens the case page with its history and chips.
    box = driver.find_element(By.ID, "desk-search")
    box.send_keys(case_number[-6:])
    out["search_hits"] = wait("[...document.querySelectorAll('#desk-hits button[data-kind]')].map(b => b.dataset.kind + ':' + b.dataset.key)", 30)
    hit = driver.find_element(By.CSS_SELECTOR, f"#desk-hits button[data-kind=case][data-key='{case_id}']")
    hit.click()
    wait(f"document.getElementById('view').dataset.state === 'desk-case' && document.getElementById('desk-case')?.dataset.case === '{case_id}'")
    wait("[...document.querySelectorAll('#chips img')].every(i => i.complete)")
    wait("document.querySelectorAll('#desk-case-map .leaflet-tile-loaded').length > 0", 60)
    out["case_page"] = js("""return {hash: location.hash, tiles: document.querySelectorAll('#desk-case-map .leaflet-tile-loaded').length, title: document.getElementById('desk-case')?.innerText,
        history: document.querySelectorAll('#desk-history tbody tr').length,
        history_text: document.getElementById('desk-history')?.innerText,
        chips: [...document.querySelectorAll('#chips img')].map(i => i.naturalWidth),
        photos: document.querySelectorAll('#desk-photos img').length,
        fields: document.querySelector('dl.fields')?.innerText};""")
    driver.save_screenshot(f"{shots}/desk-case.png")

    # Back to the ledger: sort by area affected, both ways (the server sorts).
    driver.find_element(By.CSS_SELECTOR, "a[href='#/desk']").click()
    wait("document.getElementById('view').dataset.state === 'desk'")
    wait(MAP_READY + " && " + TABLE_READY)
    out["sorted_ascending"] = after_table_change(lambda: driver.find_element(By.CSS_SELECTOR, "button[data-sort=overlap_m2]").click())
    out["sorted_descending"] = after_table_change(lambda: driver.find_element(By.CSS_SELECTOR, "button[data-sort=overlap_m2]").click())

    # Pages of two rows, walked with the pager.
    js("Desk.pageSize = 2;")
    pages = [after_table_change(lambda: js("deskTable();"))]
    while js("return !document.getElementById('desk-next').disabled;") and len(pages) < 50:
        pages.append(after_table_change(lambda: driver.find_element(By.ID, "desk-next").click()))
    out["pages"] = pages
    js("Desk.pageSize = 15;")

    # Filter: cases found and not yet sent (flagged) only.
    out["filtered"] = after_table_change(lambda: Select(driver.find_element(By.CSS_SELECTOR, "#desk-filters select[name=status]")).select_by_value("flagged"))

    # Download what the table shows, both formats.
    before = set(glob.glob(os.path.join(shots, "*")))
    driver.find_element(By.ID, "desk-csv").click()
    out["csv_file"] = downloaded(".csv", before)
    out["csv_href"] = driver.find_element(By.ID, "desk-csv").get_attribute("href")
    before = set(glob.glob(os.path.join(shots, "*")))
    driver.find_element(By.ID, "desk-gpkg").click()
    out["gpkg_file"] = downloaded(".gpkg", before)
    out["filtered_numbers_all"] = after_table_change(lambda: js("Desk.pageSize = 1000; deskTable();"))["numbers"]
    js("Desk.pageSize = 15;")
    after_table_change(lambda: driver.find_element(By.ID, "desk-clear").click())

    # As of a day before the after-epoch: cases and patches disappear from the map and the table.
    set_as_of(early)
    out["counts_early"] = counts()
    out["table_early"] = table()
    out["legend_early"] = js("return document.querySelector('#desk-legend li[data-layer=imagery]').innerText;")
    set_as_of(js("return deskToday();"))
    out["counts_again"] = counts()

    driver.save_screenshot(f"{shots}/desk.png")
    out["rects"] = js("""const r = (s) => { const b = document.querySelector(s)?.getBoundingClientRect(); return b && [b.x, b.y, b.width, b.height]; };
        return {legend: r('#desk-legend'), table: r('#desk-cases'), map: r('#desk-map'), bar: r('#bar'), search: r('#desk-search'),
                overflow: document.documentElement.scrollWidth > innerWidth};""")

    # English.
    driver.find_element(By.ID, "lang").click()
    wait("document.documentElement.lang === 'en' && document.getElementById('view').dataset.state === 'desk'")
    wait(MAP_READY + " && " + TABLE_READY)
    out["english_legend"] = js("return document.getElementById('desk-legend')?.innerText || '';")
    out["english_table_head"] = js("return document.querySelector('#desk-cases thead')?.innerText || '';")
    out["script_errors"] = js("return Number(document.getElementById('view').dataset.errors || 0);")
    # Signing out leaves the desk: the sign-in form, without the desk's links.
    driver.find_element(By.ID, "signout").click()
    wait("document.getElementById('view').dataset.state === 'signin'")
    out["signed_out_nav_hidden"] = js("const n = document.getElementById('desk-nav'); return !n || getComputedStyle(n).display === 'none';")
except Exception as error:  # reported with what was reached, so the test names the failing step
    out["exception"] = repr(error)[:2000]
finally:
    chromium.finish(driver, out)
