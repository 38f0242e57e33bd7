"""Ending a campaign (结束排查) and deleting one created by mistake (county bureau), and the field phase's end date:
003 §三(四) reports the summary (附件4) by a fixed date, after which nothing new is screened; rectification goes on."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.choices import Relation
from households.services import registry
from screening import selectors_progress as progress
from screening.choices_campaigns import AreaLevel, ProblemStatus
from screening.models import Campaign, CampaignAssignment, HouseholdProblem, ScreeningForm
from screening.services import campaign_close, campaign_edit, campaign_problems, campaigns
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

HOUSING = {"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂"}}


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=5),
    }


def rectification_plan() -> dict:
    return {
        "measure": "纳入危房改造",
        "responsible_person": "李镇长",
        "responsible_unit": "涂埠镇",
        "deadline": today() + dt.timedelta(days=10),
    }


def _household(actor, village, name, sequence):
    rows = [member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)]
    return registry.household_create(actor=actor, village=village, members=rows, household_type="ordinary")


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="冬季集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b],
        phases=[field_phase()],
    )


@pytest.fixture
def households(personas, county):
    return (
        _household(personas.cadre_a, county.village_a, "张大山", 11),
        _household(personas.cadre_a, county.village_a, "刘一", 22),
    )


@pytest.fixture
def closed(campaign, personas, households):
    """One form with a housing problem, then the county ends the campaign."""
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=households[0], answers=HOUSING, confirm_judgement=True
    )
    campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign, acknowledged=True)
    campaign.refresh_from_db()
    return form


def _closed_message(campaign):
    return campaign_close.MSG_CAMPAIGN_CLOSED.format(name=campaign.name, date=today().isoformat())


# --- ending ---


def test_the_county_ends_a_campaign_once_and_the_audit_log_counts_what_was_found(closed, campaign, personas):
    assert campaign.is_closed and campaign.closed_by == personas.county_officer
    assert campaign.get_status_display() == "已结束"
    event = AuditEvent.objects.get(action="campaign.close")
    assert "入户排查1户，户内问题1个、面上问题0个，其中未销号1个" in event.summary
    with pytest.raises(ApplicationError) as again:
        campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign)
    assert again.value.message == campaign_close.MSG_ALREADY_CLOSED.format(name=campaign.name, date=today().isoformat())


def test_only_the_county_bureau_ends_a_campaign(campaign, personas):
    for actor in (personas.township, personas.cadre_a):
        with pytest.raises(PermissionDenied):
            campaign_close.campaign_close(actor=actor, campaign=campaign)
    assert not Campaign.objects.get(pk=campaign.pk).is_closed


def test_after_the_end_no_form_problem_assignment_or_change_is_taken(closed, campaign, personas, county, households):
    refused = [
        lambda: campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=households[1], answers={}),
        lambda: campaigns.form_update(
            actor=personas.cadre_a, form=closed, answers={}, at_risk=False, propose_monitoring=False,
            filled_on=closed.filled_on,
        ),
        lambda: campaign_problems.household_problem_create(
            actor=personas.cadre_a, campaign=campaign, household=households[1], problem_type="medical", content="未参保"
        ),
        lambda: campaign_problems.area_problem_create(
            actor=personas.township, campaign=campaign, level=AreaLevel.TOWNSHIP, region=county.township,
            problem_type="medical", content="机制不健全",
        ),
        lambda: campaigns.assignment_add(
            actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
        ),
        lambda: campaign_edit.campaign_update(
            actor=personas.county_officer, campaign=campaign, name="改名", villages=[county.village_a],
            phases=[field_phase()],
        ),
    ]  # fmt: skip
    for call in refused:
        with pytest.raises(ApplicationError) as error:
            call()
        assert error.value.message == _closed_message(campaign)
    assert ScreeningForm.objects.filter(campaign=campaign).count() == 1
    assert HouseholdProblem.objects.filter(campaign=campaign).count() == 1
    assert not CampaignAssignment.objects.exists()
    assert Campaign.objects.get(pk=campaign.pk).name == "冬季集中排查"


def test_rectification_of_the_problems_on_file_goes_on_after_the_end(closed, personas):
    problem = closed.problems.get()

    campaign_problems.problem_plan(actor=personas.cadre_a, problem=problem, **rectification_plan())
    campaign_problems.problem_start(actor=personas.cadre_a, problem=problem)
    campaign_problems.problem_close(actor=personas.cadre_a, problem=problem, evidence_text="已加固")

    assert HouseholdProblem.objects.get(pk=problem.pk).status == ProblemStatus.RECTIFIED


def test_the_pages_say_the_campaign_ended_and_offer_nothing_new(closed, campaign, personas, login, households):
    county_page = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/").content.decode()
    cadre = login(personas.cadre_a)
    picker = cadre.get(f"/campaigns/{campaign.pk}/households/").content.decode()
    fill = cadre.get(f"/campaigns/{campaign.pk}/households/{households[1].pk}/form/", follow=True)
    posted = cadre.post(
        f"/campaigns/{campaign.pk}/households/{households[1].pk}/form/", {"filled_on": today().isoformat()}
    )
    ledger = cadre.get(f"/campaigns/{campaign.pk}/problems/new/", follow=True)
    listing = cadre.get("/campaigns/").content.decode()

    assert "已结束" in county_page and "不再填写入户排查表或登记新问题，已登记问题可继续整改销号" in county_page
    assert (
        f"/campaigns/{campaign.pk}/edit/" not in county_page and f"/campaigns/{campaign.pk}/close/" not in county_page
    )
    assert f"/households/{households[1].pk}/form/" not in picker and "/problems/new/" not in picker
    assert _closed_message(campaign) in fill.content.decode()
    assert posted.status_code == 302 and not ScreeningForm.objects.filter(household=households[1]).exists()
    assert _closed_message(campaign) in ledger.content.decode()
    assert "已结束" in listing


def test_the_county_ends_the_campaign_on_a_confirmation_page(campaign, personas, login):
    client = login(personas.county_officer)
    detail = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    confirm = client.get(f"/campaigns/{campaign.pk}/close/").content.decode()

    assert "进行中" in detail and f"/campaigns/{campaign.pk}/close/" in detail
    assert "确认结束排查" in confirm and "不能撤回" in confirm
    assert not Campaign.objects.get(pk=campaign.pk).is_closed  # looking is not ending
    assert client.post(f"/campaigns/{campaign.pk}/close/", {"acknowledged": "on"}).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).is_closed
    assert login(personas.township).get(f"/campaigns/{campaign.pk}/close/").status_code == 403
    assert (
        f"/campaigns/{campaign.pk}/close/"
        not in login(personas.township).get(f"/campaigns/{campaign.pk}/").content.decode()
    )


def test_the_api_ends_a_campaign_and_then_refuses_forms(campaign, personas, login, households):
    county_client, cadre = login(personas.county_officer), login(personas.cadre_a)

    assert login(personas.township).post(f"/api/v1/campaigns/{campaign.pk}/close/").status_code == 403
    ended = county_client.post(
        f"/api/v1/campaigns/{campaign.pk}/close/", {"acknowledged": True}, content_type="application/json"
    )
    form = cadre.post(
        "/api/v1/screening-forms/",
        {"campaign": campaign.pk, "household": households[0].pk, "answers": HOUSING},
        content_type="application/json",
    )
    listed = cadre.get("/api/v1/campaigns/").json()["results"][0]

    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["status_display"]) == ("closed", "已结束")
    assert ended.json()["closed_by"] == personas.county_officer.username
    assert form.status_code == 400 and form.json()["detail"] == _closed_message(campaign)
    assert listed["status_display"] == "已结束"
    assert not HouseholdProblem.objects.exists()


# --- what ending would cut short (003 §三 phases by date, §四(二) 逐村逐户排查) ---


def test_the_confirmation_warns_of_the_running_phase_unassigned_villages_and_unscreened_households(
    campaign, personas, county, households, login
):
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=households[0], answers={})
    client = login(personas.county_officer)
    ends = field_phase()["ends_on"].isoformat()

    page = client.get(f"/campaigns/{campaign.pk}/close/").content.decode()

    assert f"入户排查阶段到{ends}才结束" in page and f"今天是{today().isoformat()}" in page
    assert "1个村未安排排查人" in page and "城北村（涂埠镇）" in page
    assert "还有1户未入户排查" in page and "城南村（涂埠镇）：1 / 2 户" in page
    assert "1 / 2 户（50%）" in page
    assert 'name="acknowledged" required' in page and campaign_close.ACKNOWLEDGE_LABEL in page


def test_without_the_tick_the_page_refuses_to_end_and_says_why(campaign, personas, login):
    client = login(personas.county_officer)

    refused = client.post(f"/campaigns/{campaign.pk}/close/")

    text = refused.content.decode()
    assert refused.status_code == 200 and campaign_close.MSG_TICK in text and "入户排查阶段到" in text
    assert "2个村未安排排查人" in text and "城南村（涂埠镇）、城北村（涂埠镇）" in text
    assert not Campaign.objects.get(pk=campaign.pk).is_closed
    assert not AuditEvent.objects.filter(action="campaign.close").exists()

    ended = client.post(f"/campaigns/{campaign.pk}/close/", {"acknowledged": "on"})

    assert ended.status_code == 302 and Campaign.objects.get(pk=campaign.pk).is_closed
    event = AuditEvent.objects.get(action="campaign.close")
    assert "结束时已确认知晓：入户排查阶段" in event.summary and len(event.after["warnings_acknowledged"]) == 2


def test_the_api_refuses_to_end_without_acknowledged_naming_what_is_unfinished(campaign, personas, login):
    client = login(personas.county_officer)

    refused = client.post(f"/api/v1/campaigns/{campaign.pk}/close/")

    assert refused.status_code == 400
    message = refused.json()["acknowledged"][0]
    assert message.startswith(f"结束“{campaign.name}”前请注意：入户排查阶段")
    assert "2个村未安排排查人：城南村（涂埠镇）、城北村（涂埠镇）" in message
    assert f"请勾选“{campaign_close.ACKNOWLEDGE_LABEL}”" in message
    assert not Campaign.objects.get(pk=campaign.pk).is_closed


def test_before_the_field_phase_the_warning_names_the_current_phase(personas, county):
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="秋季排查", region=county.county, villages=[county.village_c],
        phases=[
            {"kind": "mobilization", "starts_on": today(), "ends_on": today() + dt.timedelta(days=2)},
            {"kind": "field_screening", "starts_on": today() + dt.timedelta(days=3),
             "ends_on": today() + dt.timedelta(days=20)},
        ],
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign)

    message = error.value.message_dict["acknowledged"][0]
    assert "当前处于动员培训阶段" in message and "1个村未安排排查人：张公渡村（虬津镇）" in message


def test_a_campaign_done_by_the_plan_ends_without_a_tick(personas, county, households, login):
    ended = {"kind": "field_screening", "starts_on": today() - dt.timedelta(days=30), "ends_on": today()}
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="上半年排查", region=county.county, villages=[county.village_a],
        phases=[ended],
    )  # fmt: skip
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    for household in households:
        campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=household, answers={})
    client = login(personas.county_officer)
    page = client.get(f"/campaigns/{campaign.pk}/close/").content.decode()

    assert "入户排查阶段到" in page  # the phase's last day is today: still running
    with pytest.raises(ValidationError):
        campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign)
    campaign.phases.filter(kind="field_screening").update(ends_on=today() - dt.timedelta(days=1))
    page = client.get(f"/campaigns/{campaign.pk}/close/").content.decode()

    assert "结束前请注意" not in page and 'name="acknowledged"' not in page and "2 / 2 户（100%）" in page
    assert client.post(f"/campaigns/{campaign.pk}/close/").status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).is_closed


def test_a_long_list_of_villages_shows_the_first_ten_and_the_count():
    rows = [SimpleNamespace(name=f"{n}村", parent=SimpleNamespace(name="涂埠镇")) for n in range(1, 17)]

    names = progress.village_names(rows)

    assert names.startswith("1村（涂埠镇）、2村（涂埠镇）") and "10村（涂埠镇）等16个村" in names
    assert "11村" not in names


# --- the field phase's end ---


def test_a_form_dated_after_the_field_phase_ended_is_refused(personas, county, households, login):
    ended = {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=30),
        "ends_on": today() - dt.timedelta(days=3),
    }
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="上半年排查", region=county.county, villages=[county.village_a],
        phases=[ended],
    )  # fmt: skip
    message = campaigns.MSG_DATE_AFTER_PHASE.format(end=ended["ends_on"].isoformat())

    with pytest.raises(ValidationError) as late:
        campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=households[0], answers=HOUSING)
    on_time = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=households[0], answers=HOUSING, filled_on=ended["ends_on"],
        confirm_judgement=True,
    )  # fmt: skip
    api = login(personas.cadre_a).post(
        "/api/v1/screening-forms/",
        {"campaign": campaign.pk, "household": households[1].pk, "answers": {}},
        content_type="application/json",
    )

    assert late.value.message_dict["filled_on"] == [message]
    assert on_time.filled_on == ended["ends_on"]
    assert api.status_code == 400 and api.json()["filled_on"] == [message]


# --- deleting ---


def test_a_campaign_with_nothing_recorded_is_deleted_after_confirmation_and_audited(campaign, personas, county, login):
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    client = login(personas.county_officer)

    detail = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    confirm = client.get(f"/campaigns/{campaign.pk}/delete/").content.decode()
    deleted = client.post(f"/campaigns/{campaign.pk}/delete/")

    assert f"/campaigns/{campaign.pk}/delete/" in detail
    assert "确认删除" in confirm and "不能撤回" in confirm
    assert deleted.status_code == 302 and deleted.url == "/campaigns/"
    assert not Campaign.objects.filter(pk=campaign.pk).exists() and not CampaignAssignment.objects.exists()
    event = AuditEvent.objects.get(action="campaign.delete")
    assert "删除集中排查“冬季集中排查”" in event.summary and event.before["assignments"] == 1


def test_a_campaign_with_a_form_cannot_be_deleted(campaign, personas, households, login):
    campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=households[0], answers={})
    message = campaign_close.MSG_DELETE_HAS_FORMS.format(name=campaign.name, count=1)
    client = login(personas.county_officer)

    page = client.get(f"/campaigns/{campaign.pk}/delete/").content.decode()
    posted = client.post(f"/campaigns/{campaign.pk}/delete/")
    api = client.delete(f"/api/v1/campaigns/{campaign.pk}/")

    assert message in page and "确认删除" not in page
    assert posted.status_code == 200 and message in posted.content.decode()
    assert api.status_code == 400 and api.json()["detail"] == message
    assert f"/campaigns/{campaign.pk}/delete/" not in client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_a_campaign_with_only_a_ledger_problem_cannot_be_deleted_and_only_the_county_deletes(
    campaign, personas, households, login
):
    campaign_problems.household_problem_create(
        actor=personas.cadre_a, campaign=campaign, household=households[0], problem_type="medical", content="未参保"
    )

    with pytest.raises(ApplicationError) as error:
        campaign_close.campaign_delete(actor=personas.county_officer, campaign=campaign)
    assert error.value.message == campaign_close.MSG_DELETE_HAS_PROBLEMS.format(name=campaign.name, count=1)
    assert login(personas.township).delete(f"/api/v1/campaigns/{campaign.pk}/").status_code == 403


def test_the_api_deletes_an_empty_campaign(campaign, personas, login):
    assert login(personas.county_officer).delete(f"/api/v1/campaigns/{campaign.pk}/").status_code == 204
    assert AuditEvent.objects.filter(action="campaign.delete").exists()


def test_after_the_field_phase_a_running_rectification_phase_still_asks_for_the_tick(
    personas, county, households, login
):
    """003 §三(三): the problem ledger is built in the 问题整改 phase; an ended campaign takes no new problem."""
    day = today()
    phases = [
        {"kind": "field_screening", "starts_on": day - dt.timedelta(days=30), "ends_on": day},
        {"kind": "rectification", "starts_on": day + dt.timedelta(days=1), "ends_on": day + dt.timedelta(days=20)},
    ]
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="秋季排查", region=county.county, villages=[county.village_a],
        phases=phases,
    )  # fmt: skip
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    for household in households:
        campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=household, answers={})
    # 入户排查 ended yesterday, 问题整改 runs: the field phase's warning is gone, the ledger's is not.
    campaign.phases.filter(kind="field_screening").update(ends_on=day - dt.timedelta(days=1))
    campaign.phases.filter(kind="rectification").update(starts_on=day)
    ends = day + dt.timedelta(days=20)
    year = f"{ends.year}年" if ends.year != day.year else ""
    warning = f"问题整改阶段到{year}{ends.month}月{ends.day}日才结束；结束后不能再登记新问题"
    client = login(personas.county_officer)

    page = client.get(f"/campaigns/{campaign.pk}/close/").content.decode()
    assert f"问题整改阶段到{year}{ends.month}月{ends.day}日才结束" in page and 'name="acknowledged"' in page
    check = client.get(f"/api/v1/campaigns/{campaign.pk}/close-check/").json()
    assert check["warnings"] == [warning] and check["acknowledgement_required"]
    with pytest.raises(ValidationError) as error:
        campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign)
    assert warning in error.value.message_dict["acknowledged"][0]
    assert client.post(f"/campaigns/{campaign.pk}/close/").status_code == 200  # refused without the tick

    campaign.phases.filter(kind="rectification").update(ends_on=day - dt.timedelta(days=1), starts_on=day)
    assert progress.close_check(actor=personas.county_officer, campaign=campaign).warnings == []


def test_a_rectification_phase_ending_next_year_is_named_with_its_year():
    phase = SimpleNamespace(ends_on=dt.date(2027, 1, 26))
    check = progress.CloseCheck(
        today=dt.date(2026, 12, 8), field_phase=None, rectification_phase=phase, current_phase=None,
        unassigned=[], incomplete=[], totals={"emptied": 0},
    )  # fmt: skip
    assert check.warnings == ["问题整改阶段到2027年1月26日才结束；结束后不能再登记新问题"]
    phase.ends_on = dt.date(2026, 12, 31)
    assert check.warnings == ["问题整改阶段到12月31日才结束；结束后不能再登记新问题"]
