"""Editing a campaign's phases and villages, and entering a household problem directly in the ledger (附件3):
services and pages, with the personas of tests/conftest.py (城南村 = village_a, 城北村 = village_b in 涂埠镇,
张公渡村 = village_c in 虬津镇)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from households.choices import Relation
from households.models import HouseholdEvent
from households.services import registry
from screening.choices_campaigns import PhaseKind, ProblemStatus, ProblemType
from screening.models import CampaignAssignment, HouseholdProblem
from screening.services import campaign_problems, campaigns
from screening.services.campaign_edit import MSG_VILLAGE_HAS_FORMS, MSG_VILLAGE_HAS_PROBLEMS, campaign_update
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

FIELD = {"kind": "field_screening", "starts_on": dt.date(2021, 6, 10), "ends_on": dt.date(2021, 6, 15)}
RECTIFY = {"kind": "rectification", "starts_on": dt.date(2021, 6, 15), "ends_on": dt.date(2021, 6, 25)}


def _household(actor, village, name, sequence):
    rows = [member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)]
    return registry.household_create(actor=actor, village=village, members=rows, household_type="ordinary")


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="2021年集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b],
        phases=[FIELD, RECTIFY],
    )


@pytest.fixture
def household_a(personas, county):
    return _household(personas.cadre_a, county.village_a, "张大山", 11)


def _fill(personas, campaign, household):
    """A form dated within the field screening phase (a later one is refused)."""
    return campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers={}, filled_on=FIELD["starts_on"]
    )


def _update(personas, campaign, villages, phases=(FIELD, RECTIFY), name="2021年集中排查"):
    return campaign_update(
        actor=personas.county_officer, campaign=campaign, name=name, villages=villages, phases=list(phases)
    )


# --- editing a campaign ---


def test_the_county_moves_a_phase_and_adds_a_village_and_the_audit_log_says_what_changed(campaign, personas, county):
    later = {**RECTIFY, "ends_on": dt.date(2021, 7, 10)}
    summary_phase = {"kind": "summary", "starts_on": dt.date(2021, 7, 10), "ends_on": dt.date(2021, 7, 12)}

    _update(personas, campaign, [county.village_a, county.village_b, county.village_c], [FIELD, later, summary_phase])

    phases = [(p.kind, p.starts_on, p.ends_on) for p in campaign.phases.all()]
    assert phases == [
        ("field_screening", FIELD["starts_on"], FIELD["ends_on"]),
        ("rectification", later["starts_on"], later["ends_on"]),
        ("summary", summary_phase["starts_on"], summary_phase["ends_on"]),
    ]
    assert {v.name for v in campaign.villages.all()} == {"城南村", "城北村", "张公渡村"}
    event = AuditEvent.objects.get(action="campaign.update")
    assert "新增张公渡村" in event.summary and "调整阶段日期" in event.summary
    assert event.before["phases"]["问题整改"] == "2021-06-15 至 2021-06-25"
    assert event.after["phases"]["问题整改"] == "2021-06-15 至 2021-07-10"
    assert event.after["villages"] == ["城南村", "城北村", "张公渡村"]


def test_an_unchanged_campaign_writes_no_audit_event(campaign, personas, county):
    _update(personas, campaign, [county.village_b, county.village_a])

    assert not AuditEvent.objects.filter(action="campaign.update").exists()


def test_a_village_with_filled_forms_cannot_be_removed(campaign, personas, county, household_a):
    _fill(personas, campaign, household_a)

    with pytest.raises(ValidationError) as error:
        _update(personas, campaign, [county.village_b])

    assert error.value.message_dict["villages"] == [MSG_VILLAGE_HAS_FORMS.format(name="城南村", count=1)]
    assert "“城南村”已有1户填写了入户排查表，不能从排查范围中移除。" in error.value.message_dict["villages"]
    assert {v.name for v in campaign.villages.all()} == {"城南村", "城北村"}


def test_a_village_with_a_problem_entered_in_the_ledger_cannot_be_removed(campaign, personas, county, household_a):
    campaign_problems.household_problem_create(
        actor=personas.cadre_a, campaign=campaign, household=household_a, problem_type="medical", content="未参保"
    )

    with pytest.raises(ValidationError) as error:
        _update(personas, campaign, [county.village_b])

    assert error.value.message_dict["villages"] == [MSG_VILLAGE_HAS_PROBLEMS.format(name="城南村", count=1)]


def test_removing_a_village_without_records_cancels_its_assignments(campaign, personas, county):
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_b, cadre=personas.cadre_b
    )

    _update(personas, campaign, [county.village_a])

    assert [v.name for v in campaign.villages.all()] == ["城南村"]
    assert not CampaignAssignment.objects.filter(campaign=campaign).exists()
    assert "移除城北村；取消1项排查任务" in AuditEvent.objects.get(action="campaign.update").summary


def test_only_the_county_bureau_edits_and_the_phase_rules_of_creation_apply(campaign, personas, county):
    with pytest.raises(PermissionDenied):
        campaign_update(
            actor=personas.township, campaign=campaign, name="x", villages=[county.village_a], phases=[FIELD]
        )
    backwards = {**RECTIFY, "starts_on": dt.date(2021, 6, 20), "ends_on": dt.date(2021, 6, 18)}

    with pytest.raises(ValidationError) as error:
        _update(personas, campaign, [county.village_a], [FIELD, backwards])

    assert error.value.message_dict["phases"] == [campaigns.MSG_PHASE_DATES.format(phase="问题整改")]
    assert campaign.phases.get(kind=PhaseKind.RECTIFICATION).ends_on == RECTIFY["ends_on"]


def _edit_data(villages, **extra):
    data = {"name": "2021年集中排查", "villages": [v.pk for v in villages]}
    for phase in (FIELD, RECTIFY):
        data[f"{phase['kind']}_starts_on"] = phase["starts_on"].isoformat()
        data[f"{phase['kind']}_ends_on"] = phase["ends_on"].isoformat()
    return {**data, **extra}


def test_the_edit_page_shows_the_current_values_and_the_refusal_at_the_villages(
    campaign, personas, county, login, household_a
):
    _fill(personas, campaign, household_a)
    client = login(personas.county_officer)
    url = f"/campaigns/{campaign.pk}/edit/"

    form = client.get(url).context["form"]
    refused = client.post(url, _edit_data([county.village_b]))
    saved = client.post(url, _edit_data([county.village_a, county.village_b], rectification_ends_on="2021-06-30"))

    assert set(form.initial["villages"]) == {county.village_a.pk, county.village_b.pk}
    assert form.initial["rectification_ends_on"] == RECTIFY["ends_on"]
    assert refused.status_code == 200
    assert refused.context["form"].errors["villages"] == [MSG_VILLAGE_HAS_FORMS.format(name="城南村", count=1)]
    assert "不能从排查范围中移除" in refused.content.decode()
    assert saved.status_code == 302
    assert campaign.phases.get(kind=PhaseKind.RECTIFICATION).ends_on == dt.date(2021, 6, 30)


def test_the_edit_page_is_for_the_county_bureau_only(campaign, personas, login):
    assert login(personas.township).get(f"/campaigns/{campaign.pk}/edit/").status_code == 403
    assert login(personas.official).get(f"/campaigns/{campaign.pk}/edit/").status_code == 403
    detail = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert f"/campaigns/{campaign.pk}/edit/" in detail


# --- a household problem entered on the ledger's page ---


def problem_fields() -> dict:
    return {
        "problem_type": ProblemType.MEDICAL,
        "content": "户主患慢性病未办理门诊慢特病卡",
        "measure": "协助办理慢特病卡",
        "responsible_person": "李医生",
        "responsible_unit": "城南村卫生室",
        "deadline": (today() + dt.timedelta(days=20)).isoformat(),
    }


def test_a_cadre_enters_a_household_problem_with_the_four_lists_on_the_page(campaign, personas, county, login):
    household = _household(personas.cadre_a, county.village_a, "刘一", 101)
    client = login(personas.cadre_a)
    url = f"/campaigns/{campaign.pk}/problems/new/"

    page = client.get(url)
    response = client.post(url, {"village": county.village_a.code, "household": household.pk, **problem_fields()})

    # One village in scope: it is chosen already and its households are listed.
    assert page.context["form"].initial["village"] == county.village_a.code
    assert list(page.context["form"].fields["household"].queryset) == [household]
    problem = HouseholdProblem.objects.get(household=household)
    assert response.status_code == 302 and response.url == f"/campaigns/problems/{problem.pk}/"
    assert (problem.problem_type, problem.content, problem.measure) == (
        "medical",
        problem_fields()["content"],
        "协助办理慢特病卡",
    )
    assert (problem.responsible_person, problem.responsible_unit) == ("李医生", "城南村卫生室")
    assert (problem.deadline.isoformat(), problem.status, problem.form, problem.item) == (
        problem_fields()["deadline"],
        ProblemStatus.PENDING,
        None,
        None,
    )
    assert HouseholdEvent.objects.filter(household=household, summary__contains="登记户内问题").exists()
    assert AuditEvent.objects.filter(action="campaign.problem_create", object_id=str(problem.pk)).exists()
    ledger = client.get(f"/campaigns/{campaign.pk}/problems/").content.decode()
    assert "户主患慢性病未办理门诊慢特病卡" in ledger and "城南村卫生室" in ledger


def test_the_problem_page_lists_only_the_chosen_villages_households(campaign, personas, county, login, household_a):
    household_b = _household(personas.cadre_b, county.village_b, "王五", 45)
    client = login(personas.township)
    url = f"/campaigns/{campaign.pk}/problems/new/"

    nothing_chosen = client.get(url).context["form"].fields["household"].queryset
    village_b = client.get(url, {"village": county.village_b.code}, headers={"HX-Request": "true"})
    preset = client.get(url, {"household": household_a.pk}).context["form"]
    mismatched = client.post(url, {"village": county.village_b.code, "household": household_a.pk, **problem_fields()})

    assert not nothing_chosen.exists()
    assert list(village_b.context["form"].fields["household"].queryset) == [household_b]
    assert 'id="household-field"' in village_b.content.decode()
    assert preset.initial == {"village": county.village_a.code, "household": household_a.pk}
    assert "household" in mismatched.context["form"].errors
    assert not HouseholdProblem.objects.exists()


def test_the_problem_page_shows_missing_content_at_the_field_and_keeps_other_villages_out(
    campaign, personas, county, login, household_a
):
    household_b = _household(personas.cadre_b, county.village_b, "王五", 45)
    client = login(personas.cadre_a)
    url = f"/campaigns/{campaign.pk}/problems/new/"

    empty = client.post(url, {"village": county.village_a.code, "household": household_a.pk, "problem_type": "medical"})
    foreign = client.get(url, {"household": household_b.pk})
    smuggled = client.post(url, {"village": county.village_b.code, "household": household_b.pk, **problem_fields()})

    assert empty.status_code == 200
    assert empty.context["form"].errors["content"]
    assert foreign.status_code == 404
    assert smuggled.status_code == 200 and "village" in smuggled.context["form"].errors
    assert not HouseholdProblem.objects.exists()
    assert login(personas.official).get(url).status_code == 403


def test_the_api_edits_a_campaign_through_the_same_service(campaign, personas, county, login, household_a):
    _fill(personas, campaign, household_a)
    url = f"/api/v1/campaigns/{campaign.pk}/"

    refused = login(personas.county_officer).patch(
        url, {"villages": [county.village_b.code]}, content_type="application/json"
    )
    township = login(personas.township).patch(url, {"name": "改名"}, content_type="application/json")
    added = login(personas.county_officer).patch(
        url,
        {"villages": [county.village_a.code, county.village_b.code, county.village_c.code]},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert MSG_VILLAGE_HAS_FORMS.format(name="城南村", count=1) in refused.content.decode()
    assert township.status_code == 403
    assert added.status_code == 200
    assert sorted(added.json()["villages"]) == sorted(
        [county.village_a.code, county.village_b.code, county.village_c.code]
    )
    assert [p["kind"] for p in added.json()["phases"]] == ["field_screening", "rectification"]


def test_the_new_campaign_page_shows_every_error_at_once(personas, login):
    body = {
        "name": "冬季集中排查",
        "field_screening_starts_on": "2026-12-20",
        "field_screening_ends_on": "2026-12-01",  # before it starts
    }

    page = login(personas.county_officer).post("/campaigns/new/", body).content.decode()

    assert "请至少选择一个村作为排查范围。" in page
    assert "入户排查阶段的结束日期不能早于开始日期。" in page  # said together, not after a village is ticked
