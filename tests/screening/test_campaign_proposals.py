"""附件4 "拟识别监测对象" counts households to be identified: a household ticked ② (拟纳入监测对象评议) that was
already monitored, or already in an inclusion procedure, is warned about on the form and left out of the count."""

import datetime as dt

import pytest

from households.choices import MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from screening import selectors_campaigns as selectors
from screening.models import ScreeningForm
from screening.services import campaigns
from screening.services.campaign_forms import MSG_PROPOSAL_KNOWN
from tests.clock import today
from tests.households.conftest import member_row
from workflow.choices import CaseKind, Channel
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=5),
    }


AT_RISK = {"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂"}}
RISKS = ["unsafe_housing"]  # 13① needs the risk it suspects (form_findings.MSG_RISK_TYPE_REQUIRED)


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def _household(actor, village, names, sequence):
    relations = [Relation.HEAD, Relation.SPOUSE, Relation.SON]
    rows = [member_row(n, relations[i], dt.date(1970 + i * 10, 1, 1), sequence + i * 11) for i, n in enumerate(names)]
    return registry.household_create(actor=actor, village=village, members=rows, household_type="ordinary")


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=[field_phase()],
    )  # fmt: skip


@pytest.fixture
def families(personas, county):
    """方俊户 (2 people) is a 边缘易致贫户; 朱娟霞户 (3) has an identification case open; 李新户 (3) is neither."""
    fang = _household(personas.cadre_a, county.village_a, ["方俊", "方妻"], 11)
    Household.objects.filter(pk=fang.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=today() - dt.timedelta(days=200)
    )
    zhu = _household(personas.cadre_a, county.village_a, ["朱娟霞", "朱夫", "朱子"], 45)
    case_open(
        actor=personas.cadre_a, household=zhu, kind=CaseKind.IDENTIFICATION, channel=Channel.SELF_APPLICATION,
        risk_types=["low_income"], national_risk_types=["other"], category=MonitoringCategory.SUDDEN_HARDSHIP,
    )  # fmt: skip
    li = _household(personas.cadre_a, county.village_a, ["李新", "李妻", "李子"], 89)
    return Household.objects.get(pk=fang.pk), zhu, li


def _propose(personas, campaign, household):
    return campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        propose_monitoring=True, risk_types=RISKS,
    )  # fmt: skip


def test_only_households_not_yet_monitored_nor_in_a_procedure_count_as_to_be_identified(
    campaign, families, personas, county
):
    for household in families:
        _propose(personas, campaign, household)

    units = selectors.summary_table(actor=personas.county_officer, campaign=campaign)
    total = selectors.summary_totals(units)

    assert (total.proposed_households, total.proposed_persons, total.proposed_known) == (1, 3, 2)
    village = selectors.summary_table(actor=personas.cadre_a, campaign=campaign, township=county.township)
    assert [(u.name, u.proposed_households, u.proposed_persons) for u in village] == [("城南村", 1, 3)]


def test_the_case_the_proposal_opens_keeps_the_household_in_the_count(campaign, families, personas):
    li = families[2]
    _propose(personas, campaign, li)

    case_open(
        actor=personas.cadre_a, household=li, kind=CaseKind.IDENTIFICATION, channel=Channel.CADRE_VISIT,
        risk_types=["low_income"], national_risk_types=["other"], category=MonitoringCategory.SUDDEN_HARDSHIP,
    )  # fmt: skip
    Household.objects.filter(pk=li.pk).update(monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP)

    total = selectors.summary_totals(selectors.summary_table(actor=personas.county_officer, campaign=campaign))
    assert (total.proposed_households, total.proposed_persons) == (1, 3)


def test_ticking_it_later_on_the_edit_is_judged_then(campaign, families, personas):
    fang = families[0]
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=fang, answers=AT_RISK, confirm_judgement=True
    )

    campaigns.form_update(
        actor=personas.cadre_a, form=form, answers=AT_RISK, at_risk=True, propose_monitoring=True,
        filled_on=form.filled_on, risk_types=RISKS,
    )  # fmt: skip

    assert ScreeningForm.objects.get(pk=form.pk).known_when_proposed is True


def test_the_form_warns_before_and_after_saving(campaign, families, personas, login):
    fang, zhu, li = families
    client = login(personas.cadre_a)
    url = f"/campaigns/{campaign.pk}/households/{fang.pk}/form/"
    body = {
        "filled_on": today().isoformat(),
        "item_3_checked": ["housing_2"],
        "item_3_problem": "东侧土坯房墙体开裂",
        "at_risk": "on",
        "risk_types": RISKS,
        "propose_monitoring": "on",
    }

    before = client.get(url).content.decode()
    after = client.post(url, body, follow=True).content.decode()
    case_page = client.get(f"/campaigns/{campaign.pk}/households/{zhu.pk}/form/").content.decode()
    plain_page = client.get(f"/campaigns/{campaign.pk}/households/{li.pk}/form/").content.decode()

    assert "该户已是边缘易致贫户：勾选②仅作记录，不计入汇总表（附件4）的“拟识别监测对象”户数。" in before
    assert MSG_PROPOSAL_KNOWN.format(reason="该户已是边缘易致贫户") in after
    assert f"该户已有纳入案件在办理中（{today():%Y-%m-%d}发现）" in case_page
    assert "勾选②仅作记录" not in plain_page


def test_a_back_dated_or_imported_case_is_dated_by_its_own_discovery_date(campaign, families, personas, login):
    """Review finding: the form said the case was opened the day its row was written (created_at), wrong for a case
    imported from the national system or entered after the fact: its own 发现日期 is the date it started from."""
    _, zhu, _ = families
    discovered = today() - dt.timedelta(days=47)
    Case.objects.filter(household=zhu).update(discovered_on=discovered)
    client = login(personas.cadre_a)

    page = client.get(f"/campaigns/{campaign.pk}/households/{zhu.pk}/form/").content.decode()
    saved = client.post(
        "/api/v1/screening-forms/",
        {
            "campaign": campaign.pk,
            "household": zhu.pk,
            "answers": AT_RISK,
            "at_risk": True,
            "propose_monitoring": True,
            "risk_types": RISKS,
        },
        content_type="application/json",
    ).json()

    said = f"该户已有纳入案件在办理中（{discovered:%Y-%m-%d}发现）"
    assert said in page and f"{today():%Y-%m-%d}发" not in page
    assert saved["warnings"] == [MSG_PROPOSAL_KNOWN.format(reason=said)]


def test_the_api_returns_the_warning_and_the_summary_the_count(campaign, families, personas, login):
    fang, _, li = families
    client = login(personas.cadre_a)

    known = client.post(
        "/api/v1/screening-forms/",
        {
            "campaign": campaign.pk,
            "household": fang.pk,
            "answers": AT_RISK,
            "at_risk": True,
            "risk_types": RISKS,
            "propose_monitoring": True,
        },
        content_type="application/json",
    ).json()
    new = client.post(
        "/api/v1/screening-forms/",
        {
            "campaign": campaign.pk,
            "household": li.pk,
            "answers": AT_RISK,
            "at_risk": True,
            "propose_monitoring": True,
            "risk_types": RISKS,
        },
        content_type="application/json",
    ).json()
    summary = login(personas.county_officer).get(f"/api/v1/campaigns/{campaign.pk}/summary/").json()
    page = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/summary/").content.decode()

    assert known["known_when_proposed"] is True
    assert known["warnings"] == [MSG_PROPOSAL_KNOWN.format(reason="该户已是边缘易致贫户")]
    assert (new["known_when_proposed"], new["warnings"]) == (False, [])
    total = summary[-1]
    assert (total["proposed_households"], total["proposed_persons"], total["proposed_known"]) == (1, 3, 1)
    assert "另有 1 户勾选时已是监测对象或已在纳入程序中，未计入" in page
