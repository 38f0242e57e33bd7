"""A household that moves to another group takes every row about it along, in every app (households.services.place):
whoever's scope covers its new place sees its case, flags and history; whoever's scope covered only the old one does
not."""

import datetime as dt

import pytest

from accounts.choices import Role
from households.choices import MonitoringCategory
from households.models import Household
from households.services import registry
from households.services.place import scoped_household_rows
from screening.choices import ExclusionKind, RiskSource
from screening.models import ExclusionFact, RiskFlag
from tests.factories import UserFactory
from workflow.choices import CaseKind, Channel
from workflow.models import Case, CaseEvent
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def test_every_scoped_table_about_a_household_is_found():
    labels = {model._meta.label for model, _ in scoped_household_rows()}
    # One of each kind: the household's own rows, other apps' rows, and rows reached through a case or a plan.
    for label in (
        "households.Member",
        "households.Visit",
        "screening.ScreeningResult",
        "screening.RiskFlag",
        "workflow.Case",
        "workflow.CaseEvent",
        "workflow.Objection",
        "assistance.Plan",
        "assistance.ReturnVisit",
        "alerts.Alert",
    ):
        assert label in labels
    # A place's own records (a meeting of a village, a campaign) are not a household's.
    assert not labels & {"workflow.VillageMeeting", "screening.Campaign", "workflow.Batch", "alerts.FeedUpload"}


def test_moving_to_another_group_moves_the_case_and_flags_and_scope_follows(personas, county, household_a, login):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    RiskFlag.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        risk_type="medical_cost",
        source=RiskSource.CADRE,
        detected_on=dt.date(2026, 11, 2),
    )
    head = household_a.members.get(name="张大山")
    ExclusionFact.objects.create(
        household=household_a,
        member=head,
        region_path=household_a.region_path,
        kind=ExclusionKind.CAR,
        recorded_by=personas.cadre_a,
    )
    group_leader = UserFactory(
        username="group_a", role=Role.VILLAGE_CADRE, region_path=county.group_a.path, region_name="城南村一组"
    )
    assert not Case.objects.visible_to(group_leader).exists()

    registry.household_update(actor=personas.cadre_a, household=household_a, group=county.group_a)

    new_path = county.group_a.path
    assert Household.objects.get(pk=household_a.pk).region_path == new_path
    assert Case.objects.get(pk=case.pk).region_path == new_path
    assert set(CaseEvent.objects.filter(case=case).values_list("region_path", flat=True)) == {new_path}
    assert RiskFlag.objects.get(household=household_a).region_path == new_path
    assert ExclusionFact.objects.get(household=household_a).region_path == new_path
    assert set(household_a.members.values_list("region_path", flat=True)) == {new_path}
    # The group's own cadre now sees the case in the API; the village's still does.
    assert [row["id"] for row in login(group_leader).get("/api/v1/cases/").json()["results"]] == [case.pk]
    assert login(personas.cadre_a).get(f"/api/v1/cases/{case.pk}/").status_code == 200

    # Back to no group: the group's cadre no longer sees it.
    registry.household_update(actor=personas.cadre_a, household=household_a, group=None)
    assert Case.objects.get(pk=case.pk).region_path == county.village_a.path
    assert login(group_leader).get(f"/api/v1/cases/{case.pk}/").status_code == 404
