"""A feed type on the configuration site: the cadence's numbers and each rule against the feed's columns are
checked before saving (a month 13 crashed the punctuality page; a rule on a missing or non-amount column never
fired), nothing is deleted from its inlines, and the audit record says what changed."""

import pytest

from accounts.models import AuditEvent
from alerts.admin import MSG_DUPLICATE
from alerts.feed_config import (
    MSG_DAYS,
    MSG_DUE_DAY,
    MSG_MONTH,
    MSG_RULE_AMOUNT_COLUMN,
    MSG_RULE_COLUMN,
    MSG_RULE_THRESHOLD,
    MSG_RULE_VALUE_NOT_CHOICE,
    MSG_WINDOW,
)
from alerts.models import AlertRule, FeedType
from tests.alerts.conftest import feed
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 参保状态 (选项：已参保、未参保), 当年累计医疗支出 (金额); two rules


def url(one: FeedType) -> str:
    return f"/admin/alerts/feedtype/{one.pk}/change/"


def test_the_cadence_needs_its_numbers(personas, login):
    client = login(personas.system_admin)
    one = feed(CODE)
    cases = [
        ({"due_day": 40}, MSG_DUE_DAY),
        ({"due_day": 0}, MSG_DUE_DAY),
        ({"cadence": "every_n_days", "cadence_days": 0}, MSG_DAYS.format(cadence="按固定天数报送")),
        ({"cadence": "seasonal", "cadence_days": 7, "window_start_month": 9, "window_end_month": 13}, MSG_MONTH),
        ({"cadence": "seasonal", "cadence_days": 7, "window_start_month": 11, "window_end_month": 2}, MSG_WINDOW),
    ]
    for overrides, message in cases:
        page = client.post(url(one), admin_data(one, **overrides)).content.decode()
        assert message in page, overrides
    assert (feed(CODE).cadence, feed(CODE).due_day) == ("monthly_by_day", 5)


def rule_fields(one: FeedType, code: str) -> int:
    return list(one.rules.order_by("id").values_list("code", flat=True)).index(code)


def test_each_rule_reads_a_column_of_the_right_kind_with_its_threshold_or_values(personas, login):
    client = login(personas.system_admin)
    one = feed(CODE)
    spending, uninsured = rule_fields(one, "spending"), rule_fields(one, "uninsured")
    name = "当年度截至上月底累计支出超过20000元"
    cases = [
        ({f"rules-{spending}-column_key": "insured"}, MSG_RULE_AMOUNT_COLUMN.format(name=name, header="参保状态")),
        ({f"rules-{spending}-threshold": ""}, MSG_RULE_THRESHOLD.format(name=name)),
        (
            {f"rules-{uninsured}-column_key": "nosuch"},
            MSG_RULE_COLUMN.format(name="未参加城乡居民医疗保险", key="nosuch"),
        ),
        (
            {f"rules-{uninsured}-values": "没参保"},
            MSG_RULE_VALUE_NOT_CHOICE.format(
                name="未参加城乡居民医疗保险", value="没参保", header="参保状态", choices="已参保、未参保"
            ),
        ),
    ]
    for overrides, message in cases:
        page = client.post(url(one), admin_data(one, **overrides)).content.decode()
        assert message in page, overrides
    assert AlertRule.objects.get(feed_type=one, code="spending").column_key == "spending"


def test_a_new_column_and_a_rule_on_it_are_saved_together(personas, login):
    one = feed(CODE)
    data = admin_data(one)
    columns, rules = data["columns-TOTAL_FORMS"], data["rules-TOTAL_FORMS"]
    data |= {"columns-TOTAL_FORMS": columns + 1, "rules-TOTAL_FORMS": rules + 1}
    data |= {
        f"columns-{columns}-{k}": v
        for k, v in {
            "feed_type": one.pk,
            "order": 9,
            "key": "self_paid",
            "header": "个人自付",
            "kind": "amount",
        }.items()
    }
    rule = {"feed_type": one.pk, "code": "self-paid", "name": "个人自付超过1万元", "kind": "amount_above"}
    rule |= {"column_key": "self_paid", "threshold": "10000", "risk_type": "medical_cost", "is_active": "on"}
    data |= {f"rules-{rules}-{k}": v for k, v in rule.items()}

    response = login(personas.system_admin).post(url(one), data)

    assert response.status_code == 302
    assert AlertRule.objects.get(feed_type=one, code="self-paid").column_key == "self_paid"


def test_nothing_is_deleted_from_the_inlines_and_the_audit_says_what_changed(personas, login):
    client = login(personas.system_admin)
    one = feed(CODE)
    assert "DELETE" not in client.get(url(one)).content.decode()  # no 删除 box: a rule is switched off instead

    data = admin_data(one, repeat_quiet_days=30, **{"rules-0-DELETE": "on", "columns-2-aliases": "是否参保"})
    assert client.post(url(one), data).status_code == 302

    assert one.rules.count() == 2
    assert feed(CODE).repeat_quiet_days == 30
    event = AuditEvent.objects.filter(action="alerts.feed_type_save").latest("pk")
    assert set(event.after) == {"repeat_quiet_days", "columns"} == set(event.before)
    assert (event.before["repeat_quiet_days"], event.after["repeat_quiet_days"]) == (90, 30)
    assert any(
        c == "参保状态（insured，选项，必填，可接受：是否参保，可填：已参保、未参保）" for c in event.after["columns"]
    )

    client.post(url(one), admin_data(feed(CODE)))
    unchanged = AuditEvent.objects.filter(action="alerts.feed_type_save").latest("pk")
    assert unchanged.summary.endswith("（未修改）") and not unchanged.after


def test_a_duplicate_column_code_is_named_by_its_label(personas, login):
    one = feed(CODE)
    page = login(personas.system_admin).post(url(one), admin_data(one, **{"columns-3-key": "insured"})).content.decode()
    assert MSG_DUPLICATE.format(model="数据列", fields="列代码") in page
    assert "key的重复数据" not in page


def test_the_feed_type_page_loads_the_stylesheet_that_fits_its_inlines_to_the_page(personas, login):
    """Two wide inlines made the page 2,341 px wide at 1366: the configuration site's stylesheet narrows them."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    page = login(personas.system_admin).get(url(feed(CODE))).content.decode()

    assert "css/admin_config.css" in page
    assert ".inline-group .tabular" in Path(finders.find("css/admin_config.css")).read_text(encoding="utf-8")


def test_a_code_another_feed_type_has_is_refused_in_plain_words(personas, login):
    """Django's own wording read "具有 代码 的 部门数据类型 已存在。" (locale/zh_Hans has ours)."""
    one, other = feed(CODE), feed("police-casualty")

    page = login(personas.system_admin).post(url(one), admin_data(one, code=other.code)).content.decode()

    assert "已有代码相同的部门数据类型，请换一个代码。" in page
    assert "具有 代码 的" not in page
    assert FeedType.objects.get(pk=one.pk).code == CODE
