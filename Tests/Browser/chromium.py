"""Headless Chromium for the browser flows (WebDriver through Debian's chromium-driver): one start-up
with a screen size, a granted position and, for the desk, a downloads folder; one way to wait for the page."""
import json
import time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def start(base, width, height, mobile, latitude, longitude, downloads=None):
    """A headless Chromium of that screen, its console kept, the position given to `base` (there is no
    network location provider here) and downloads saved in `downloads` when given."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},{height}",
              "--disable-dev-shm-usage"]:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(20)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    if downloads:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": latitude, "longitude": longitude, "accuracy": 10})
    return driver


def waiter(driver):
    """`wait(condition, seconds=90)`: polls the page's JavaScript `condition` until it is true (at once when
    it already is; the long limits are for a loaded 2-core machine); returns it (False on timeout)."""
    def wait(condition, seconds=90):
        end = time.time() + seconds
        while time.time() < end:
            value = driver.execute_script("return (" + condition + ");")
            if value:
                return value
            time.sleep(0.1)
        return False
    return wait


def finish(driver, out):
    """Ends a flow: the console's errors into `out`, the browser closed, `out` printed as the JSON the test reads."""
    out["console"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    driver.quit()
    print(json.dumps(out, ensure_ascii=False))
