"""The audit's HTML in a real headless browser: it renders, logs no console error, and its summary matches JSON.

Needs Debian's chromium and chromium-driver and Selenium (installed by .ci/run); skipped with a reason otherwise.
"""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT, prodlint

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
selenium = pytest.importorskip("selenium", reason="selenium is not installed")


@pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed "
                    "(apt-get install chromium chromium-driver)")
def test_audit_html_renders_in_chromium(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    html_path, json_path = tmp_path / "audit.html", tmp_path / "audit.json"
    proc = prodlint("audit", ROOT / "fixtures" / "demo", "--root", ROOT / "fixtures" / "demo", "--html", html_path, "-f", "json", "-o", json_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(json_path.read_text())

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.set_window_size(1280, 2000)
        driver.get(html_path.as_uri())
        assert driver.title.startswith("Production readiness audit")
        for verdict, n in data["summary"]["items"].items():
            cells = driver.find_elements(By.CSS_SELECTOR, f'[data-count="{verdict}"]')
            if cells:
                assert int(cells[0].text) == n, verdict
        for sev, n in data["summary"]["findings"].items():
            assert int(driver.find_element(By.CSS_SELECTOR, f'[data-severity="{sev}"]').text) == n
        items = driver.find_elements(By.CSS_SELECTOR, ".item")
        assert len(items) == sum(len(s["items"]) for s in data["sections"])
        failed = [e.get_attribute("data-item") for e in driver.find_elements(By.CSS_SELECTOR, '[data-verdict="failed"]')]
        assert failed == [i["id"] for s in data["sections"] for i in s["items"] if i["verdict"] == "failed"]
        chart = driver.find_element(By.CSS_SELECTOR, "svg")
        assert chart.size["width"] > 100 and chart.size["height"] > 50
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
        driver.save_screenshot(str(tmp_path / "audit.png"))
    finally:
        driver.quit()
