"""Open review pages in a real browser: headless Chromium driven by selenium, for the
tests of the site and the README's screenshot (``scripts/review_screenshot.py``).

Needs what ``bash scripts/install.sh --dev`` installs: selenium (a dev extra) and
Debian's ``chromium`` and ``chromium-driver`` packages (``SVODKA_CHROMIUM`` and
``SVODKA_CHROMEDRIVER`` name other binaries). Nothing is downloaded: the driver
is the system's, given to selenium by path (Selenium Manager never runs).
``svodka review`` itself never imports this module.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
DRIVERS = ("chromedriver", "chromium.chromedriver")
# headless, as root too, and quiet: no sandbox (root), no GPU, /tmp instead of a small /dev/shm,
# no first-run, sync, component updates or background requests
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1")


def _which(env: str, names: tuple[str, ...]) -> str | None:
    given = os.environ.get(env)
    if given:
        return given if Path(given).is_file() else shutil.which(given)
    return next((found for found in map(shutil.which, names) if found), None)


def find() -> tuple[str | None, str | None]:
    """(the Chromium binary, its driver), each None when not found."""
    return _which("SVODKA_CHROMIUM", BROWSERS), _which("SVODKA_CHROMEDRIVER", DRIVERS)


def missing() -> str | None:
    """Why no page can be opened here (what to install), or None."""
    browser, driver = find()
    lacks = [what for what, ok in (
        ("selenium (pip install -e '.[dev]')", importlib.util.find_spec("selenium") is not None),
        ("chromium (apt-get install chromium)", browser is not None),
        ("chromedriver (apt-get install chromium-driver)", driver is not None)) if not ok]
    return f"no headless browser: install {', '.join(lacks)}" if lacks else None


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A headless Chromium (a selenium ``WebDriver``) with a throwaway profile, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    reason = missing()
    if reason:
        raise RuntimeError(reason)
    browser, driver = find()
    assert browser is not None and driver is not None
    with tempfile.TemporaryDirectory(prefix="svodka-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, for errors of the script
        web = webdriver.Chrome(service=Service(executable_path=driver), options=options)
        try:
            yield web
        finally:
            web.quit()


def url(path: Path) -> str:
    """The ``file://`` address of a page (the site needs no server)."""
    return Path(path).resolve().as_uri()


def console_errors(web: Any) -> list[str]:
    """Messages of level SEVERE on the browser's console since the last call."""
    return [e["message"] for e in web.get_log("browser") if e.get("level") == "SEVERE"]


def screenshot(web: Any, page: Path, png: Path, fragment: str = "") -> Path:
    """Open ``page`` (at ``#fragment``, which selects that mention) and save what the
    window shows to ``png``."""
    web.get(url(page) + (f"#{fragment}" if fragment else ""))
    png.parent.mkdir(parents=True, exist_ok=True)
    if not web.save_screenshot(str(png)):
        raise RuntimeError(f"the browser did not write {png}")
    return png
