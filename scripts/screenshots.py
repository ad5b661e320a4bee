"""Screenshots of the portal's main pages in both languages, for docs/screenshots/ and the
README: run against the demo (`make run`, or any server with the demo loaded), with Debian's
Chromium through Playwright, as the browser tests do.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [VAR_DIR]

BASE_URL defaults to http://127.0.0.1:8000; VAR_DIR (where load_demo wrote
demo-credentials.json) to var/.
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (as the tests launch it)

OUT = ROOT / "docs" / "screenshots"
# (file name, user, path; "{enterprise}" and "{flag}" are found on the pages before them)
PAGES = [
    ("dashboard", "regulator", "/"),
    ("flags", "regulator", "/flags/"),
    ("flag", "regulator", "{flag}"),
    ("enterprise", "regulator", "{enterprise}"),
    ("filing", "regulator", "/filing/"),
    ("map", "regulator", "/map/"),
    ("indicators", "regulator", "/indicators/"),
    ("ranking", "regulator", "/evaluations/ranking/"),
    ("manifests", "regulator", "/manifests/"),
    ("ledgers", "operator-steel", "/ledgers/"),
]
LANGUAGES = {"zh-hans": "zh-CN", "en": "en-GB"}


def main(base: str, var_dir: Path) -> None:
    passwords = json.loads((var_dir / "demo-credentials.json").read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for language, locale in LANGUAGES.items():
            pages = {}
            for user in {user for _, user, _ in PAGES}:
                context = browser.new_context(
                    locale=locale, viewport={"width": 1280, "height": 900}
                )
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page = context.new_page()
                page.goto(f"{base}/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", passwords[user])
                page.click(".login button[type=submit]")
                page.wait_for_load_state("networkidle")
                pages[user] = page
            found = {}
            for name, user, path in PAGES:
                page = pages[user]
                page.goto(base + path.format(**found))
                page.wait_for_load_state("networkidle")
                if name == "flags":
                    found["flag"] = page.get_attribute(
                        "a[href^='/flags/'][href$='/']:not([href='/flags/'])", "href"
                    )
                    found["enterprise"] = page.get_attribute("a[href^='/enterprises/']", "href")
                page.screenshot(path=OUT / f"{name}-{language}.png")
                print(OUT / f"{name}-{language}.png")
        browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "var",
    )
