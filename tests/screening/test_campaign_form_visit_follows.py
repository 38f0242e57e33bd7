# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""Correcting a 入户排查表 corrects the visit it recorded (households.services.visit_restate): the visit kept the first
version's date and findings, so the month's visit, the household's 两不愁三保障 status and the visit ledger said what
the form no longer did. The visit follows in the form's transaction, with the old values in the 变更记录 and the
audit log; an item no longer ticked goes back to the household's record before the visit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent, Visit
from households.signals import visit_risk_found
from screening.models import ScreeningForm
from screening.services import campaign_form_effects, campaigns
from tests.clock import today
from tests.screening.test_campaign_proposals import AT_RISK, campaign, presets  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

WATER = {"4": {"checked": ["water_1"], "problem": "井水浑浊"}}


def _days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def _submit(personas, campaign, household):
    return campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=AT_RISK, at_risk=True,
        filled_on=_days_ago(3), risk_types=["other"],
    )  # fmt: skip


def test_the_forms_visit_follows_its_correction_with_the_old_values_on_record(campaign, make_household, personas):
    household = make_household("9000")
    form = _submit(personas, campaign, household)
    visit = Visit.objects.get(household=household)
    assert (visit.visited_on, visit.housing_ok, visit.water_ok) == (_days_ago(3), False, True)

    campaigns.form_update(
        actor=personas.township, form=form, answers=WATER, at_risk=True, propose_monitoring=False,
        filled_on=_days_ago(1), risk_types=["other"],
    )  # fmt: skip

    visit = Visit.objects.get(household=household)  # still the one visit
    # The date and the findings are the corrected form's; housing goes back to the record before the visit.
    assert (visit.visited_on, visit.housing_ok, visit.water_ok) == (_days_ago(1), True, False)
    assert visit.corrected_by == personas.township and visit.correction_reason == "集中排查“冬季集中排查”的排查表已更正"
    assert visit.visitor == personas.cadre_a  # who was at the door stays
    household.refresh_from_db()
    assert (household.housing_ok, household.water_ok) == (True, False)
    event = HouseholdEvent.objects.filter(household=household, summary__startswith="更正").get()
    assert f"更正{_days_ago(3):%Y-%m-%d}的集中排查" in event.summary
    labels = {c["label"]: (c["old"], c["new"]) for c in event.changes}
    assert labels["走访日期"] == (f"{_days_ago(3):%Y-%m-%d}", f"{_days_ago(1):%Y-%m-%d}")
    assert labels["住房安全有保障"] == ("否", "是") and labels["饮水安全有保障"] == ("是", "否")
    followed = HouseholdEvent.objects.filter(household=household, summary__startswith="两不愁三保障状况随更正").get()
    assert {c["field"]: (c["old"], c["new"]) for c in followed.changes} == {
        "housing_ok": ("否", "是"),
        "water_ok": ("是", "否"),
    }
    audit = AuditEvent.objects.get(action="visit.correct", object_id=str(visit.pk))
    assert audit.before["visited_on"] == f"{_days_ago(3):%Y-%m-%d}"
    assert audit.after["visited_on"] == f"{_days_ago(1):%Y-%m-%d}"


def test_a_correction_that_changes_nothing_of_the_visit_leaves_it_alone(campaign, make_household, personas):
    household = make_household("9000")
    form = _submit(personas, campaign, household)

    reworded = {"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂，已用木柱临时支撑"}}
    campaigns.form_update(
        actor=personas.cadre_a, form=form, answers=reworded, at_risk=True, propose_monitoring=False,
        filled_on=_days_ago(3), risk_types=["other"],
    )  # fmt: skip

    assert ScreeningForm.objects.get(pk=form.pk).answers["3"]["problem"].endswith("临时支撑")
    visit = Visit.objects.get(household=household)
    assert visit.corrected_at is None
    assert not AuditEvent.objects.filter(action="visit.correct").exists()


def test_a_problem_ticked_before_the_visit_stays_when_the_correction_unticks_it(campaign, make_household, personas):
    household = make_household("9000")
    Household.objects.filter(pk=household.pk).update(housing_ok=False)  # on record before the campaign
    form = _submit(personas, campaign, household)

    campaigns.form_update(
        actor=personas.cadre_a, form=form, answers=WATER, at_risk=True, propose_monitoring=False,
        filled_on=_days_ago(3), risk_types=["other"],
    )  # fmt: skip

    visit = Visit.objects.get(household=household)
    assert (visit.housing_ok, visit.water_ok) == (False, False)


def test_a_risk_type_added_by_the_correction_goes_to_screening_as_a_new_visits_does(
    campaign, make_household, personas, django_capture_on_commit_callbacks
):
    household = make_household("9000")
    form = _submit(personas, campaign, household)
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs["risk_types"])

    visit_risk_found.connect(receiver, dispatch_uid="test.form_visit_follows")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            campaigns.form_update(
                actor=personas.cadre_a, form=form, answers=WATER, at_risk=True, propose_monitoring=False,
                filled_on=_days_ago(3), risk_types=["unsafe_water"],
            )  # fmt: skip
    finally:
        visit_risk_found.disconnect(dispatch_uid="test.form_visit_follows")

    assert sent == [["unsafe_water"]]
    assert Visit.objects.get(household=household).risk_types == ["unsafe_water"]


def test_the_form_and_its_visit_are_corrected_together_or_not_at_all(campaign, make_household, personas, monkeypatch):
    household = make_household("9000")
    form = _submit(personas, campaign, household)

    def refuse(**kwargs):
        raise ValidationError({"visited_on": "走访日期有误"})

    monkeypatch.setattr(campaign_form_effects, "visit_restate", refuse)
    with pytest.raises(ValidationError) as refused:
        campaigns.form_update(
            actor=personas.cadre_a, form=form, answers=WATER, at_risk=True, propose_monitoring=False,
            filled_on=_days_ago(1), risk_types=["other"],
        )  # fmt: skip

    assert refused.value.message_dict == {"filled_on": ["走访日期有误"]}
    form = ScreeningForm.objects.get(pk=form.pk)
    assert form.filled_on == _days_ago(3) and form.answers.get("4") is None
    assert not HouseholdEvent.objects.filter(household=household, summary__contains="修改入户排查表").exists()
