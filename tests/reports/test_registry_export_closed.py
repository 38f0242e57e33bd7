"""导出本列表 on the household list's 已注销 and 全部 tabs: the file holds the rows the tab lists, each
saying whether it is 在册 or 已注销, and when and why it was closed; its conditions name the tab (review srch
finding 1)."""

import datetime as dt

import pytest

from households.choices import ClosedReason, HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row
from tests.households.test_list_registry_state import closed_household
from tests.reports.test_registry_list_export import export_rows, exported

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def household_a(personas, county):
    return registry.household_create(
        actor=personas.township,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)],
    )


def test_the_closed_tab_s_export_lists_the_closed_households_with_their_closing(
    household_a, personas, county, login, django_capture_on_commit_callbacks
):
    gone = closed_household(personas, county.village_a, "迁出甲", county.village_a.code + "0090")
    client = login(personas.township)

    header, rows = export_rows(client, django_capture_on_commit_callbacks, "registry_state=closed")
    _, every = export_rows(client, django_capture_on_commit_callbacks, "registry_state=all&ordering=number")
    export = exported(client, django_capture_on_commit_callbacks, "registry_state=closed")

    assert header[-3:] == ["档案状态", "注销日期", "注销原因"]
    assert [(row[4], row[-3], row[-1]) for row in rows] == [(gone.number, "已注销", "全户迁出")]
    assert rows[0][-2] not in ("", None)
    assert [(row[4], row[-3]) for row in every] == [(household_a.number, "在册"), (gone.number, "已注销")]
    assert "档案状态：已注销" in export.filters_label


def test_the_default_export_says_every_household_is_on_the_rolls(
    household_a, personas, county, login, django_capture_on_commit_callbacks
):
    closed_household(personas, county.village_a, "亡故乙", county.village_a.code + "0091", ClosedReason.ALL_DECEASED)

    _, rows = export_rows(login(personas.township), django_capture_on_commit_callbacks, "")

    assert [(row[4], row[-3]) for row in rows] == [(household_a.number, "在册")]
    assert rows[0][-2] in ("", None) and rows[0][-1] in ("", None)
