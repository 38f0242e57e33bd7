"""The account's 历史 page (django admin) says what a change of scope became (review sec, finding 6): a change that
waited for the security admin, then was refused, read "已修改 管辖区划" as if done."""

import re

import pytest

from accounts.approvals import grant_fingerprint
from accounts.models import User
from tests.accounts.test_refused_change import _change, cadre  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _history(client, user) -> str:
    page = client.get(f"/admin/accounts/user/{user.pk}/history/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _decide(client, user, decision):
    pick = grant_fingerprint(User.objects.get(pk=user.pk))
    reason = "调动手续未办完" if decision == "refuse" else ""
    client.post("/accounts/security/approvals/", {"pick": [pick], "decision": decision, "reason": reason})


def test_a_refused_scope_change_reads_as_asked_then_refused(personas, county, cadre, login):  # noqa: F811
    admin = login(personas.system_admin)
    _change(admin, cadre, region_path=county.village_b.path)

    asked = _history(admin, cadre)
    assert "申请修改 管辖区划（待安全管理员审核" in asked and "已修改 管辖区划" not in asked

    _decide(login(personas.security_admin), cadre, "refuse")
    refused = _history(admin, cadre)
    assert "安全管理员拒绝申请的修改（村干部/网格员，城北村）：调动手续未办完" in refused
    assert "仍为原来的村干部/网格员，城南村" in refused and "已修改 管辖区划" not in refused


def test_an_approved_scope_change_reads_as_in_force(personas, county, cadre, login):  # noqa: F811
    admin = login(personas.system_admin)
    _change(admin, cadre, region_path=county.village_b.path, phone="13907920000")

    assert "已修改 联系电话；申请修改 管辖区划" in _history(admin, cadre)
    _decide(login(personas.security_admin), cadre, "approve")
    assert "安全管理员批准申请的修改（村干部/网格员，城北村），已生效" in _history(admin, cadre)
