"""核实不纳入 needs a household visit, a real 核实说明 and the conditions of 003 §二2(2); the township or county
can undo it; a run whose reasons changed puts it back (review finding: a hit was dismissed for good, reason '有')."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from households.services import income
from screening.choices import ExclusionKind, ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services import dismissal, results
from screening.services.runs import screening_run
from tests.clock import this_year, today
from tests.screening.dismissing import CONFIRMED, NOTE, dismiss, dismiss_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def hit(line, make_household):
    household = make_household("1251.50")
    screening_run(kind=RunKind.NIGHTLY)
    return ScreeningResult.objects.get(household=household)


def test_the_reviewers_one_character_dismissal_without_a_visit_is_refused(hit, personas, login):
    client = login(personas.township)

    form = client.get(f"/screening/results/{hit.pk}/dismiss/").content.decode()
    page = client.post(f"/screening/results/{hit.pk}/dismiss/", {"reason": "有"}).content.decode()
    api = client.post(f"/api/v1/screening-results/{hit.pk}/dismiss/", {"reason": "有"})

    assert "入户核实日期" in form and "收入稳定" in form and "子女经济条件好" in form
    assert dismissal.MSG_VISIT_REQUIRED in page and dismissal.MSG_NOTE_SHORT in page  # both at once
    assert api.status_code == 400 and dismissal.MSG_NOTE_SHORT in str(api.json())
    hit.refresh_from_db()
    assert hit.status == ResultStatus.HIT


def test_an_income_below_the_line_needs_all_three_conditions_and_a_plausible_visit_day(hit, personas):
    def refused(**values):
        with pytest.raises(ValidationError) as error:
            dismissal.result_dismiss(actor=personas.township, result=hit, **values)
        return error.value.message_dict

    fine = {"reason": NOTE, "visited_on": today(), **CONFIRMED}

    assert refused(**{**fine, "children_well_off": False}) == {"children_well_off": [dismissal.MSG_CHILDREN]}
    assert refused(**{**fine, "visited_on": today() + dt.timedelta(days=1)}) == {
        "visited_on": [dismissal.MSG_VISIT_FUTURE]
    }
    before = refused(**{**fine, "visited_on": hit.first_hit_on - dt.timedelta(days=1)})
    assert "不能早于该户被筛查命中的日期" in before["visited_on"][0]
    assert refused(**{**fine, "reason": "收入稳定"}) == {"reason": [dismissal.MSG_NOTE_SHORT]}


def test_a_dismissal_from_the_page_keeps_the_visit_and_the_conditions_confirmed(hit, personas, login):
    response = login(personas.cadre_a).post(f"/screening/results/{hit.pk}/dismiss/", dismiss_form())

    hit.refresh_from_db()
    assert response.status_code == 302 and hit.status == ResultStatus.DISMISSED
    assert hit.visited_on == today()
    assert hit.handle_note == f"{today():%Y-%m-%d}入户核实：收入稳定、“三保障”和饮水安全无问题、子女经济条件好。{NOTE}"


def test_an_excluded_household_is_dismissed_on_its_fact_without_the_income_conditions(line, make_household, personas):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR)
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)

    done = dismissal.result_dismiss(actor=personas.cadre_a, result=result, reason=NOTE, visited_on=today())

    assert done.status == ResultStatus.DISMISSED and done.handle_note.startswith(f"{today():%Y-%m-%d}入户核实。")


def test_the_township_undoes_a_dismissal_and_the_cadre_cannot(hit, personas, login):
    dismiss(actor=personas.cadre_a, result=hit)
    cadre, township = login(personas.cadre_a), login(personas.township)
    dismissed_tab = township.get("/screening/", {"status": "dismissed"}).content.decode()

    assert f"/screening/results/{hit.pk}/undismiss/" in dismissed_tab
    assert (
        f"/screening/results/{hit.pk}/undismiss/"
        not in cadre.get("/screening/", {"status": "dismissed"}).content.decode()
    )
    assert cadre.post(f"/screening/results/{hit.pk}/undismiss/", {"reason": "核实有误"}).status_code == 403
    assert (
        dismissal.MSG_UNDISMISS_REASON
        in township.post(f"/screening/results/{hit.pk}/undismiss/", {"reason": ""}).content.decode()
    )

    response = township.post(f"/screening/results/{hit.pk}/undismiss/", {"reason": "复核发现该户收入不稳定"})

    hit.refresh_from_db()
    assert response.status_code == 302 and hit.status == ResultStatus.HIT and hit.visited_on is None
    audit = AuditEvent.objects.filter(action="screening.undismiss").latest("id")
    assert (audit.before, audit.after) == ({"status": "已核实不纳入"}, {"status": "待处理"})
    assert "复核发现该户收入不稳定" in audit.summary


def test_the_county_undoes_a_dismissal_through_the_api(hit, personas, login):
    dismiss(actor=personas.cadre_a, result=hit)

    response = login(personas.county_officer).post(
        f"/api/v1/screening-results/{hit.pk}/undismiss/", {"reason": "县级抽查：收入不稳定"}
    )

    assert response.status_code == 200 and response.json()["status"] == ResultStatus.HIT
    with pytest.raises(PermissionDenied):
        dismissal.result_undismiss(actor=personas.cadre_a, result=ScreeningResult.objects.get(pk=hit.pk), reason="x")


def test_a_run_after_the_income_fell_further_puts_a_dismissed_hit_back(hit, personas):
    dismiss(actor=personas.cadre_a, result=hit)
    screening_run(kind=RunKind.NIGHTLY)
    assert ScreeningResult.objects.get(pk=hit.pk).status == ResultStatus.DISMISSED

    income.income_save(
        actor=personas.county_officer,
        household=hit.household,
        year=this_year(),
        amounts={"wage_income": Decimal("1800")},
    )
    screening_run(kind=RunKind.NIGHTLY)

    assert ScreeningResult.objects.get(pk=hit.pk).status == ResultStatus.HIT
