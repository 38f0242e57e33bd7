# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""发起识别纳入 from a campaign (review finding: the button only opened the household's 识别退出 tab, the case form was
not prefilled nor the case linked to the form, and it was offered beside an open case): the case form is prefilled
from the 入户排查表 (集中排查, its risks, its date), the case is linked to the form, and an open case shows instead."""

import datetime as dt

import pytest

from screening.models import ScreeningForm
from screening.services import campaigns
from tests.clock import today
from tests.screening.test_campaign_proposals import AT_RISK, campaign, families, presets  # noqa: F401 (fixtures)
from workflow.choices import Channel
from workflow.models import Case

pytestmark = pytest.mark.django_db


def _propose(personas, campaign, household):
    return campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        propose_monitoring=True, filled_on=today() - dt.timedelta(days=3), risk_types=["unsafe_housing"],
    )  # fmt: skip


def _rows(client, campaign):
    return client.get(f"/campaigns/{campaign.pk}/households/", {"judged": "proposed"}).content.decode()


def test_the_household_list_offers_a_prefilled_case_and_shows_an_open_one_instead(campaign, families, personas, login):
    _, zhu, li = families
    li_form, zhu_form = _propose(personas, campaign, li), _propose(personas, campaign, zhu)
    client = login(personas.cadre_a)

    rows = _rows(client, campaign)

    assert f"/workflow/households/{li.pk}/cases/new/?from_form={li_form.pk}" in rows
    assert f"from_form={zhu_form.pk}" not in rows
    zhu_case = Case.objects.get(household=zhu)
    assert f'href="/workflow/cases/{zhu_case.pk}/" data-open-case>纳入案件' in rows

    page = client.get(f"/workflow/households/{li.pk}/cases/new/", {"from_form": li_form.pk})
    initial = page.context["form"].initial
    assert (initial["channel"], initial["risk_types"], initial["discovered_on"]) == (
        Channel.CAMPAIGN,
        ["unsafe_housing"],
        li_form.filled_on,
    )
    assert "“冬季集中排查”入户排查表预填" in page.content.decode()


def test_the_case_opened_from_the_form_is_linked_to_it(campaign, families, personas, login):
    li = families[2]
    form = _propose(personas, campaign, li)
    client = login(personas.cadre_a)
    body = {
        "kind": "identification",
        "channel": "campaign",
        "risk_types": ["unsafe_housing"],
        "national_risk_types": ["other"],
        "category": "sudden_hardship",
        "discovered_on": form.filled_on.isoformat(),
    }

    response = client.post(f"/workflow/households/{li.pk}/cases/new/?from_form={form.pk}", body)

    case = Case.objects.get(household=li)
    assert response.status_code == 302 and case.channel == Channel.CAMPAIGN
    assert ScreeningForm.objects.get(pk=form.pk).case == case
    rows = _rows(client, campaign)
    assert f"from_form={form.pk}" not in rows and f'href="/workflow/cases/{case.pk}/" data-open-case' in rows
    detail = client.get(f"/campaigns/forms/{form.pk}/").content.decode()
    assert f"/workflow/cases/{case.pk}/" in detail and "已据此排查表发起识别纳入" in detail
