"""Review finding (visits 2): a visit's date and its 两不愁三保障 + 饮水 findings could not be corrected, only its
amounts and notes. 更正 now corrects them too, as recording checks them; the household's status follows where the
visit stands for it (the latest counted visit), the household is re-screened, and the old and new values are in the
变更记录 and the audit log. A flagged risk's date follows (screening.visit_holds.visit_redating)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent, Visit
from households.services import visit_fix
from households.services.visit_guarantees import MSG_RISK_GUARANTEE
from households.services.visits import MSG_DATE_FUTURE, MSG_DATE_TOO_OLD, visit_record
from households.signals import household_changed
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def record(actor, household, visited_on, **findings):
    return visit_record(
        actor=actor, household=household, visited_on=visited_on, findings={**ALL_SECURED, **findings}, notes="走访"
    )


def correct(actor, visit, **asked):
    kept = {"income_change": visit.income_change, "expense_change": visit.expense_change, "notes": visit.notes}
    return visit_fix.visit_correct(actor=actor, visit=visit, reason=asked.pop("reason", "记错了"), **kept | asked)


def test_the_latest_visits_date_and_finding_are_corrected_and_the_household_follows(
    personas, household_a, django_capture_on_commit_callbacks
):
    visit = record(personas.cadre_a, household_a, today())
    screened = []
    heard = lambda sender, household_id, **kw: screened.append(household_id)  # noqa: E731
    yesterday = today() - dt.timedelta(days=1)

    household_changed.connect(heard, dispatch_uid="test.visit_fix_dates")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            correct(personas.cadre_a, visit, visited_on=yesterday, findings={"housing_ok": False}, reason="住房漏勾")
    finally:
        household_changed.disconnect(dispatch_uid="test.visit_fix_dates")

    visit.refresh_from_db()
    assert visit.visited_on == yesterday and visit.housing_ok is False
    assert Household.objects.get(pk=household_a.pk).housing_ok is False
    row = HouseholdEvent.objects.filter(household=household_a, summary__startswith="更正").get()
    assert {"field": "visited_on", "label": "走访日期", "old": f"{today()}", "new": f"{yesterday}"} in row.changes
    assert {"field": "housing_ok", "label": "住房安全有保障", "old": "是", "new": "否"} in row.changes
    audit = AuditEvent.objects.get(action="visit.correct")
    assert audit.before["visited_on"] == f"{today()}" and audit.after["housing_ok"] == "否"
    status = AuditEvent.objects.filter(action="household.update", summary__contains="随更正").get()
    assert status.before == {"housing_ok": "是"} and status.after == {"housing_ok": "否"}
    assert household_a.pk in screened  # re-screened on commit, as a recorded visit is


def test_a_date_in_the_future_or_over_a_year_back_is_refused_as_when_recording(personas, household_a):
    visit = record(personas.cadre_a, household_a, today())

    with pytest.raises(ValidationError) as future:
        correct(personas.cadre_a, visit, visited_on=today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as old:
        correct(personas.cadre_a, visit, visited_on=today() - dt.timedelta(days=400))

    assert future.value.message_dict == {"visited_on": [MSG_DATE_FUTURE]}
    assert old.value.message_dict == {"visited_on": [MSG_DATE_TOO_OLD]}
    assert Visit.objects.get(pk=visit.pk).visited_on == today()


def test_the_latest_visit_moved_before_another_gives_the_status_back_to_the_one_now_latest(personas, household_a):
    record(personas.cadre_a, household_a, today() - dt.timedelta(days=10), water_ok=False)
    latest = record(personas.cadre_a, household_a, today())
    assert Household.objects.get(pk=household_a.pk).water_ok is True

    correct(personas.cadre_a, latest, visited_on=today() - dt.timedelta(days=20), reason="日期记错")

    assert Household.objects.get(pk=household_a.pk).water_ok is False


def test_an_earlier_visit_moved_after_the_latest_gives_the_household_its_findings(personas, household_a):
    earlier = record(personas.cadre_a, household_a, today() - dt.timedelta(days=10), water_ok=False)
    record(personas.cadre_a, household_a, today() - dt.timedelta(days=5))
    assert Household.objects.get(pk=household_a.pk).water_ok is True

    correct(personas.cadre_a, earlier, visited_on=today(), reason="日期记错")

    assert Household.objects.get(pk=household_a.pk).water_ok is False


def test_an_earlier_visits_finding_corrected_leaves_the_latest_visits_status(personas, household_a):
    earlier = record(personas.cadre_a, household_a, today() - dt.timedelta(days=10))
    record(personas.cadre_a, household_a, today())

    correct(personas.cadre_a, earlier, findings={"medical_ok": False})

    assert Visit.objects.get(pk=earlier.pk).medical_ok is False
    assert Household.objects.get(pk=household_a.pk).medical_ok is True


def test_a_finding_that_contradicts_the_visits_risk_is_refused(personas, household_a):
    visit = visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today(),
        findings={**ALL_SECURED, "housing_ok": False},
        risk_found=True,
        risk_types=["unsafe_housing"],
    )

    with pytest.raises(ValidationError) as refused:
        correct(personas.cadre_a, visit, findings={"housing_ok": True})

    message = MSG_RISK_GUARANTEE.format(risk="唯一住房存在安全问题", field="住房安全有保障")
    assert refused.value.message_dict == {"housing_ok": [message]}


def flagged(personas, household, visited_on, capture):
    with capture(execute=True):
        return visit_record(
            actor=personas.cadre_a,
            household=household,
            visited_on=visited_on,
            findings=ALL_SECURED,
            risk_found=True,
            risk_types=["medical_cost"],
        )


def test_a_flagged_risks_visit_corrected_to_another_date_moves_its_flag(
    personas, household_a, django_capture_on_commit_callbacks
):
    """Review finding (visits 3): the date was refused (the flag is dated by the visit), so a wrong date could only
    be voided and recorded again. The flag's date now follows the corrected visit, on record."""
    from screening.models import RiskFlag

    visit = flagged(personas, household_a, today(), django_capture_on_commit_callbacks)
    yesterday = today() - dt.timedelta(days=1)

    correct(personas.cadre_a, visit, visited_on=yesterday, reason="日期记错")

    flag = RiskFlag.objects.get(household=household_a, is_active=True)
    assert (flag.detected_on, flag.note) == (yesterday, f"{yesterday:%Y-%m-%d} 走访发现")
    moved = HouseholdEvent.objects.get(household=household_a, summary__startswith="随更正走访日期")
    risk = "风险标记“大病重病重残医疗支出大”（走访发现）"
    assert moved.summary == f"随更正走访日期，{risk}的发现日期由{today():%Y-%m-%d}改为{yesterday:%Y-%m-%d}"
    assert moved.changes[0] == {
        "field": "detected_on",
        "label": "发现日期",
        "old": f"{today():%Y-%m-%d}",
        "new": f"{yesterday:%Y-%m-%d}",
    }
    audit = AuditEvent.objects.get(action="screening.flag_redate")
    assert audit.object_id == str(flag.pk)
    corrected = HouseholdEvent.objects.get(household=household_a, summary__startswith="更正")
    assert f"风险标记发现日期随之更正（大病重病重残医疗支出大改为{yesterday:%Y-%m-%d}）" in corrected.summary


def test_a_flag_moved_later_is_dated_by_a_visit_that_found_the_risk_in_between(
    personas, household_a, django_capture_on_commit_callbacks
):
    from screening.models import RiskFlag

    visit = flagged(personas, household_a, today() - dt.timedelta(days=6), django_capture_on_commit_callbacks)
    flagged(personas, household_a, today() - dt.timedelta(days=3), django_capture_on_commit_callbacks)

    correct(personas.cadre_a, visit, visited_on=today() - dt.timedelta(days=1), reason="日期记错")

    assert RiskFlag.objects.get(household=household_a, is_active=True).detected_on == today() - dt.timedelta(days=3)


def test_the_page_and_the_api_correct_the_date_and_findings(personas, login, household_a):
    visit = record(personas.cadre_a, household_a, today())
    client = login(personas.cadre_a)
    yesterday = today() - dt.timedelta(days=1)

    form = client.get(f"/households/visits/{visit.pk}/correct/").content.decode()
    ticked = {name: "on" for name in ALL_SECURED if name != "water_ok"}
    page = client.post(
        f"/households/visits/{visit.pk}/correct/",
        {"visited_on": yesterday.isoformat(), **ticked, "notes": "走访", "reason": "饮水漏记"},
    )
    api = client.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"visited_on": today().isoformat(), "water_ok": True, "reason": "饮水已解决，日期记错"},
        content_type="application/json",
    )

    assert 'name="visited_on"' in form and 'name="water_ok"' in form and "data-fix-findings" in form
    assert "风险标记的发现日期随更正的走访日期更正" in form
    assert page.status_code == 302
    assert api.status_code == 200, api.content
    assert api.json()["visited_on"] == today().isoformat() and api.json()["water_ok"] is True
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="饮水漏记").exists()
    assert Household.objects.get(pk=household_a.pk).water_ok is True
