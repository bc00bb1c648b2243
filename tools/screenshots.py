"""Re-make the README's screenshots: `python tools/screenshots.py [OUT_DIR]` (default docs/screenshots).

Starts the app headless on a free loopback port and drives Debian's Chromium with Playwright.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, running_app  # noqa: E402
from tests.browser.helpers import open_app  # noqa: E402

_GRAPH, _HEAD, _TITLE = ".js-plotly-plot", "svg .region", "h1"
SHOTS = [
    # (file, viewport, address, what must be drawn first)
    ("explorer-node.png", (1400, 1000), "/explorer?node=c2_c3_facet_joint&audience=student", _GRAPH),
    ("tour-presentation.png", (1920, 1080), "/explorer?tour=c2-c3-to-forehead&step=4&view=present", _GRAPH),
    ("pain-map.png", (1400, 1000), "/where_does_it_hurt?where=frontal_region,occipital_region&audience=patient",
     _HEAD),
    ("explorer-phone.png", (390, 844), "/explorer?node=greater_occipital_nerve&audience=patient", _HEAD),
    ("home.png", (1400, 1000), "/home", _TITLE),
]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with running_app(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        warm = browser.new_page()  # the first request to a fresh server builds the shared graph and layouts
        open_app(warm, url + "/home")
        warm.close()
        for name, (width, height), path, ready in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            open_app(page, url + path)
            page.locator(ready).first.wait_for(state="visible", timeout=30_000)
            page.wait_for_timeout(800)  # plotly and the head figure draw after the script has finished
            page.screenshot(path=str(out / name))
            page.close()
            print(out / name)
        browser.close()
    for log in out.glob("streamlit-*.log"):
        log.unlink()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
