"""The identification a screening hit opens (work-team review, finding 1): a risk a cadre's visit found (a flag
走访发现) was filed as 系统筛查命中, so channel counts came out wrong; seed 000 §三(三)1 names 基层干部走访摸排 as a
channel of its own. The service decides the channel from where the case's risks came from; the page asks for the
国家系统风险类型 as the case form does (the same service input)."""

import datetime as dt
import re

import pytest

from households.services.visits import visit_record
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from tests.clock import today
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case
from workflow.services.case_opening import MSG_INCOME_CAUSE_REQUIRED
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def _hit(household, risk_types, *, days_ago=1) -> ScreeningResult:
    return ScreeningResult.objects.create(
        household=household,
        region_path=household.region_path,
        status=ResultStatus.HIT,
        reasons=["规则命中"],
        risk_types=risk_types,
        first_hit_on=today() - dt.timedelta(days=days_ago),
    )


def _visit(personas, household, risk_types, on, capture) -> None:
    with capture(execute=True):  # the visit's risks become flags 走访发现 once it commits (screening.hooks)
        visit_record(actor=personas.cadre_a, household=household, visited_on=on, risk_found=True, risk_types=risk_types)


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def test_a_hit_whose_risk_a_visit_found_opens_a_cadre_visit_case_from_the_visits_date(
    personas, login, household_a, django_capture_on_commit_callbacks
):
    visited_on = today() - dt.timedelta(days=3)
    _visit(personas, household_a, ["medical_cost"], visited_on, django_capture_on_commit_callbacks)
    result = _hit(household_a, ["medical_cost"])
    client = login(personas.cadre_a)
    url = f"/workflow/screening/{result.pk}/open/"

    form = client.get(url).content.decode()
    response = client.post(url, {"category": "sudden_hardship", "risk_types": ["medical_cost"]})
    page = client.get(f"/workflow/cases/{Case.objects.get(household=household_a).pk}/").content.decode()

    case = Case.objects.get(household=household_a)
    assert _selected(form, "channel") == [Channel.CADRE_VISIT]
    assert f'value="{visited_on.isoformat()}"' in form
    assert response.status_code == 302
    assert (case.channel, case.discovered_on) == (Channel.CADRE_VISIT, visited_on)
    assert "基层干部排查" in page and "系统筛查命中" not in page


def test_a_risk_a_visit_found_comes_ticked_beside_the_hits(
    personas, login, household_a, django_capture_on_commit_callbacks
):
    _visit(personas, household_a, ["disaster_loss"], today(), django_capture_on_commit_callbacks)
    result = _hit(household_a, ["medical_cost"])

    response = login(personas.cadre_a).post(f"/workflow/screening/{result.pk}/open/", {"category": "sudden_hardship"})

    case = Case.objects.get(household=household_a)
    assert response.status_code == 302
    assert (case.channel, case.risk_types) == (Channel.CADRE_VISIT, ["medical_cost", "disaster_loss"])
    assert case.discovered_on == result.first_hit_on  # the hit came first


def test_a_hit_opened_without_the_visits_risk_stays_a_screening_hit(
    personas, login, household_a, django_capture_on_commit_callbacks
):
    _visit(personas, household_a, ["disaster_loss"], today(), django_capture_on_commit_callbacks)
    result = _hit(household_a, ["medical_cost"])

    login(personas.cadre_a).post(
        f"/workflow/screening/{result.pk}/open/", {"category": "sudden_hardship", "risk_types": ["medical_cost"]}
    )

    case = Case.objects.get(household=household_a)
    assert (case.channel, case.discovered_on) == (Channel.SCREENING_HIT, result.first_hit_on)


def test_a_visit_before_the_households_last_case_closed_is_not_this_hits_source(
    personas, login, household_a, django_capture_on_commit_callbacks
):
    _visit(personas, household_a, ["medical_cost"], today() - dt.timedelta(days=30), django_capture_on_commit_callbacks)
    earlier = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        category="sudden_hardship",
        discovered_on=today() - dt.timedelta(days=30),
        national_risk_types=["illness"],
    )
    Case.objects.filter(pk=earlier.pk).update(status=CaseStatus.REJECTED, closed_on=today() - dt.timedelta(days=10))
    result = _hit(household_a, ["medical_cost"])

    login(personas.cadre_a).post(
        f"/workflow/screening/{result.pk}/open/", {"category": "sudden_hardship", "risk_types": ["medical_cost"]}
    )

    case = Case.objects.get(household=household_a, status=CaseStatus.OPEN)
    assert (case.channel, case.discovered_on) == (Channel.SCREENING_HIT, result.first_hit_on)


def test_a_hit_of_income_below_the_line_alone_opens_with_the_national_type_chosen(personas, login, household_a):
    result = _hit(household_a, ["low_income"])
    client = login(personas.cadre_a)
    url = f"/workflow/screening/{result.pk}/open/"
    body = {"category": "unstable", "risk_types": ["low_income"]}

    form = client.get(url).content.decode()
    refused = client.post(url, body).content.decode()
    response = client.post(url, {**body, "national_risk_types": ["lack_of_labour"]})

    assert "国家系统风险类型" in form and 'name="national_risk_types"' in form
    assert MSG_INCOME_CAUSE_REQUIRED in refused
    assert response.status_code == 302
    assert Case.objects.get(household=household_a).national_risk_types == ["lack_of_labour"]
