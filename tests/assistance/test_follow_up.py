"""The catalogue as data, and the pages after the plan: contacts, return visits, measure status, claims, employment."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import AuditEvent
from assistance.models import EmploymentRecord, HelpContactAssignment, MeasureCategory, MeasureType, Plan, PlanMeasure
from assistance.services import claims, contacts, employment, measures, plans
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def test_the_seeded_catalogue_covers_the_five_categories_with_units_and_risks():
    assert list(MeasureCategory.objects.values_list("name", flat=True)) == [
        "产业帮扶",
        "就业帮扶",
        "综合保障",
        "社会帮扶",
        "志智双扶",
    ]
    names = set(MeasureType.objects.values_list("name", flat=True))
    for expected in (
        "脱贫人口小额信贷",
        "乡村公益性岗位",
        "以工代赈",
        "农村最低生活保障（低保）",
        "雨露计划职业教育资助",
        "防贫保",
    ):
        assert expected in names
    housing = MeasureType.objects.get(code="housing_renovation")
    assert (housing.get_default_department_display(), housing.risk_types) == ("住房和城乡建设局", ["unsafe_housing"])


def test_the_system_admin_edits_the_catalogue_through_the_service(personas, login):
    client = login(personas.system_admin)
    category = MeasureCategory.objects.get(code="employment")
    response = client.post(
        "/admin/assistance/measuretype/add/",
        {
            "category": category.pk,
            "code": "labour_cooperative",
            "name": "农民劳务专业合作社托底安置",
            "default_department": "human_resources",
            "default_unit_name": "",
            "risk_types": ["unemployment"],
            "order": "999",
            "is_active": "on",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert MeasureType.objects.get(code="labour_cooperative").risk_types == ["unemployment"]
    assert AuditEvent.objects.filter(action="assistance.measure_type_save", actor=personas.system_admin).exists()
    assert login(personas.township).get("/admin/assistance/measuretype/").status_code == 403


def test_a_contacts_page_lists_their_households_and_what_is_due(personas, login, plan):
    contacts.help_contact_assign(actor=personas.township, household=plan.household, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=2))
    client = login(personas.township)
    page = client.get(f"/assistance/contacts/{personas.cadre_a.pk}/").content.decode()
    assert "张大山" in page and "已逾期" in page
    assert "cadre_a" in client.get("/assistance/contacts/").content.decode()
    # another village's cadre cannot look at this contact's households
    assert login(personas.cadre_b).get(f"/assistance/contacts/{personas.cadre_a.pk}/").status_code == 404


def test_a_contact_from_another_township_is_refused_on_the_page(personas, login, county, plan):
    from tests.factories import UserFactory

    outsider = UserFactory(username="cadre_c", role="village_cadre", region_path=county.village_c.path)
    response = login(personas.county_officer).post(
        f"/assistance/households/{plan.household_id}/contact/",
        {"contact": outsider.pk, "starts_on": today().isoformat()},
    )
    # the page offers only people of the household's township or the county, so the outsider is not a choice
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not HelpContactAssignment.objects.exists()
    api = login(personas.county_officer).post(
        "/api/v1/assistance/help-contacts/",
        {"household": plan.household_id, "contact": outsider.pk},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]


def test_a_return_visit_recorded_on_the_page_clears_the_overdue_list(personas, login, plan):
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=5))
    client = login(personas.township)
    assert "张大山" in client.get("/assistance/return-visits/?show=overdue").content.decode()
    response = client.post(
        f"/assistance/plans/{plan.pk}/return-visits/new/",
        {"visited_on": today().isoformat(), "effect": "good", "note": "已入院报销", "findings": ["food_clothing_ok"]},
    )
    assert response.status_code == 302
    assert "张大山" not in client.get("/assistance/return-visits/?show=overdue").content.decode()
    plan.household.refresh_from_db()
    assert plan.household.medical_ok is False  # the findings of a return visit update the household like any visit


def test_the_status_of_a_measure_changes_on_its_page_and_stopping_needs_a_reason(personas, login, plan):
    measure = measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="housing_renovation"),
        starts_on=today(),
        responsible_person="张工",
        confirm_mismatch=True,
        mismatch_reason="房屋待鉴定",
    )
    client = login(personas.county_officer)  # 住建's measure: the county bureau (or 住建) closes it, not the township
    refused = client.post(f"/assistance/measures/{measure.pk}/", {"action": "status", "status": "stopped", "note": ""})
    assert "请填写办理情况或终止原因。" in refused.content.decode()
    client.post(f"/assistance/measures/{measure.pk}/", {"action": "status", "status": "in_progress"})
    assert PlanMeasure.objects.get(pk=measure.pk).status == "in_progress"
    assert (
        login(personas.official)
        .post(f"/assistance/measures/{measure.pk}/", {"action": "status", "status": "done", "note": "x"})
        .status_code
        == 403
    )


def test_a_claim_is_decided_through_the_api_and_a_rejection_needs_a_reason(personas, login, plan):
    claim = claims.claim_create(
        actor=personas.cadre_a, household=plan.household, cause="disaster", amount=Decimal("6000"), occurred_on=today()
    )
    cadre = login(personas.cadre_a).post(
        f"/api/v1/assistance/claims/{claim.pk}/decide/", {"status": "approved"}, content_type="application/json"
    )
    assert cadre.status_code == 403 and "县乡村振兴局" in cadre.json()["detail"]
    client = login(personas.county_officer)
    refused = client.post(
        f"/api/v1/assistance/claims/{claim.pk}/decide/", {"status": "rejected"}, content_type="application/json"
    )
    assert refused.status_code == 400
    approved = client.post(
        f"/api/v1/assistance/claims/{claim.pk}/decide/",
        {"status": "approved", "approved_amount": "6000"},
        content_type="application/json",
    )
    assert approved.json()["status"] == "approved"
    assert login(personas.cadre_b).get(f"/assistance/claims/{claim.pk}/").status_code == 404


def test_the_quarterly_snapshot_copies_the_registry_once(personas, login, monitored_a):
    from households.models import Member

    Member.objects.filter(household=monitored_a, name="张大山").update(
        employment_place="out_of_province", employment_months=8
    )
    year, quarter = employment.quarter_of(today())
    client = login(personas.cadre_a)
    client.post(
        f"/assistance/employment/?quarter={year}Q{quarter}", {"action": "snapshot", "quarter": f"{year}Q{quarter}"}
    )
    client.post(
        f"/assistance/employment/?quarter={year}Q{quarter}", {"action": "snapshot", "quarter": f"{year}Q{quarter}"}
    )
    records = EmploymentRecord.objects.filter(year=year, quarter=quarter)
    assert records.count() == 2  # both working-age members, once each
    head = records.get(member__name="张大山")
    assert (head.employed, head.place, head.months) == (True, "out_of_province", 8)
    # What was earned is not in the registry: not reported, not 0 (the ledger printed 0.00 for every worker).
    assert head.monthly_income is None
    other = records.exclude(member__name="张大山").get()
    assert other.employed or other.monthly_income == 0
    page = client.get(f"/assistance/employment/?quarter={year}Q{quarter}").content.decode()
    assert "未填报" in page


def test_the_landing_page_lists_monitored_households_without_a_plan(personas, login, monitored_a):
    page = login(personas.township).get("/assistance/").content.decode()
    assert "尚未制定帮扶方案的监测户" in page and "张大山" in page


def test_the_clerk_lands_on_the_department_list(personas, login):
    response = login(personas.clerk).get("/assistance/")
    assert response.status_code == 302 and response["Location"] == "/assistance/department/"


def test_a_plan_whose_help_contact_left_is_listed_as_needing_a_new_one(personas, login, plan):
    """003 §二 3(2): a contact who can no longer serve is replaced in time. Deactivating the account puts the
    household on the list, with a badge, on the page, the home tile and the API."""
    from accounts.services import user_update

    contacts.help_contact_assign(actor=personas.township, household=plan.household, contact=personas.cadre_a)
    client = login(personas.township)
    assert client.get("/assistance/?contact_state=needs_change").context["page"].paginator.count == 0

    user_update(actor=personas.system_admin, user=personas.cadre_a, is_active=False)

    page = client.get("/assistance/?contact_state=needs_change")
    assert [p.pk for p in page.context["page"]] == [plan.pk]
    assert page.context["contacts_to_change"] == 1
    assert "已停用，需调整" in page.content.decode()
    home = client.get("/").content.decode()
    assert "帮扶联系人需调整" in home
    listed = client.get("/api/v1/assistance/plans/?contact_state=needs_change").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(r["id"], r["help_contact"], r["help_contact_needs_change"]) for r in rows] == [
        (plan.pk, personas.cadre_a.pk, True)
    ]


def test_a_plan_with_no_help_contact_needs_one_and_one_outside_scope_is_not_counted(personas, login, plan, county):
    from assistance.selectors import contact_needs_change_count

    assert contact_needs_change_count(actor=personas.township) == 1
    assert contact_needs_change_count(actor=personas.cadre_b) == 0

    contacts.help_contact_assign(actor=personas.township, household=plan.household, contact=personas.cadre_a)

    assert contact_needs_change_count(actor=personas.township) == 0


def test_a_help_contact_is_reminded_of_their_own_households_return_visits(personas, login, plan):
    """000 §三(三)7: 建立定期回访制度. The contact's home shows their own due visits; others see no such tile."""
    contacts.help_contact_assign(actor=personas.township, household=plan.household, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=2))

    home = login(personas.cadre_a).get("/")
    tiles = {t["label"]: t for t in home.context["tiles"]}
    assert tiles["我联系的农户应回访"]["count"] == 1
    page = login(personas.cadre_a).get(tiles["我联系的农户应回访"]["url"])
    assert [p.pk for p in page.context["page"]] == [plan.pk]
    assert "只列出您作为帮扶联系人的农户" in page.content.decode()

    township = login(personas.township)
    assert "我联系的农户应回访" not in {t["label"] for t in township.get("/").context["tiles"]}
    assert township.get("/assistance/return-visits/?show=due&mine=1").context["page"].paginator.count == 0
    assert township.get("/assistance/return-visits/?show=due").context["page"].paginator.count == 1


def test_a_return_visit_opens_as_the_household_stands_and_keeps_its_problem(personas, login, plan):
    from households.models import Household
    from households.services.visits import visit_record

    household = plan.household
    visit_record(actor=personas.cadre_a, household=household, visited_on=today(), findings={"housing_ok": False})
    client = login(personas.cadre_a)
    page = client.get(f"/assistance/plans/{plan.pk}/return-visits/new/").content.decode()
    housing = re.search(r'<input[^>]*value="housing_ok"[^>]*>', page).group(0)
    water = re.search(r'<input[^>]*value="water_ok"[^>]*>', page).group(0)
    assert " checked" not in housing and " checked" in water
    # Saved as it opened (only the effect and a note typed): the unsafe house stays recorded.
    findings = ["food_clothing_ok", "education_ok", "medical_ok", "water_ok"]
    response = client.post(
        f"/assistance/plans/{plan.pk}/return-visits/new/",
        {"visited_on": today().isoformat(), "effect": "fair", "note": "救助已发放", "findings": findings},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Household.objects.get(pk=household.pk).housing_ok is False


def test_the_plan_list_api_searches_by_name_and_refuses_a_parameter_it_does_not_know(personas, login, plan):
    """The re-check searched plans with ?q= and got the first plan of the county: the parameter was ignored."""
    client = login(personas.township)
    head = plan.household.head_name

    found = client.get("/api/v1/assistance/plans/", {"q": head}).json()["results"]
    missed = client.get("/api/v1/assistance/plans/", {"q": "没有这个人"}).json()["results"]
    unknown = client.get("/api/v1/assistance/plans/", {"name": head})

    assert [row["id"] for row in found] == [plan.pk] and missed == []
    assert unknown.status_code == 400 and "name" in unknown.json()
    assert client.get(f"/api/v1/assistance/plans/{plan.pk}/").status_code == 200
