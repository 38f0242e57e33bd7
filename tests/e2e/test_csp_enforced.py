"""With the Content-Security-Policy enforced (script-src 'self'), the confirmations the pages used to ask in inline
onsubmit/onclick handlers are still asked, in the same words, by static/js/page_actions.js: cancelled, nothing is
sent; and the browser reports no blocked script."""

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import Approval

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _watch(page: Page) -> list[str]:
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.on("pageerror", lambda e: blocked.append(str(e)))
    return blocked


def test_the_county_rescreening_asks_first_and_a_cancel_sends_nothing(phone: Page, live_server, log_in, personas):
    blocked = _watch(phone)
    asked: list[str] = []
    answer = {"accept": False}
    phone.on("dialog", lambda d: (asked.append(d.message), d.accept() if answer["accept"] else d.dismiss()))
    posts: list[str] = []
    phone.on("request", lambda r: r.method == "POST" and "/runs/start/" in r.url and posts.append(r.url))
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/screening/runs/")

    phone.get_by_role("button", name="立即全县筛查").click()
    phone.wait_for_timeout(200)
    assert asked == ["确定立即对全县农户重新筛查？"] and posts == []

    answer["accept"] = True
    with phone.expect_navigation():
        phone.get_by_role("button", name="立即全县筛查").click()
    assert len(asked) == 2 and len(posts) == 1
    assert blocked == []


def test_the_approvals_page_ticks_all_and_names_how_many_it_approves(phone: Page, live_server, log_in, personas):
    personas.cadre_b.approval = Approval.NEW
    personas.cadre_b.save(update_fields=["approval"])
    personas.township.approval = Approval.NEW
    personas.township.save(update_fields=["approval"])
    blocked = _watch(phone)
    asked: list[str] = []
    phone.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    log_in(phone, personas.security_admin.username)
    phone.goto(f"{live_server.url}/accounts/security/approvals/")

    pending = phone.locator("#pending")
    pending.get_by_label("全选").check()
    expect(pending.locator('input[name="pick"]:checked')).to_have_count(pending.locator('input[name="pick"]').count())
    pending.get_by_role("button", name="批准所选账号").click()
    phone.wait_for_timeout(200)
    ticked = pending.locator('input[name="pick"]:checked').count()
    assert ticked >= 2 and asked == [f"确认批准所选的 {ticked} 个账号？批准后这些账号即可登录。"]
    expect(phone).to_have_url(f"{live_server.url}/accounts/security/approvals/")
    assert blocked == []
