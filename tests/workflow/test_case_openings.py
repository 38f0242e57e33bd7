"""Ways into an identification case from a finding: the case form's 发现渠道 starts unchosen; a visit that found a
risk on a household not monitored offers "发起识别纳入" with the visit's channel, risks and date; a screening result
proposed for monitoring offers "发起识别" with the hit's."""

import datetime as dt
import re

import pytest

from households.choices import MonitoringCategory
from households.models import Household, Visit
from households.services.visits import visit_record
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from tests.clock import today
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.forms import MSG_CHANNEL_REQUIRED
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def _checked(page: str, name: str) -> list[str]:
    return [
        value
        for tag in re.findall(rf'<input type="checkbox" name="{name}"[^>]*>', page)
        if " checked" in tag
        for value in re.findall(r'value="([^"]*)"', tag)
    ]


def _proposed(household, *, status=ResultStatus.PROPOSED) -> ScreeningResult:
    return ScreeningResult.objects.create(
        household=household,
        region_path=household.region_path,
        status=status,
        reasons=["大病"],
        risk_types=["medical_cost"],
        first_hit_on=today() - dt.timedelta(days=5),
    )


def test_the_case_forms_channel_starts_unchosen_and_is_required(personas, login, household_a):
    client = login(personas.cadre_a)
    url = f"/workflow/households/{household_a.pk}/cases/new/"

    page = client.get(url).content.decode()
    refused = client.post(
        url,
        {
            "kind": "identification",
            "risk_types": ["medical_cost"],
            "category": "sudden_hardship",
            "discovered_on": today().isoformat(),
        },
    )

    assert "请选择" in page and _selected(page, "channel") in ([], [""])
    assert refused.status_code == 200 and MSG_CHANNEL_REQUIRED in refused.content.decode()
    assert not Case.objects.filter(household=household_a).exists()


def test_a_visit_that_found_a_risk_offers_the_prefilled_identification(personas, login, household_a):
    client = login(personas.cadre_a)
    visited_on = today() - dt.timedelta(days=2)

    response = client.post(
        f"/households/{household_a.pk}/visits/new/",
        {
            "visited_on": visited_on.isoformat(),
            "kind": "monthly",
            "food_clothing_ok": "on",
            "education_ok": "on",
            "housing_ok": "on",
            "water_ok": "on",
            "notes": "住院",
            "risk_found": "on",
            "risk_types": ["medical_cost"],
        },
        follow=True,
    )
    visit = Visit.objects.get(household=household_a)
    link = f"/workflow/households/{household_a.pk}/cases/new/?from_visit={visit.pk}"
    form = client.get(link).content.decode()

    assert f'<a href="{link}">发起识别纳入</a>' in response.content.decode()
    assert _selected(form, "channel") == [Channel.CADRE_VISIT]
    assert _checked(form, "risk_types") == ["medical_cost"]
    assert f'value="{visited_on.isoformat()}"' in form


def test_the_case_opened_from_a_visit_keeps_its_channel_and_risks(personas, login, household_a):
    visit = visit_record(
        actor=personas.cadre_a, household=household_a, visited_on=today(), risk_found=True, risk_types=["disaster_loss"]
    )
    body = {
        "kind": "identification",
        "channel": Channel.CADRE_VISIT,
        "risk_types": ["disaster_loss"],
        "category": "sudden_hardship",
        "discovered_on": today().isoformat(),
    }

    response = login(personas.cadre_a).post(
        f"/workflow/households/{household_a.pk}/cases/new/?from_visit={visit.pk}", body
    )

    case = Case.objects.get(household=household_a)
    assert response.status_code == 302
    assert (case.channel, case.risk_types, case.status) == (Channel.CADRE_VISIT, ["disaster_loss"], CaseStatus.OPEN)


@pytest.mark.parametrize("state", ["monitored", "case_open"])
def test_no_offer_after_a_visit_of_a_monitored_household_or_one_with_a_case_open(personas, login, household_a, state):
    if state == "monitored":
        Household.objects.filter(pk=household_a.pk).update(monitoring_category=MonitoringCategory.MARGINAL)
    else:
        case_open(
            actor=personas.cadre_a,
            household=household_a,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"],
            category="sudden_hardship",
            national_risk_types=["illness"],
        )
    body = {
        "visited_on": today().isoformat(),
        "kind": "monthly",
        "food_clothing_ok": "on",
        "education_ok": "on",
        "housing_ok": "on",
        "water_ok": "on",
        "notes": "住院",
        "risk_found": "on",
        "risk_types": ["medical_cost"],
    }

    page = login(personas.cadre_a).post(f"/households/{household_a.pk}/visits/new/", body, follow=True)

    assert page.status_code == 200 and "已记录" in page.content.decode()
    assert "发起识别纳入" not in page.content.decode()


def test_a_visit_of_another_household_prefills_nothing(personas, login, household_a, household_b):
    visit = visit_record(
        actor=personas.cadre_b, household=household_b, visited_on=today(), risk_found=True, risk_types=["disaster_loss"]
    )

    form = (
        login(personas.cadre_a)
        .get(f"/workflow/households/{household_a.pk}/cases/new/?from_visit={visit.pk}")
        .content.decode()
    )

    assert _selected(form, "channel") in ([], [""]) and _checked(form, "risk_types") == []


def test_proposing_a_hit_links_to_the_prefilled_identification(personas, login, household_a):
    result = _proposed(household_a, status=ResultStatus.HIT)
    client = login(personas.cadre_a)
    link = f"/workflow/screening/{result.pk}/open/"

    done = client.post(f"/screening/results/{result.pk}/propose/", {"note": "核实"}, follow=True).content.decode()
    listed = client.get("/screening/?status=proposed").content.decode()
    form = client.get(link).content.decode()

    assert f'<a href="{link}">发起识别</a>' in done
    assert f'href="{link}"' in listed and "发起识别" in listed
    assert _selected(form, "channel") == [Channel.SCREENING_HIT]
    assert _checked(form, "risk_types") == ["medical_cost"]
    assert f'value="{result.first_hit_on.isoformat()}"' in form


def test_the_case_opened_from_the_proposed_list_has_the_hits_channel_and_risks(personas, login, household_a):
    result = _proposed(household_a)
    client = login(personas.cadre_a)

    response = client.post(
        f"/workflow/screening/{result.pk}/open/",
        {"category": "sudden_hardship", "risk_types": ["medical_cost", "disaster_loss"], "channel": "self_application"},
    )
    listed = client.get("/screening/?status=proposed").content.decode()

    case = Case.objects.get(household=household_a)
    assert response.status_code == 302
    assert (case.channel, case.risk_types, case.discovered_on) == (
        Channel.SCREENING_HIT,
        ["medical_cost", "disaster_loss"],
        result.first_hit_on,
    )
    assert f"/workflow/screening/{result.pk}/open/" not in listed  # its case is open: nothing left to start


def test_a_hit_on_a_household_with_an_identification_open_points_to_that_case_not_to_a_new_one(
    personas, login, household_a
):
    # The worklist offered 提议纳入监测 on such a hit, and the message after it asked the cadre to start an
    # identification the household already had at 村级评议.
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        category="sudden_hardship",
        national_risk_types=["illness"],
    )
    result = _proposed(household_a, status=ResultStatus.HIT)
    client = login(personas.cadre_a)

    listed = client.get("/screening/?status=hit").content.decode()
    card = next(card for card in listed.split('<li class="card row-card">') if household_a.number in card)
    done = client.post(f"/screening/results/{result.pk}/propose/", {"note": "核实"}, follow=True).content.decode()

    assert f"/screening/results/{result.pk}/propose/" not in card and "提议纳入监测" not in card
    assert re.search(rf'href="/workflow/cases/{case.pk}/"[^>]*>纳入办理中（村级评议）</a>', card)
    assert "该户纳入办理中（村级评议），请在案件中办理，无需另行发起识别。" in done
    assert f'href="/workflow/cases/{case.pk}/"' in done
    assert "请到该户“识别退出”页发起识别" not in done and "/workflow/screening/" not in done
