"""The Content-Security-Policy (script-src 'self', config/security_headers.py) runs no inline script: no template
may carry an on…= handler, a <script> block without src (a JSON island, type="application/json", is data and
allowed) or a javascript: URL, or the page's confirmation, filter or 打印 would silently do nothing."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from households.choices import HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row

TEMPLATES = Path(settings.BASE_DIR) / "templates"
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.S)
JS_URL = re.compile(r"javascript:", re.I)


def inline_code(text: str) -> list[str]:
    return [m.group(0)[:120] for pattern in (HANDLER, INLINE_SCRIPT, JS_URL) for m in pattern.finditer(text)]


def test_the_scan_finds_what_it_is_for():
    assert inline_code('<form method="post" onsubmit="return confirm(\'确定？\');">')
    assert inline_code('<button type="button"\n  onclick="window.print()">打印</button>')
    assert inline_code("<script>\nalert(1)\n</script>")
    assert inline_code('<a href="javascript:void(0)">')
    assert not inline_code('<script src="/static/js/page_actions.js" defer></script>')
    assert not inline_code('<script type="application/json" id="c">{}</script>')
    assert not inline_code('<form data-confirm-submit="确定？" action="/x/" class="inline">')


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_an_inline_script_or_handler(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


@pytest.mark.django_db
def test_the_pages_that_carried_inline_script_render_without_it_and_load_their_static_files(personas, login, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)]
    household_a = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.LIFTED_OUT
    )
    pages = {
        "/accounts/security/approvals/": (personas.security_admin, "js/account_approvals.js"),
        f"/households/{household_a.pk}/": (personas.cadre_a, "js/tabs.js"),
        "/campaigns/new/": (personas.county_officer, "js/village_groups.js"),
        "/screening/runs/": (personas.county_officer, "js/page_actions.js"),
    }
    for url, (user, script) in pages.items():
        response = login(user).get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert inline_code(page) == [], url
        assert f'src="/static/{script}"' in page, url
    runs = login(personas.county_officer).get("/screening/runs/").content.decode()
    assert 'data-confirm-submit="确定立即对全县农户重新筛查？"' in runs


@pytest.mark.django_db
def test_the_api_docs_page_loads_its_start_up_script_from_its_own_url(personas, login):
    client = login(personas.cadre_a)
    page = client.get("/api/v1/docs/").content.decode()
    script = client.get("/api/v1/docs/?script=")

    assert inline_code(page) == [] and 'src="/api/v1/docs/?script="' in page
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
