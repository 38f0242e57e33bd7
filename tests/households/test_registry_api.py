import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from tests.households.conftest import make_id, numbered
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def test_api_lists_only_households_in_scope(household_a, household_b, personas, login):
    rows = login(personas.cadre_a).get("/api/v1/households/").json()["results"]

    assert [r["number"] for r in rows] == [household_a.number]
    assert {m["name"] for m in rows[0]["members"]} == {"张大山", "李秀英", "张小明"}


def test_api_list_fetches_the_members_of_a_page_at_once(household_a, household_b, personas, login, county):
    from households.services import registry
    from tests.households.conftest import member_row

    for n in range(8):
        rows = [member_row(numbered("户主", n), "head", dt.date(1970, 1, 1), 200 + n)]
        registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
        )
    client = login(personas.township)
    with CaptureQueriesContext(connection) as queries:
        rows = client.get("/api/v1/households/").json()["results"]

    assert len(rows) == 10 and all(row["members"] for row in rows)
    member_queries = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "households_member"')]
    assert len(member_queries) == 1  # not one per household


def test_api_returns_404_for_a_household_of_another_village(household_b, personas, login):
    response = login(personas.cadre_a).get(f"/api/v1/households/{household_b.pk}/")

    assert response.status_code == 404


def test_api_filters_match_the_page_filters(household_a, household_b, personas, login):
    client = login(personas.township)

    by_type = client.get("/api/v1/households/", {"household_type": "lifted_out"}).json()["results"]
    by_name = client.get("/api/v1/households/", {"q": "王五"}).json()["results"]
    by_village = client.get("/api/v1/households/", {"village": household_b.village.code}).json()["results"]

    assert [r["number"] for r in by_type] == [household_a.number]
    assert [r["number"] for r in by_name] == [household_b.number]
    assert [r["number"] for r in by_village] == [household_b.number]


def test_api_creates_a_household_with_members_and_derives_sex(personas, county, login):
    payload = {
        "village": county.village_a.code,
        "household_type": "ordinary",
        "members": [
            {"name": "孙大", "id_number": make_id(dt.date(1980, 2, 2), 17), "relation": "head"},
            {"name": "孙二", "id_number": make_id(dt.date(2005, 2, 2), 28), "relation": "daughter"},
        ],
    }

    response = login(personas.cadre_a).post("/api/v1/households/", payload, content_type="application/json")

    assert response.status_code == 201, response.content
    household = Household.objects.get(pk=response.json()["id"])
    assert household.head_name == "孙大"
    assert {m.name: m.sex for m in household.members.all()} == {"孙大": "male", "孙二": "female"}


def test_api_reports_a_bad_id_with_the_chinese_message_at_the_member(personas, county, login):
    good = make_id(dt.date(1980, 2, 2), 17)
    payload = {
        "village": county.village_a.code,
        "household_type": "ordinary",
        "members": [{"name": "孙大", "id_number": good[:17] + ("1" if good[17] != "1" else "2"), "relation": "head"}],
    }

    response = login(personas.cadre_a).post("/api/v1/households/", payload, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["members"] == {"0": {"id_number": ["身份证号校验位不正确，请核对后重新输入。"]}}


def test_api_refuses_creating_in_another_village(personas, county, login):
    payload = {
        "village": county.village_b.code,
        "household_type": "ordinary",
        "members": [{"name": "孙大", "id_number": make_id(dt.date(1980, 2, 2), 17), "relation": "head"}],
    }

    response = login(personas.cadre_a).post("/api/v1/households/", payload, content_type="application/json")

    assert response.status_code == 403
    assert not Household.objects.exists()


def test_official_can_read_but_not_write(household_a, personas, login):
    client = login(personas.official)

    assert client.get(f"/api/v1/households/{household_a.pk}/").status_code == 200
    response = client.patch(f"/api/v1/households/{household_a.pk}/", {"phone": "1"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色只能查看农户档案。"


def test_read_only_roles_get_id_numbers_and_phones_masked_through_the_api_as_on_the_pages(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(phone="13907920001")
    head = household_a.members.get(name="张大山")
    masked = head.id_number[:4] + "*" * 10 + head.id_number[-4:]

    for persona in (personas.official, personas.approver):
        client = login(persona)
        row = client.get(f"/api/v1/households/{household_a.pk}/").json()
        listed = client.get("/api/v1/households/").json()["results"][0]
        member = client.get(f"/api/v1/members/{head.pk}/").json()
        assert row["phone"] == "139****0001" and listed["phone"] == "139****0001"
        ids = {m["name"]: m["id_number"] for m in row["members"]}
        assert ids["张大山"] == masked and member["id_number"] == masked
        assert head.id_number not in client.get("/api/v1/households/").content.decode()
    # Those who keep the registry see them in full.
    row = login(personas.cadre_a).get(f"/api/v1/households/{household_a.pk}/").json()
    assert row["phone"] == "13907920001"
    assert {m["name"]: m["id_number"] for m in row["members"]}["张大山"] == head.id_number


def test_api_income_computes_per_capita_and_refuses_negative_amounts(household_a, personas, login):
    client = login(personas.cadre_a)
    year = dt.date.today().year

    ok = client.post(
        "/api/v1/incomes/",
        {"household": household_a.pk, "year": year, "wage_income": "9000.00"},
        content_type="application/json",
    )
    bad = client.post(
        "/api/v1/incomes/",
        {"household": household_a.pk, "year": year, "wage_income": "-5"},
        content_type="application/json",
    )

    assert ok.status_code == 201 and ok.json()["per_capita_net_income"] == "3000.00"
    assert bad.status_code == 400
    assert bad.json()["wage_income"] == ["金额不能为负数。"]


def test_api_income_for_a_year_entered_corrects_it_and_the_same_figures_record_nothing(household_a, personas, login):
    from accounts.models import AuditEvent

    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "year": dt.date.today().year, "wage_income": "9000.00"}
    assert client.post("/api/v1/incomes/", body, content_type="application/json").status_code == 201
    audited = AuditEvent.objects.filter(action__startswith="income.").count()

    same = client.post("/api/v1/incomes/", body, content_type="application/json")
    corrected = client.post("/api/v1/incomes/", {**body, "wage_income": "12000"}, content_type="application/json")

    assert same.status_code == 200 and corrected.status_code == 200
    assert corrected.json()["per_capita_net_income"] == "4000.00"
    assert AuditEvent.objects.filter(action__startswith="income.").count() == audited + 1  # the correction only


def test_api_visit_in_another_village_is_refused_and_own_visit_recorded(household_a, household_b, personas, login):
    client = login(personas.cadre_a)
    today = dt.date.today().isoformat()

    other = client.post(
        "/api/v1/visits/",
        {"household": household_b.pk, "visited_on": today, **ALL_SECURED},
        content_type="application/json",
    )
    own = client.post(
        "/api/v1/visits/",
        {"household": household_a.pk, "visited_on": today, **ALL_SECURED, "water_ok": False},
        content_type="application/json",
    )

    assert other.status_code == 400  # not among the households this user may choose
    assert own.status_code == 201
    household_a.refresh_from_db()
    assert household_a.water_ok is False


def test_an_alert_or_return_visit_is_not_recorded_as_a_plain_visit(household_a, personas, login):
    """Those visits belong to an alert or a plan, recorded where their outcome is recorded too."""
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "visited_on": dt.date.today().isoformat(), "kind": "return"}

    refused = client.post("/api/v1/visits/", body, content_type="application/json")
    page = client.post(f"/households/{household_a.pk}/visits/new/", {**body, "kind": "alert"})

    assert refused.status_code == 400 and "kind" in refused.json()
    assert page.status_code == 200 and "帮扶回访" not in page.content.decode().split('name="kind"')[1][:600]
    assert not household_a.visits.exists()


def test_schema_describes_the_registry_in_chinese(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/").content.decode()

    assert "/api/v1/households/" in schema
    assert "姓名、身份证号或户编号" in schema


def test_api_visit_notes_longer_than_a_page_are_refused_naming_the_field(household_a, personas, login):
    body = {
        "household": household_a.pk,
        "visited_on": dt.date.today().isoformat(),
        "notes": "走访" * 1001,
        **ALL_SECURED,
    }

    response = login(personas.cadre_a).post("/api/v1/visits/", body, content_type="application/json")

    assert response.status_code == 400
    assert "走访情况不能超过2000字" in response.json()["notes"][0]
