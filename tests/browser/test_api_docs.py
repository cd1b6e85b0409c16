"""The interactive API docs work offline (Debian's chromium): ``/docs`` (Swagger UI) and
``/redoc`` (ReDoc) load their scripts from this server (the fastapi-offline package), and every
request to another host is refused by the test, so a page that still needed a CDN would stay
blank."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect


def offline(page: Page, base_url: str) -> list[str]:
    """Refuse every request that leaves ``base_url``'s host; the refused URLs."""
    host = urlsplit(base_url).netloc
    refused: list[str] = []

    def route(r: Route) -> None:
        if urlsplit(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return refused


def test_swagger_ui_works_offline(page: Page, base_url: str) -> None:
    refused = offline(page, base_url)
    page.goto(f"{base_url}/docs")
    operation = page.locator(".swagger-ui .opblock-summary-path", has_text="/places/{place_id}")
    expect(operation.first).to_be_visible(timeout=30_000)
    assert refused == []


def test_redoc_works_offline(page: Page, base_url: str) -> None:
    refused = offline(page, base_url)
    page.goto(f"{base_url}/redoc")
    expect(page.locator("h1", has_text="twintowns").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("/places/{place_id}").first).to_be_attached(timeout=30_000)
    assert refused == []


def test_the_atlas_footer_links_to_working_docs(page: Page, base_url: str) -> None:
    offline(page, base_url)
    page.goto(base_url)
    page.click("#attribution a[href='/docs']")
    expect(page.locator(".swagger-ui .info .title").first).to_contain_text("twintowns")
