# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""Review finding (campaign 1–3): filling the 入户排查表 at the household did not count as the month's visit (the
household stayed 本月未走访 and on 应走访未走访 while 本月未录入 dropped); a form ticking ② left the household's hit
待处理 on the worklist; the campaign's household list showed an open inclusion case only once a form was filled."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.choices import VisitKind
from households.models import Household, HouseholdEvent, Visit
from households.selectors_visits import month_start, unvisited_between
from households.services.visit_stated import FINDINGS
from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningForm, ScreeningResult
from screening.services import campaigns
from screening.services.runs import screening_run
from tests.clock import today
from tests.screening.test_campaign_proposals import AT_RISK, campaign, families, presets  # noqa: F401 (fixtures)
from workflow.models import Case

pytestmark = pytest.mark.django_db


def _unvisited_this_month(household) -> bool:
    return unvisited_between(Household.objects.filter(pk=household.pk), month_start(today()), today()).exists()


def test_filling_the_form_records_the_months_visit_once_with_what_the_form_found(
    campaign, make_household, personas, login
):
    household = make_household("9000")  # a 脱贫户: due a visit every month
    assert _unvisited_this_month(household)

    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        filled_on=today(), risk_types=["unsafe_water"], food_clothing_problem=True, food_clothing_note="冬衣不足",
    )  # fmt: skip

    visit = Visit.objects.get(household=household)
    assert (visit.kind, visit.visited_on, visit.visitor) == (VisitKind.CAMPAIGN, today(), personas.cadre_a)
    found = {name: getattr(visit, name) for name in FINDINGS}
    # Item 3 ticked, 吃穿 ticked, and the water risk says water is not secured (the visit service's own rule).
    assert found == {
        "food_clothing_ok": False,
        "education_ok": True,
        "medical_ok": True,
        "housing_ok": False,
        "water_ok": False,
    }
    assert sorted(visit.stated_findings) == sorted(FINDINGS) and visit.risk_types == ["unsafe_water"]
    assert ScreeningForm.objects.get(pk=form.pk).visit == visit
    assert not _unvisited_this_month(household)
    assert AuditEvent.objects.filter(action="visit.create", object_id=str(visit.pk)).count() == 1
    assert HouseholdEvent.objects.filter(household=household, summary__startswith="集中排查（").count() == 1
    page = login(personas.cadre_a).get(f"/households/{household.pk}/").content.decode()
    assert "本月已走访" in page and '<span class="badge badge-warn">本月未走访</span>' not in page

    campaigns.form_update(
        actor=personas.cadre_a, form=form, answers={}, at_risk=False, propose_monitoring=False, filled_on=today(),
    )  # fmt: skip

    assert Visit.objects.filter(household=household).count() == 1


def test_an_item_the_form_leaves_blank_does_not_clear_a_problem_on_the_households_record(
    campaign, make_household, personas
):
    household = make_household("9000")
    Household.objects.filter(pk=household.pk).update(housing_ok=False, medical_ok=False)

    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, filled_on=today(),
        answers={"2": {"checked": ["medical_1"], "problem": "妻子未参加居民医保"}}, at_risk=True,
        risk_types=["other"],
    )  # fmt: skip

    visit = Visit.objects.get(household=household)
    assert (visit.housing_ok, visit.medical_ok, visit.water_ok) == (False, False, True)
    household.refresh_from_db()
    assert (household.housing_ok, household.medical_ok) == (False, False)


def test_a_form_filled_before_the_visit_was_recorded_gets_it_at_its_correction_and_only_then(
    campaign, make_household, personas
):
    household = make_household("9000")
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers={}, filled_on=today()
    )
    Visit.objects.filter(household=household).delete()  # as a form filled before the fix stands (visit: None)
    form.refresh_from_db()

    for _ in range(2):
        campaigns.form_update(
            actor=personas.cadre_a, form=form, answers={}, at_risk=False, propose_monitoring=False,
            filled_on=today(),
        )  # fmt: skip
        form.refresh_from_db()

    assert Visit.objects.filter(household=household, kind=VisitKind.CAMPAIGN).count() == 1


@pytest.fixture
def hit(line, make_household):
    household = make_household("1251.50")
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)
    assert result.status == ResultStatus.HIT
    return result


def test_a_form_proposing_monitoring_moves_the_pending_hit_and_links_its_case(campaign, hit, personas, login):
    client = login(personas.cadre_a)
    body = {
        "filled_on": today().isoformat(),
        "item_3_checked": ["housing_2"],
        "item_3_problem": "东侧土坯房墙体开裂",
        "at_risk": "on",
        "risk_types": ["unsafe_housing"],
        "propose_monitoring": "on",
    }

    page = client.post(f"/campaigns/{campaign.pk}/households/{hit.household_id}/form/", body, follow=True)

    hit.refresh_from_db()
    assert hit.status == ResultStatus.PROPOSED and hit.handled_by == personas.cadre_a
    text = page.content.decode()
    assert "已记入走访记录" in text
    assert f'<a href="/workflow/screening/{hit.pk}/open/">发起识别</a>' in text
    worklist = client.get("/screening/").content.decode()
    assert '已提议纳入监测 <span class="badge">1</span>' in worklist


def test_a_form_ticking_it_at_its_correction_moves_the_hit_then(campaign, hit, personas):
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=hit.household, answers=AT_RISK, confirm_judgement=True
    )
    assert ScreeningResult.objects.get(pk=hit.pk).status == ResultStatus.HIT

    campaigns.form_update(
        actor=personas.cadre_a, form=form, answers=AT_RISK, at_risk=True, propose_monitoring=True,
        filled_on=form.filled_on, risk_types=["unsafe_housing"],
    )  # fmt: skip

    assert ScreeningResult.objects.get(pk=hit.pk).status == ResultStatus.PROPOSED


def test_the_household_list_shows_an_open_case_before_any_form_is_filled(campaign, families, personas, login):
    _, zhu, _ = families

    case = Case.objects.get(household=zhu)

    rows = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/households/").content.decode()

    assert not ScreeningForm.objects.filter(household=zhu).exists()
    assert f'href="/workflow/cases/{case.pk}/" data-open-case>纳入案件' in rows


def test_a_form_of_a_campaign_over_a_year_past_is_kept_without_a_visit(campaign, make_household, personas):
    """The visit register takes no visit over a year old; a paper form entered that late is still saved."""
    household = make_household("9000")
    campaign.phases.update(starts_on=today() - dt.timedelta(days=400))

    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers={},
        filled_on=today() - dt.timedelta(days=380),
    )  # fmt: skip

    assert form.visit is None and not Visit.objects.filter(household=household).exists()
