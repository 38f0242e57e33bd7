"""The audit admin finds who registered or changed a person by the person's ID number, matched on the server and
never shown; new households and members record what they were registered with, masked on display (review admins
finding 8)."""

import datetime as dt

import pytest

from accounts.audit_labels import HEALTH_RECORDED
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

SHEN = member_row("沈建国", Relation.HEAD, dt.date(1981, 2, 28), 13, health="serious")
WIFE = member_row("刘芳", Relation.SPOUSE, dt.date(1983, 5, 6), 24)
OTHER = member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)


@pytest.fixture
def registered(personas, county):
    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=[SHEN], household_type=HouseholdType.ORDINARY
    )
    registry.household_create(
        actor=personas.cadre_b, village=county.village_b, members=[OTHER], household_type=HouseholdType.ORDINARY
    )
    registry.household_update(actor=personas.cadre_a, household=household, address="城南村5号")
    member = registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household, data=WIFE)
    return household, member


def _rows(client, **params):
    return client.get("/api/v1/audit-events/", params).json()["results"]


def test_an_id_number_finds_the_persons_household_and_member_events_without_showing_it(personas, login, registered):
    household, _ = registered
    client = login(personas.audit_admin)

    rows = _rows(client, q=SHEN["id_number"])
    page = client.post("/accounts/audit/", {"q": SHEN["id_number"]}, follow=True).content.decode()
    wife_rows = _rows(client, q=WIFE["id_number"].lower())

    assert {row["action"] for row in rows} == {"household.create", "household.update"}
    assert {row["object_id"] for row in rows if row["object_type"] == "households.household"} == {str(household.pk)}
    assert "王五" not in str(rows)  # another household's events are not matched
    assert SHEN["id_number"] not in str(rows)
    results = page.split("共 ", 1)[1]  # the rows, after the form that holds what was typed
    assert SHEN["id_number"] not in results and "新建农户档案" in results
    assert {row["action"] for row in wife_rows} == {"household.create", "household.update", "member.create"}


def test_new_records_keep_their_values_masked_on_display(personas, login, registered):
    client = login(personas.audit_admin)

    created = _rows(client, action="household.create", q=SHEN["id_number"])[0]
    member = _rows(client, action="member.create")[0]

    assert created["after"]["members"][0].startswith("沈建国（户主）3604") and "*" in created["after"]["members"][0]
    assert created["after"]["household_type"] == "一般农户"
    assert SHEN["id_number"] not in str(created)
    assert member["after"]["name"] == "刘芳" and member["after"]["relation"] == "配偶"
    assert member["after"]["id_number"].startswith("3604") and "*" in member["after"]["id_number"]
    assert member["after"]["birth_date"] == "1983年"
    assert member["after"]["health"] == HEALTH_RECORDED
    labels = {change["label"] for change in member["changes"]}
    assert {"姓名", "身份证号", "健康状况"} <= labels


def test_the_search_writes_no_full_id_number_into_the_export_record(personas, login, registered):
    client = login(personas.audit_admin)

    client.get("/accounts/audit/", {"q": SHEN["id_number"], "export": "xlsx"}, follow=True)

    from accounts.models import AuditEvent

    export = AuditEvent.objects.get(action="audit.export")
    assert SHEN["id_number"] not in export.summary and "3604" in export.summary


def test_a_keyword_that_is_no_id_number_searches_as_before(personas, login, registered):
    rows = _rows(login(personas.audit_admin), q="城南村5号")

    assert [row["action"] for row in rows] == []  # the address is in `after`, not in any summary
