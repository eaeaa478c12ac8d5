"""Open a built documentation site in headless Chromium, as a reader would, with nothing but the site.

The site is served by a standard-library HTTP server on 127.0.0.1; every request elsewhere is refused
and recorded, so a page that needs a CDN fails the check instead of quietly fetching it. Chromium is
Debian's (``/usr/bin/chromium``, installed by ``.ci/run`` when missing); Playwright's wheel drives it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_TIMEOUT_MS = 30_000
# mkdocs-material draws each Mermaid diagram into a closed shadow root; opened here so the check can read
# the SVG the reader sees (nothing else about the page changes).
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attachShadow.call(this, { ...init, mode: "open" }); };
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` over HTTP on a free port of 127.0.0.1; yields its base URL, stops the server after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageVisit:
    """What one page did in the browser: its console errors, uncaught exceptions, refused requests."""

    url: str
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.errors and not self.refused


@dataclass
class Browser:
    page: Page
    base_url: str

    def visit(self, path: str) -> PageVisit:
        visit = PageVisit(url=self.base_url + path)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.errors.append(f"console: {message.text}")

        def on_request(route, request) -> None:  # type: ignore[no-untyped-def]
            if request.url.startswith(self.base_url) or request.url.startswith("data:"):
                route.continue_()
            else:
                visit.refused.append(request.url)
                route.abort()

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
        self.page.route("**/*", on_request)
        try:
            self.page.goto(visit.url, wait_until="networkidle", timeout=PAGE_TIMEOUT_MS)
        finally:
            self.page.unroute("**/*")
            self.page.remove_listener("console", on_console)
        return visit


@contextmanager
def browsing(site: Path) -> Iterator[Browser]:
    """A headless Chromium page on ``site``, served on 127.0.0.1."""
    with served(site) as base_url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(OPEN_SHADOW_ROOTS)
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            yield Browser(page=page, base_url=base_url)
        finally:
            chromium.close()


def site_pages(site: Path) -> list[str]:
    """Every page of a built mkdocs site, as a path under its root ending in a slash, the 404 page left out."""
    return sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
    )
