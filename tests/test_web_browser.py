"""The web UI in a real browser: Playwright drives Debian's Chromium against uvicorn serving
a fixture ledger. Skips (with the reason) when /usr/bin/chromium or Playwright is missing.
Screenshots go to screenshots/ (git-ignored)."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

from test_web_fixtures import HOSTILE_ID, build_db

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: .ci/setup-chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    import uvicorn

    from contested.web import create_app

    url = build_db(tmp_path_factory.mktemp("webui"))
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:  # noqa: BLE001 - a broken browser install is a skip, not a failure
            pytest.skip(f"chromium does not start: {exc}")
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def points(page):
    return page.locator("#map circle.pt")


def test_map_shows_points_and_base_layer(page) -> None:
    page.goto("/")
    page.wait_for_selector("#map[data-ready='true'][data-base='loaded']")
    assert points(page).count() == 5
    assert page.locator("#map circle.pt.contested").count() == 2
    assert page.locator("#map path.settlements").count() == 1
    # points are sized by toll: Barda (21 killed) is larger than Cali (no toll)
    radii = {c.get_attribute("data-r") for c in points(page).all()}
    assert len(radii) > 1
    expect = sync_api.expect
    expect(page.locator("table.events")).to_contain_text("Barda")
    shot(page, "map")
    assert page.problems == []  # no script errors, no CSP violations


def test_filter_updates_url_and_points(page) -> None:
    page.goto("/")
    page.wait_for_selector("#map[data-ready='true']")
    page.fill("input[name=country]", "AZ")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert re.search(r"\?country=AZ$", page.url), page.url   # empty fields stay out of the URL
    assert points(page).count() == 3
    with page.expect_navigation():
        page.select_option("select[name=contested]", "true")   # a select applies at once
    assert "country=AZ" in page.url and "contested=true" in page.url
    assert points(page).count() == 2
    assert page.input_value("input[name=country]") == "AZ"
    shot(page, "map-filtered")
    # the filtered URL is shareable: loading it again gives the same view
    page.goto(page.url)
    assert points(page).count() == 2
    assert page.problems == []


def test_pan_zoom_and_click_a_point_opens_the_event(page) -> None:
    page.goto("/?country=AZ")
    page.wait_for_selector("#map[data-ready='true']")
    svg = page.locator("#map")
    before = svg.get_attribute("viewBox")
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function("v => document.getElementById('map').getAttribute('viewBox') !== v", arg=before)
    zoomed = svg.get_attribute("viewBox")
    assert float(zoomed.split()[2]) < float(before.split()[2])   # zoomed in: a narrower view
    # drag to pan: the view moves and nothing is opened
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 320, box["y"] + 260, steps=6)
    page.mouse.up()
    assert svg.get_attribute("viewBox") != zoomed and page.url.endswith("/?country=AZ")
    page.click("#zoom-fit")
    page.wait_for_selector("#map.zoomed-in[data-base='loaded']")
    sync_api.expect(page.locator("#map .pt-labels")).to_contain_text("Barda")   # place labels when zoomed in
    shot(page, "map-zoomed")
    barda = page.locator("#map circle.pt[data-r]").filter(has=page.locator("title", has_text="Barda"))
    barda.hover()
    sync_api.expect(page.locator("#tip")).to_contain_text("Barda")
    event_id = barda.get_attribute("data-id")
    with page.expect_navigation():
        barda.click()
    assert page.url.endswith(f"/events/{event_id}")
    sync_api.expect(page.locator("h1")).to_contain_text("Barda")
    assert page.problems == []


def test_event_page_claims_side_by_side_with_highlighted_sentences(page, server) -> None:
    page.goto("/?country=AZ")
    href = page.locator("table.events a", has_text="Barda").get_attribute("href")
    page.goto(href)
    claims = page.locator(".claim")
    assert claims.count() == 3
    denial = claims.filter(has_text="Government of Armenia")
    sync_api.expect(denial.locator(".badge.denies")).to_be_visible()
    mark = denial.locator("mark.claim-sentence")
    sync_api.expect(mark).to_have_text("Armenia's defence ministry denied firing at the town.")
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    # side by side: the first two claim cards share a row
    first, second = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
    shot(page, "event")
    assert page.problems == []


def test_document_page_highlights_spans_linked_to_events(page) -> None:
    page.goto("/documents/w-1")
    strong = page.locator("#article-text a.hl-strong")
    assert strong.count() >= 3
    sync_api.expect(page.locator("#article-text a.hl-strong", has_text="Barda").first).to_be_visible()
    shot(page, "document")
    with page.expect_navigation():
        page.locator("#article-text a.hl-strong", has_text="Barda").first.click()
    assert "/events/ev-" in page.url
    assert page.problems == []


def test_timeline_draws_bars_by_side(page) -> None:
    page.goto("/timeline")
    bars = page.locator("svg.chart rect.bar")
    assert bars.count() >= 8   # events and fatalities charts
    sync_api.expect(page.locator("ul.sides")).to_contain_text("Military Forces of Armenia")
    sync_api.expect(page.locator("ul.sides")).to_contain_text("Military Forces of Russia")
    shot(page, "timeline")
    assert page.problems == []


def test_hostile_article_does_not_run(page) -> None:
    page.goto("/?contested=true")
    tartar = page.locator("table.events a", has_text="Tartar").get_attribute("href")
    for url in ("/", tartar, f"/documents/{HOSTILE_ID}", "/timeline"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", url
    page.goto(tartar)
    # the hostile title and outlet are shown as text
    sync_api.expect(page.locator(".claim .where").first).to_contain_text("<script>window.__pwned=1</script>Hostile")
    sync_api.expect(page.locator(".claim .outlet").first).to_contain_text('<img src=x onerror="window.__pwned=2">')
    assert page.locator(".claim img, .claim script").count() == 0
    shot(page, "event-hostile")
    page.goto(f"/documents/{HOSTILE_ID}")
    sync_api.expect(page.locator("#article-text")).to_contain_text("<script>window.__pwned=1</script>")
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "document-hostile")
    assert page.problems == []
