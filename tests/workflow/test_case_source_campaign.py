# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""A case opened from a campaign's 入户排查表 (发起识别纳入, ?from_form=): the link to the form is audited on its own
(the form, its campaign and the case), and the case page's 来源与材料 names the campaign and the form, each a link
only for whom may open it."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.models import Household
from screening.models import ScreeningForm
from screening.services import campaigns
from tests.clock import today
from tests.screening.test_campaign_proposals import AT_RISK, campaign, families, presets  # noqa: F401 (fixtures)
from workflow.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(campaign, families, personas, login):
    """李新户's 入户排查表 proposed it for monitoring; cadre_a opened the case from it."""
    li = families[2]
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=li, answers=AT_RISK, at_risk=True,
        propose_monitoring=True, filled_on=today() - dt.timedelta(days=3), risk_types=["unsafe_housing"],
    )  # fmt: skip
    body = {
        "kind": "identification",
        "channel": "campaign",
        "risk_types": ["unsafe_housing"],
        "national_risk_types": ["other"],
        "category": "sudden_hardship",
        "discovered_on": form.filled_on.isoformat(),
    }
    response = login(personas.cadre_a).post(f"/workflow/households/{li.pk}/cases/new/?from_form={form.pk}", body)
    assert response.status_code == 302
    return Case.objects.get(household=li), ScreeningForm.objects.get(pk=form.pk)


def _sources(client, case) -> str:
    return (
        client.get(f"/workflow/cases/{case.pk}/").content.decode().split("data-case-sources")[1].split("</section>")[0]
    )


def test_the_link_to_the_form_is_audited(opened, campaign, personas):
    case, form = opened

    event = AuditEvent.objects.get(action="screening.form_case")

    assert form.case == case
    assert (event.object_type, event.object_id) == ("screening.screeningform", str(form.pk))
    assert event.actor == personas.cadre_a and event.region_path == form.region_path
    assert (event.before, event.after) == ({"case": None}, {"case": case.pk, "campaign": "冬季集中排查"})
    assert "“冬季集中排查”入户排查表" in event.summary and case.household.number in event.summary
    assert "据此发起纳入案件（" in event.summary


def test_a_case_opened_without_a_form_records_no_link(families, personas, login):
    li = families[2]
    body = {
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["unsafe_housing"],
        "national_risk_types": ["other"],
        "category": "sudden_hardship",
        "discovered_on": today().isoformat(),
    }
    assert login(personas.cadre_a).post(f"/workflow/households/{li.pk}/cases/new/", body).status_code == 302
    assert not AuditEvent.objects.filter(action="screening.form_case").exists()


@pytest.mark.parametrize("who", ["cadre_a", "township", "county_officer"])
def test_the_case_page_names_the_campaign_and_the_form_with_links(opened, campaign, personas, login, who):
    case, form = opened

    section = _sources(login(getattr(personas, who)), case)

    assert "集中排查活动" in section and f'href="/campaigns/{campaign.pk}/"' in section and "冬季集中排查" in section
    assert "入户排查表" in section and f'href="/campaigns/forms/{form.pk}/"' in section
    assert f"{form.filled_on:%Y-%m-%d}" in section and "拟纳入监测对象评议" in section


def test_whom_the_campaign_and_form_are_out_of_scope_reads_them_without_links(
    opened, campaign, personas, login, county
):
    """The household moved to 城北村 after the case opened: its cadre sees the case, not 城南村's campaign or form."""
    case, form = opened
    Household.objects.filter(pk=case.household_id).update(village=county.village_b, region_path=county.village_b.path)
    Case.objects.filter(pk=case.pk).update(region_path=county.village_b.path)

    section = _sources(login(personas.cadre_b), case)

    assert "冬季集中排查" in section and f"{form.filled_on:%Y-%m-%d} 填写" in section
    assert f"/campaigns/{campaign.pk}/" not in section and f"/campaigns/forms/{form.pk}/" not in section
    assert login(personas.cadre_b).get(f"/campaigns/forms/{form.pk}/").status_code == 404
