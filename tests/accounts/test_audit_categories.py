"""The audit log's 操作类别 filter finds every action the services record (printed-matter review, finding 2): 打印明白卡
(households.help_card_print) and 修改监督举报电话 (households.region_phone) read 其他 and no category selected them,
the registry's beginning being household.*, not households.*."""

import pytest

from accounts.audit import audit_record
from accounts.audit_actions import ACTION_NAMES, action_choices
from accounts.audit_labels import CATEGORY_ACTIONS, category_label
from tests.accounts.test_audit_actions import recorded_actions


def test_every_action_the_services_record_lands_in_a_category():
    codes, prefixes = recorded_actions()
    assert "households.help_card_print" in codes and "households.region_phone" in codes
    assert not {code: where for code, where in codes.items() if not category_label(code)}
    assert not [code for code in ACTION_NAMES if not category_label(code)]
    # A composed code (f"workflow.{action}") lands where its beginning does.
    assert not {prefix: where for prefix, where in prefixes.items() if not category_label(f"{prefix}x")}
    assert "其他" not in dict(action_choices())


def test_the_cards_print_is_the_helps_and_the_phone_the_registrys():
    assert category_label("households.help_card_print") == category_label("assistance.plan_print") == "帮扶措施与回访"
    assert category_label("households.region_phone").startswith("农户档案")
    # A print another category names stays there, not under the registry's beginning.
    assert category_label("households.consent_print").startswith("查看或下载含个人信息的文件")
    assert category_label("member.reveal_limit").startswith("查看完整身份证号")


@pytest.mark.django_db
def test_the_filter_selects_them_under_their_category(personas, login):
    audit_record(actor=personas.cadre_a, action="households.help_card_print", summary="打印户编号 H1 的明白卡")
    phone = "涂埠镇监督电话：未设置 → 12317"
    audit_record(actor=personas.county_officer, action="households.region_phone", summary=phone)
    audit_record(actor=personas.cadre_a, action="households.consent_print", summary="打印授权书 H1")
    client = login(personas.audit_admin)

    helped = client.get("/accounts/audit/", {"category": "assistance"}).content.decode()
    assert "打印户编号 H1 的明白卡" in helped and "涂埠镇监督电话" not in helped
    registry = client.get("/accounts/audit/", {"category": "registry"}).content.decode()
    assert phone in registry
    assert "打印户编号 H1 的明白卡" not in registry and "打印授权书 H1" not in registry
    api = client.get("/api/v1/audit-events/", {"category": "assistance"}).json()["results"]
    cards = [row["category_display"] for row in api if row["action"] == "households.help_card_print"]
    assert cards == ["帮扶措施与回访"] and "assistance" in CATEGORY_ACTIONS
