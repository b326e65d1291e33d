"""Both HTML editions in a real browser (headless Chromium, the OS package, driven with
Selenium), with the network refused: no sideways scrolling on a phone or a desktop,
the language switch, a source for every figure, nothing loaded from outside the file,
and no serious accessibility violation (axe-core).

Skipped, with the reason, where Chromium or its driver is not installed (Debian:
apt-get install chromium chromium-driver; `.ci/run` installs them where it may).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ncct_report.build import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("chromedriver") is None,
                       reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)"),
]

DATA = Path(__file__).parent.parent / "data"
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    assert build(2016, DATA, out, formats=("html",)).ok
    return {lang: out / "2016" / f"ncct-report-2016.{lang}.html" for lang in ("en", "km")}


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    yield driver
    driver.quit()


def _open(browser, path: Path, width: int) -> None:
    browser.set_window_size(width, 900)
    browser.get(path.as_uri())


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_never_scrolls_sideways(browser, editions, lang, width):
    _open(browser, editions[lang], width)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = browser.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1"
        " && !e.closest('figure.table-block, figure.chart')).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert overflow <= 0 and wide == [], wide


@pytest.mark.parametrize(("lang", "other"), [("en", "km"), ("km", "en")])
def test_the_language_switch_leads_to_the_other_edition(browser, editions, lang, other):
    from selenium.webdriver.common.by import By

    _open(browser, editions[lang], 1280)
    browser.find_element(By.CSS_SELECTOR, "nav.language-switch a").click()
    assert browser.current_url.endswith(f"ncct-report-2016.{other}.html")
    assert browser.execute_script("return document.documentElement.lang") == other


@pytest.mark.parametrize("lang", ["en", "km"])
def test_every_figure_has_its_source_and_nothing_comes_from_outside(browser, editions, lang):
    _open(browser, editions[lang], 1280)
    cells = browser.execute_script(
        "const all = [...document.querySelectorAll('figure.table-block:not(.history-rows) > table:not(.history) > tbody:not(.totals) > tr > td')]"
        ".filter(td => td.textContent.trim() && !td.classList.contains('no-report'));"
        "return [all.length, all.filter(td => !td.title).slice(0, 5).map(td => td.textContent)]"
    )
    assert cells[0] > 1000 and cells[1] == []
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [name for name in loaded if not name.startswith("data:")] == []


@pytest.mark.parametrize("lang", ["en", "km"])
def test_no_serious_accessibility_violation(browser, editions, lang):
    from axe_selenium_python import Axe

    _open(browser, editions[lang], 1280)
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options={"resultTypes": ["violations"]})
    serious = [(v["id"], v["help"], len(v["nodes"])) for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("lang", ["en", "km"])
def test_every_bar_of_a_chart_says_its_value_and_sources(browser, editions, lang):
    _open(browser, editions[lang], 1280)
    bars = browser.execute_script(
        "return [...document.querySelectorAll('figure.chart span.col:not(.missing), figure.chart table.bars tr')].map(e => e.title)"
    )
    assert len(bars) > 20 and [t for t in bars if not (".yaml:" in t and (":" in t.split(".yaml")[0] or "៖" in t))] == []


@pytest.fixture(scope="module")
def previews(tmp_path_factory):
    """`ncct preview` of a 2017 file with errors, beside Battambang's 2016 file, in both languages."""
    from .conftest import run, write

    folder = tmp_path_factory.mktemp("preview")
    write(folder / "data" / "2016", "prov-02.yaml", (DATA / "2016" / "prov-02.yaml").read_text(encoding="utf-8"))
    text = (DATA / "2016" / "prov-02.yaml").read_text(encoding="utf-8").replace("year: 2016", "year: 2017")
    file = write(folder / "data" / "2017", "prov-02.yaml", text.replace("events: 2387", "events: 23B7", 1))
    pages = {}
    for lang in ("en", "km"):
        pages[lang] = folder / f"preview.{lang}.html"
        assert run("--lang", lang, "preview", file, "--out", pages[lang]).exit_code == 1  # written, with the error on top
    return pages


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_preview_never_scrolls_sideways_and_has_no_serious_accessibility_violation(browser, previews, lang, width):
    from axe_selenium_python import Axe

    _open(browser, previews[lang], width)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert browser.execute_script("return document.querySelectorAll('table.preview-table td.last-year').length") > 10
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options={"resultTypes": ["violations"]})
    assert [(v["id"], len(v["nodes"])) for v in results["violations"] if v["impact"] in ("serious", "critical")] == []
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [name for name in loaded if not name.startswith("data:")] == []
