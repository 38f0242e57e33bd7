"""Screenshots of a running Shouwang for review, on a phone (390x844) and a desktop (1366x768).

    .venv/bin/python scripts/screenshots.py --user cadre / /regions/
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 --user auditadmin /accounts/audit/

Logs in through the real login form as a demo user and saves var/screenshots/<user>-<path>-<viewport>.png.
Drives Debian's Chromium (/usr/bin/chromium, `make browser`); no browser is downloaded.
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
DEMO_PASSWORD = "Shouwang@2026"


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


def shoot(
    browser: Browser, base_url: str, user: str, password: str, paths: list[str], out: Path, *, full_page: bool = True
) -> list[Path]:
    saved = []
    for viewport, options in VIEWPORTS.items():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("用户名").fill(user)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")
        if "/accounts/login/" in page.url:
            context.close()
            raise SystemExit(f"login as {user!r} failed: still on {page.url}")
        for path in paths:
            response = page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            target = out / f"{user}-{slug(path)}-{viewport}.png"
            page.screenshot(path=str(target), full_page=full_page)
            status = response.status if response else "?"
            print(f"{status} {path} -> {target.relative_to(BASE_DIR) if target.is_relative_to(BASE_DIR) else target}")
            saved.append(target)
        context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["/"], help="paths to capture (default: /)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="cadre", help="demo username (default: cadre)")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "screenshots")
    parser.add_argument("--viewport-only", action="store_true", help="capture the first screen, not the whole page")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            shoot(
                browser,
                args.base_url.rstrip("/"),
                args.user,
                args.password,
                args.paths,
                args.out,
                full_page=not args.viewport_only,
            )
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
