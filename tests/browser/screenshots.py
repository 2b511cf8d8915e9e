"""Take the product screenshots in docs/screens from a running CRM Plus.

    .venv/bin/python tests/browser/screenshots.py --base-url http://127.0.0.1:8000 \\
        --out docs/screens [--username kamr_c1 --password demo-2569] [--make-history]

The defaults are a KAMR from `manage.py demo_data --seed 1`. --make-history first edits
the shown customer's first contact through the UI, so the History tab has a change to
show: use it on a scratch database only.

Drives Debian's chromium (never `playwright install`) at 1440x900, full pages.
Fails if the Sarabun web font did not load: a screenshot of Thai in a fallback font
(or as tofu boxes) is worse than none.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}


def _settle(page: Page) -> None:
    """Wait for network, htmx and web fonts; stop if Thai would not render in Sarabun."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('.htmx-request')")
    page.evaluate("document.fonts.ready")
    ok = page.evaluate(
        "document.fonts.check('16px Sarabun', 'ภาษาไทย')"
        " && [...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Sarabun'"
        " && f.status === 'loaded')"
    )
    if not ok:
        raise SystemExit(f"Sarabun did not load on {page.url}: is collectstatic done?")


def _shot(page: Page, out: Path, name: str) -> None:
    _settle(page)
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    print(f"{path}  ({page.url})")


def _set_language(page: Page, lang: str) -> None:
    if page.locator("html").get_attribute("lang") != lang:
        page.get_by_test_id(f"lang-{lang}").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)


def _richest_customer_url(page: Page) -> str:
    """The customer on the first list page with the most contract accounts."""
    page.goto("/customers/")
    return page.evaluate(
        """() => {
          const table = document.querySelector('[data-testid=customer-table]');
          const heads = [...table.querySelectorAll('thead th')];
          const col = heads.findIndex(th => th.classList.contains('num'));
          let best = null, most = -1;
          for (const tr of table.querySelectorAll('tbody tr')) {
            const n = parseInt(tr.children[col].textContent.replace(/[^0-9]/g, ''), 10) || 0;
            if (n > most) { most = n; best = tr.querySelector('a').getAttribute('href'); }
          }
          return best;
        }"""
    )


def _edit_first_contact(page: Page) -> None:
    """Two audited edits of the first contact through its form (position, then phone).

    Two, because a record loaded without history (bulk loads) gets its baseline from the
    first save: only the second shows old -> new values in the timeline.
    """
    for field, values in (
        ("#id_position", ("ผู้จัดการฝ่ายวิศวกรรม", "ผู้จัดการโรงงาน")),
        ("#id_phone", ("0891234567", "0812345678")),
    ):
        _open_tab(page, "contacts")
        page.get_by_test_id("edit-contact-1").click()
        box = page.locator(field)
        box.fill(values[0] if box.input_value() != values[0] else values[1])
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("contacts-table")).to_be_visible()


def _open_tab(page: Page, name: str) -> None:
    """Click a customer-page tab and wait until its pane has faded fully in."""
    page.get_by_test_id(f"tab-{name}").click()
    pane = page.locator(f"#tab-{name}")
    expect(pane).to_have_class(re.compile(r"\bshow\b"))
    pane.evaluate(
        "el => new Promise(ok => { const f = () => getComputedStyle(el).opacity === '1'"
        " ? ok() : requestAnimationFrame(f); f(); })"
    )


def take(
    base_url: str,
    out: Path,
    username: str,
    password: str,
    customer: str | None,
    make_history: bool = False,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="th-TH")
        context.set_default_timeout(15_000)
        expect.set_options(timeout=15_000)
        page = context.new_page()

        page.goto("/accounts/login/")
        _shot(page, out, "01-login")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("button[type=submit]").click()
        expect(page.get_by_test_id("logout")).to_be_attached()
        original_lang = page.locator("html").get_attribute("lang")
        _set_language(page, "th")

        page.goto("/customers/")
        expect(page.get_by_test_id("customer-table")).to_be_visible()
        _shot(page, out, "02-customers-th")

        customer_url = customer or _richest_customer_url(page)
        if make_history:
            page.goto(customer_url)
            _edit_first_contact(page)
        page.goto(customer_url)
        expect(page.get_by_test_id("customer-name")).to_be_visible()
        expect(page.locator("#tab-accounts table")).to_be_visible()
        _shot(page, out, "03-customer-accounts")

        _open_tab(page, "contacts")
        _shot(page, out, "04-customer-contacts")

        # The pane holds a "Loading…" placeholder until htmx swaps the timeline in.
        placeholder = page.locator("#tab-history > *").first.element_handle()
        _open_tab(page, "history")
        page.wait_for_function("el => !el.isConnected", arg=placeholder)
        _shot(page, out, "05-customer-history")

        page.goto("/customers/")
        _set_language(page, "en")
        expect(page.get_by_test_id("customer-table")).to_be_visible()
        _shot(page, out, "06-customers-en")

        _set_language(page, original_lang or "th")  # leave the demo user as we found it
        browser.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:8000")
    ap.add_argument("--out", type=Path, default=Path("docs/screens"))
    ap.add_argument("--username", default="kamr_c1")
    ap.add_argument("--password", default="demo-2569")  # demo_data's documented password
    ap.add_argument("--customer", help="path of the customer page to show (default: most CAs)")
    ap.add_argument(
        "--make-history", action="store_true", help="edit a contact first (scratch DB only)"
    )
    args = ap.parse_args(argv)
    take(args.base_url, args.out, args.username, args.password, args.customer, args.make_history)


if __name__ == "__main__":
    sys.exit(main())
