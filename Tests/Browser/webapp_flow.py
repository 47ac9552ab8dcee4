#!/usr/bin/env python3
"""The web app's field flow in real headless Chromium (WebDriver through Debian's chromium-driver,
CDP for offline): sign in, my cases, a case's chips, verify with a photo, an action queued offline and
sent when back online, a stale revision's conflict; on a case being rectified the imagery switches (before/after,
true/false colour) and rectification progress goes through the offline queue and meets a conflict too; phone
and desk screenshots; a stranger's wrong passwords lock the name but not this phone (its device cookie). Driven by
Tests/ShanshuiServerTests/WebAppBrowserTests.swift, which checks the JSON this prints.

usage: webapp_flow.py BASE USER PASSWORD CASE_A CASE_B CASE_C PHOTO SHOTS_DIR LAT LON CASE_D
(CASE_D is being rectified.)
"""
import json, sys, time, urllib.error, urllib.request
import chromium
from selenium.webdriver.common.by import By

base, user, password, case_a, case_b, case_c, photo, shots = sys.argv[1:9]
case_d = sys.argv[11]
out = {}

# A phone's screen and position, near the first case.
driver = chromium.start(base, 390, 844, True, float(sys.argv[9]), float(sys.argv[10]))
wait = chromium.waiter(driver)


def state():
    return driver.execute_script("return document.getElementById('view').dataset.state;")


def server_case(case_id):
    """The case as the server has it now (fetched by the page, with its session cookie)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"fetch('/api/v1/cases/{case_id}').then(r => r.json()).then(done, e => done(null));")


def open_case(case_id):
    driver.get(f"{base}/app/#/case/{case_id}")
    wait(f"document.getElementById('view').dataset.state === 'case' && document.querySelector('h1')?.dataset.case === '{case_id}'")


def offline(yes):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": yes, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(f"navigator.onLine === {'false' if yes else 'true'}", 60)


def shot(name):
    """A screenshot once the map's imagery tiles in view have loaded (and faded in)."""
    wait("[...document.querySelectorAll('#map img.leaflet-tile')].every(i => i.classList.contains('leaflet-tile-loaded'))", 60)
    time.sleep(0.5)
    driver.save_screenshot(f"{shots}/{name}")


def click(css, within=None):
    """Clicks an element once scrolled to the middle of the screen (the sticky bar would cover it at the top)."""
    element = (within or driver).find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def verify(note, with_photo=False):
    form = driver.find_element(By.ID, "verify")
    form.find_element(By.NAME, "note").send_keys(note)
    if with_photo:
        form.find_element(By.NAME, "photo").send_keys(photo)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


try:
    # Sign in (the page starts on the sign-in form, in Chinese).
    driver.get(base + "/app/")
    wait("document.getElementById('view').dataset.state === 'signin'")
    out["signin_form"] = state() == "signin"
    out["chinese"] = "登录" in driver.page_source
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#signin button").click()
    wait("['cases', 'error'].includes(document.getElementById('view').dataset.state)")
    out["after_signin"] = state()
    out["my_cases"] = driver.execute_script("return [...document.querySelectorAll('#cases a')].map(a => a.dataset.case);")
    out["signout_shown"] = driver.execute_script("return !document.getElementById('signout').hidden;")
    out["who"] = driver.execute_script("return document.getElementById('who').hidden ? '' : document.getElementById('who').textContent;")
    driver.save_screenshot(f"{shots}/phone-cases.png")
    # For going offline, every case of my list is kept on the device with its chips (the service worker's cache).
    ids = driver.execute_script("return [...document.querySelectorAll('#cases a')].map(a => decodeURIComponent(a.getAttribute('href').split('/').pop()));")
    driver.set_script_timeout(120)
    out["kept_offline"] = driver.execute_async_script("""const done = arguments[arguments.length - 1], ids = arguments[0];
        const kept = async () => {
            const cache = await caches.open('shanshui-data-v1'); let n = 0;
            for (const id of ids) {
                const page = await cache.match('/api/v1/cases/' + id); if (!page) continue;
                const chips = (await page.json()).chips || []; let all = chips.length > 0;
                for (const src of chips) if (!(await cache.match(src))) all = false;
                if (all) n++;
            }
            return n;
        };
        (async () => { const end = Date.now() + 110000; let n = 0;
            while (Date.now() < end && (n = await kept()) < ids.length) await new Promise((r) => setTimeout(r, 250));
            done({cases: ids.length, kept: n}); })();""", ids)
    driver.set_script_timeout(20)

    # A case: the chips load; verify it with a note and a photo from the 'camera'.
    open_case(case_a)
    wait("[...document.querySelectorAll('#chips img')].every(i => i.complete)")
    out["chip_widths"] = driver.execute_script("return [...document.querySelectorAll('#chips img')].map(i => i.naturalWidth);")
    out["geo_link"] = driver.find_element(By.ID, "geo").get_attribute("href")
    wait("!document.getElementById('my-distance').textContent.includes('（')", 5)
    out["my_distance"] = driver.find_element(By.ID, "my-distance").text
    shot("phone-case.png")
    out["phone_layout"] = driver.execute_script("""const r = (s) => document.querySelector(s)?.getBoundingClientRect();
        return {width: innerWidth, chip: r('#chips img')?.width, map: r('#map')?.height, verify: r('#verify')?.width,
                overflow: document.documentElement.scrollWidth > innerWidth};""")
    verify("现场核实：确有开挖", with_photo=True)
    wait("document.getElementById('queue').dataset.count === '0' && !document.getElementById('verify')", 90)
    a = server_case(case_a)
    out["a_status"] = a and a.get("status")
    out["a_attachments"] = a and len(a.get("attachments") or [])
    wait("[...document.querySelectorAll('#photos img')].some(i => i.complete && i.naturalWidth > 0)", 60)
    out["a_photos"] = driver.execute_script("return [...document.querySelectorAll('#photos img')].filter(i => i.complete && i.naturalWidth > 0).length;")
    out["a_history"] = driver.execute_script("return document.querySelector('ol.history')?.innerText || '';")

    # Offline: the action waits in the queue (shown), and is sent when the connection returns.
    open_case(case_b)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait("navigator.onLine === false", 60)
    verify("离线核查")
    out["queued_offline"] = wait("document.getElementById('queue').dataset.count === '1'", 60) and True
    out["net_badge_offline"] = driver.execute_script("return document.getElementById('net').dataset.online;") == "false"
    out["b_status_while_offline"] = None
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    out["queue_emptied"] = wait("document.getElementById('queue').dataset.count === '0'", 90) and True
    b = server_case(case_b)
    out["b_status"] = b and b.get("status")

    # A stale revision: someone else acts on the case after this page loaded; the page shows the conflict.
    open_case(case_c)
    stale = driver.execute_script("return Number(document.querySelector('h1').dataset.revision);")
    out["other_change"] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"fetch('/api/v1/cases/{case_c}/transitions', {{method: 'POST', headers: {{'Content-Type': 'application/json',"
        f"'If-Match': '\"{stale}\"', 'X-CSRF-Token': App.session.csrf_token}}, body: JSON.stringify({{action: 'verify', verdict: 'false_positive', reason: 'other'}})}})"
        ".then(r => done(r.status), e => done(String(e)));")
    verify("我的结论")
    out["conflict_shown"] = wait("!!document.getElementById('conflict')", 90) and True
    out["conflict_text"] = driver.execute_script("return document.getElementById('conflict')?.innerText || '';")
    c = server_case(case_c)
    out["c_verdict"] = c and c.get("verdict")
    # I decide: my stale action is discarded, and leaves the queue.
    click(".conflict button[data-do=discard]")
    out["conflict_discarded"] = wait("!document.querySelector('.conflict') && document.getElementById('queue').dataset.count === '0'", 60) and True

    # A case being rectified: the imagery switches, and progress goes through the queue like any action.
    open_case(case_d)
    wait("document.getElementById('map').dataset.style === 'true'", 60)
    click("#style-toggle button[data-style=false]")
    out["style_switched"] = wait("document.getElementById('map').dataset.style === 'false' && [...document.querySelectorAll('#map img.leaflet-tile')].length > 0 && "
                                 "[...document.querySelectorAll('#map img.leaflet-tile')].every(i => i.src.includes('style=false'))", 60) and True
    out["tiles_loaded"] = wait("document.querySelectorAll('#map img.leaflet-tile-loaded').length", 60)
    before_shown = driver.execute_script("return !document.getElementById('epoch-toggle').hidden;")
    if before_shown:
        click("#epoch-toggle button[data-epoch=before]")
        out["epoch_switched"] = wait("document.getElementById('map').dataset.epoch === 'before' && "
                                     "document.querySelector('#epoch-toggle button[data-epoch=before]').getAttribute('aria-pressed') === 'true'", 30) and True
    out["progress_form"] = driver.execute_script("return !!document.getElementById('progress');")
    shot("phone-rectify.png")
    out["rectify_layout"] = driver.execute_script("""const r = (s) => document.querySelector(s)?.getBoundingClientRect();
        return {progress: r('#progress')?.width, buttons: [...document.querySelectorAll('#progress button')].map(b => Math.round(b.getBoundingClientRect().height)),
                overflow: document.documentElement.scrollWidth > innerWidth};""")
    revision_d = driver.execute_script("return Number(document.querySelector('h1').dataset.revision);")
    offline(True)
    driver.execute_script("const r = document.querySelector('#progress input[name=percent]'); r.value = 60; r.dispatchEvent(new Event('input'));")
    form = driver.find_element(By.ID, "progress")
    form.find_element(By.NAME, "note").send_keys("已拆除六成")
    click("button[type=submit]:not([name])", form)
    out["progress_queued"] = wait("document.getElementById('queue').dataset.count === '1'", 60) and True
    out["progress_queue_text"] = driver.execute_script("return document.getElementById('queue').innerText;")
    # Still offline: a page never kept says so; my list and this case come from the device.
    driver.execute_script("location.hash = '#/case/999999';")
    wait("document.getElementById('view').dataset.state === 'error'", 30)
    out["offline_unknown_page"] = driver.execute_script("return document.getElementById('view').innerText;")
    driver.execute_script("location.hash = '#/cases';")
    out["offline_list"] = wait("document.getElementById('view').dataset.state === 'cases' && document.querySelectorAll('#cases a').length > 0", 30) and True
    driver.execute_script(f"location.hash = '#/case/{case_d}';")
    out["offline_case"] = wait(f"document.getElementById('view').dataset.state === 'case' && document.querySelector('h1')?.dataset.case === '{case_d}'", 30) and True
    offline(False)
    out["progress_sent"] = wait(f"document.getElementById('queue').dataset.count === '0' && Number(document.querySelector('h1')?.dataset.revision) === {revision_d + 1}", 90) and True
    d = server_case(case_d)
    out["d_progress"] = d and (d.get("rectification") or {}).get("progress")
    # Someone else reports after the page loaded; my "rectified" with a photo rests on a stale revision.
    out["other_progress"] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"fetch('/api/v1/cases/{case_d}/transitions', {{method: 'POST', headers: {{'Content-Type': 'application/json',"
        f"'If-Match': '\"{revision_d + 1}\"', 'X-CSRF-Token': App.session.csrf_token}}, body: JSON.stringify({{action: 'progress', percent: 80}})}})"
        ".then(r => done(r.status), e => done(String(e)));")
    attachments_before = len((server_case(case_d) or {}).get("attachments") or [])
    form = driver.find_element(By.ID, "progress")
    form.find_element(By.NAME, "photo").send_keys(photo)
    click("button[name=rectified]", form)
    out["progress_conflict"] = wait("!!document.querySelector('.conflict') && document.getElementById('queue').innerText.includes('100')", 90) and True
    out["progress_conflict_boxes"] = driver.execute_script("return document.querySelectorAll('.conflict').length;")
    out["progress_conflict_text"] = driver.execute_script("return document.querySelector('.conflict')?.innerText || '';")
    driver.execute_script("document.querySelector('.conflict')?.scrollIntoView({block: 'start'}); window.scrollBy(0, -60);")
    driver.save_screenshot(f"{shots}/phone-conflict.png")
    d = server_case(case_d)
    out["d_after_conflict"] = d and {"progress": (d.get("rectification") or {}).get("progress"), "attachments": len(d.get("attachments") or []) - attachments_before}

    # The desk: the same case page at 1366 × 768.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False})
    open_case(case_a)
    wait("[...document.querySelectorAll('#chips img')].every(i => i.complete)")
    shot("desk-case.png")
    out["desk_layout"] = driver.execute_script("""const r = (s) => document.querySelector(s)?.getBoundingClientRect();
        const box = (s) => { const b = r(s); return b && [Math.round(b.x), Math.round(b.y), Math.round(b.width), Math.round(b.height)]; };
        return {width: innerWidth, chip: r('#chips img')?.width, map: r('#map')?.height, map_box: box('#map'), chip_box: box('#chips img'),
                overflow: document.documentElement.scrollWidth > innerWidth};""")
    # In Chinese, no English words in the labels (the language button says "English").
    out["chinese_labels_in_english"] = driver.execute_script("""return [...document.querySelectorAll('#bar button:not(#lang), #imagery button, dl.fields dt, dl.fields dd, #actions h2, #actions label, .chips figcaption, h2, ol.history li')]
        .map(e => e.innerText).filter(s => /[A-Za-z]{3,}/.test(s.replace(/grid\.staff|officer tester|photo-[0-9a-f]+/g, '')));""")
    # The same page in English: no Chinese words left in the labels (names and notes stay as written).
    click("#lang")
    wait("document.documentElement.lang === 'en' && document.getElementById('view').dataset.state === 'case'", 30)
    shot("desk-case-en.png")
    out["english_labels"] = driver.execute_script("""return [...document.querySelectorAll('#bar button:not(#lang), #imagery button, dl.fields dt, #actions h2, #actions label, .chips figcaption, h2')]
        .map(e => e.childNodes[0]?.textContent || '').filter(s => /[\u4e00-\u9fff]/.test(s));""")
    click("#lang")
    wait("document.documentElement.lang === 'zh-CN'", 30)
    driver.get(f"{base}/app/#/cases")
    wait("document.getElementById('view').dataset.state === 'cases'")
    driver.save_screenshot(f"{shots}/desk-cases.png")
    # The phone in English: the longer words still fit the bar.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    click("#lang")
    wait("document.documentElement.lang === 'en' && document.getElementById('view').dataset.state === 'cases'", 30)
    driver.save_screenshot(f"{shots}/phone-cases-en.png")
    out["phone_english"] = driver.execute_script("""const bar = document.getElementById('bar');
        return {overflow: document.documentElement.scrollWidth > innerWidth || bar.scrollWidth > bar.clientWidth,
                bar: Math.round(bar.getBoundingClientRect().height)};""")
    click("#lang")

    # A stranger's wrong passwords lock the user name for every other client, not for this phone: it
    # signed in before and holds the device cookie (HttpOnly, sent to the sign-in path alone).
    cookies = driver.execute_cdp_cmd("Network.getCookies", {"urls": [base + "/api/v1/session"]})["cookies"]
    device = [c for c in cookies if c["name"] == "shanshui_device"]
    out["device_cookie"] = bool(device) and device[0]["httpOnly"] and device[0]["path"] == "/api/v1/session"

    def stranger(guess):
        """A sign-in from elsewhere (no cookies): its HTTP status."""
        request = urllib.request.Request(base + "/api/v1/session", data=json.dumps({"user": user, "password": guess}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            return urllib.request.urlopen(request, timeout=60).status
        except urllib.error.HTTPError as refused:
            return refused.code

    out["stranger_guesses"] = [stranger("a stranger's guess") for _ in range(5)]
    out["stranger_right_password"] = stranger(password)
    click("#signout")
    wait("document.getElementById('view').dataset.state === 'signin'")
    for name, value in [("user", user), ("password", password)]:
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#signin button").click()
    wait("['cases', 'error'].includes(document.getElementById('view').dataset.state)")
    out["signin_while_locked"] = state()
    out["script_errors"] = driver.execute_script("return Number(document.getElementById('view').dataset.errors || 0);")
except Exception as error:  # reported with what was reached, so the test names the failing step
    out["exception"] = repr(error)[:2000]
finally:
    chromium.finish(driver, out)
