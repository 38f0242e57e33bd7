"""A feed type cannot be 启用 on the configuration site when it cannot match anyone (review rev-clerk 3): it needs an
ID number column keyed id_number, a name column and at least one active alert rule. Every seeded feed type has
them, and a feed type not 启用 may be saved without."""

import re

import pytest

from alerts.feed_config import (
    MISSING_ACTIVE_RULE,
    MISSING_ID_COLUMN,
    MISSING_NAME_COLUMN,
    MSG_CANNOT_ACTIVATE,
    activation_error,
)
from alerts.models import FeedType
from tests.alerts.conftest import feed
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态, 当年累计医疗支出; two rules


def url(one: FeedType) -> str:
    return f"/admin/alerts/feedtype/{one.pk}/change/"


def _column(one: FeedType, key: str) -> int:
    return list(one.columns.order_by("order", "id").values_list("key", flat=True)).index(key)


def _as_saved(one: FeedType) -> dict:
    """The change form as the site shows it: each rule's 启用 as saved."""
    data = admin_data(one, window_start_month=one.window_start_month or "", window_end_month=one.window_end_month or "")
    for i, active in enumerate(one.rules.order_by("id").values_list("is_active", flat=True)):
        if not active:
            del data[f"rules-{i}-is_active"]
    return data


def _no_active_rule(one: FeedType, data: dict) -> dict:
    return {k: v for k, v in data.items() if not (k.startswith("rules-") and k.endswith("-is_active"))}


def test_a_feed_type_with_no_active_rule_is_not_activated(personas, login):
    one, client = feed(CODE), login(personas.system_admin)
    page = client.post(url(one), _no_active_rule(one, admin_data(one))).content.decode()
    assert MSG_CANNOT_ACTIVATE.format(missing=MISSING_ACTIVE_RULE) in page
    assert list(feed(CODE).rules.values_list("is_active", flat=True)) == [True, True]

    # Not 启用, it may be saved so, its rules all off.
    response = client.post(url(one), _no_active_rule(one, admin_data(one)) | {"is_active": ""})
    assert response.status_code == 302
    assert not feed(CODE).is_active and not feed(CODE).rules.filter(is_active=True).exists()
    # Switched on again with no active rule: refused.
    page = client.post(url(one), _no_active_rule(one, admin_data(one))).content.decode()
    assert MSG_CANNOT_ACTIVATE.format(missing=MISSING_ACTIVE_RULE) in page
    assert not feed(CODE).is_active


def test_the_id_number_and_name_columns_are_needed(personas, login):
    one, client = feed(CODE), login(personas.system_admin)
    id_column, name_column = _column(one, "id_number"), _column(one, "name")
    page = client.post(url(one), admin_data(one, **{f"columns-{id_column}-key": "sfzh"})).content.decode()
    assert MSG_CANNOT_ACTIVATE.format(missing=MISSING_ID_COLUMN) in page
    page = client.post(url(one), admin_data(one, **{f"columns-{name_column}-kind": "text"})).content.decode()
    assert MSG_CANNOT_ACTIVATE.format(missing=MISSING_NAME_COLUMN) in page
    assert "不能启用" in page and "至少一条启用的预警规则" in page
    assert set(feed(CODE).columns.values_list("key", flat=True)) >= {"id_number", "name"}


def test_every_seeded_feed_type_passes_and_saves_as_it_is(personas, login):
    client = login(personas.system_admin)
    seeded = list(FeedType.objects.filter(is_active=True))
    assert len(seeded) >= 10
    for one in seeded:
        columns = one.columns.values("key", "kind")
        assert activation_error(columns, one.rules.values("is_active")) == "", one.code
        response = client.post(url(one), _as_saved(one))
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
        assert response.status_code == 302, (one.code, errors)
