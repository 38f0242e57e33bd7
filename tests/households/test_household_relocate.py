"""整户迁移 (households.services.relocation): the township within its villages, the county across townships, move a
household with everything about it to another village, under a new 户编号 of that village; both villages' audit logs
record it; an open case or a 自主申报 waiting for the old village refuses it."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from accounts.models import AuditEvent
from assistance.models import HelpContactAssignment
from assistance.services.contacts import help_contact_assign
from config.errors import ApplicationError
from households.choices import MonitoringCategory, RelocateReason
from households.models import Household, HouseholdEvent, Visit
from households.services.place import scoped_household_rows, village_household_rows
from households.services.relocation import (
    MSG_OTHER_TOWNSHIP,
    MSG_RELOCATE_ROLE,
    MSG_SAME_VILLAGE,
    household_relocate,
)
from households.services.visits import visit_record
from screening.choices import ExclusionKind, RiskSource
from screening.models import ExclusionFact, RiskFlag
from tests.clock import today
from tests.factories import UserFactory
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application
from workflow.relocation import MSG_OPEN_CASE, MSG_PENDING_APPLICATION
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db

# Scoped tables whose rows are about a place, not one household: they stay where they are when a household moves.
# A new model with a region_path must either reach its household by foreign keys (and is then moved) or be named
# here, after deciding that its rows do not follow a household.
PLACE_TABLES = {
    "accounts.User",
    "accounts.AuditEvent",  # append-only: a move writes a row under each village instead
    "households.Grid",
    "households.Household",  # the household itself, moved by the service
    "households.RegistryImport",
    "screening.Campaign",
    "screening.CampaignAssignment",
    "screening.AreaProblem",
    "workflow.ApplicationLink",
    "workflow.Batch",
    "workflow.VillageMeeting",
    "alerts.FeedUpload",
    "alerts.FeedLateNotice",
    "alerts.UnregisteredPerson",  # filed under the county (follows_household = False)
    "alerts.UnregisteredEntry",
}


def relocate(actor, household, village, **extra):
    values = {"address": "新村安置点8栋2单元", "reason": RelocateReason.RELOCATION, **extra}
    return household_relocate(actor=actor, household=household, village=village, **values)


def test_every_table_with_a_region_path_is_either_moved_with_the_household_or_a_place_record():
    moved = {model._meta.label for model, _ in scoped_household_rows()}
    with_path = {
        model._meta.label
        for model in apps.get_models()
        if any(field.name == "region_path" for field in model._meta.concrete_fields)
    }
    assert with_path - moved - PLACE_TABLES == set(), "decide whether these follow a household that moves"
    assert not moved & PLACE_TABLES
    assert {model._meta.label for model, _ in village_household_rows()} == {"workflow.Application"}


def test_the_township_moves_a_household_and_everything_about_it_to_another_of_its_villages(
    personas, county, household_a
):
    old_number, old_path, target = household_a.number, household_a.region_path, county.village_b
    visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="月度走访")
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.WITHDRAWN)  # a finished case moves with the household
    RiskFlag.objects.create(
        household=household_a,
        region_path=old_path,
        risk_type="medical_cost",
        source=RiskSource.CADRE,
        detected_on=dt.date(2026, 11, 2),
    )
    head = household_a.members.get(name="张大山")
    ExclusionFact.objects.create(
        household=household_a, member=head, region_path=old_path, kind=ExclusionKind.CAR, recorded_by=personas.cadre_a
    )
    application = Application.objects.create(
        receipt_no="R1",
        village=household_a.village,
        region_path=old_path,
        household=household_a,
        name="张大山",
        id_number=head.id_number,
        phone="13800000000",
        situation="看病花钱多",
        consent_version="v1",
        status=ApplicationStatus.DECLINED,
    )

    moved = relocate(personas.township, household_a, target)

    assert moved.village == target and moved.region_path == target.path
    assert moved.number == f"{target.path}0001" and old_number != moved.number
    assert moved.address == "新村安置点8栋2单元"
    assert set(moved.members.values_list("region_path", flat=True)) == {target.path}
    for model, lookup in scoped_household_rows():  # every denormalised path, in every app
        assert not model._base_manager.filter(**{lookup: moved.pk}).exclude(region_path=target.path).exists(), model
    assert Visit.objects.get(pk=visit.pk).region_path == target.path
    assert Case.objects.get(pk=case.pk).region_path == target.path
    assert Application.objects.get(pk=application.pk).village == target
    # The target village's cadre sees the whole file; the old village's no longer does.
    assert Household.objects.visible_to(personas.cadre_b).filter(pk=moved.pk).exists()
    assert not Household.objects.visible_to(personas.cadre_a).filter(pk=moved.pk).exists()
    assert Visit.objects.visible_to(personas.cadre_b).filter(pk=visit.pk).exists()
    # 变更记录: one row naming both villages and both numbers; the audit log: a row under each village.
    history = HouseholdEvent.objects.filter(household=moved).order_by("-pk").first()
    assert "由涂埠镇城南村迁入涂埠镇城北村" in history.summary and f"{old_number} → {moved.number}" in history.summary
    assert {"field": "number", "label": "户编号", "old": old_number, "new": moved.number} in history.changes
    came = AuditEvent.objects.get(action="household.relocate")
    left = AuditEvent.objects.get(action="household.relocate_out")
    assert came.region_path == target.path and left.region_path == old_path
    assert old_number in left.summary and "易地扶贫搬迁" in left.summary


def test_the_old_village_help_contact_ends_and_a_township_contact_stays(personas, county, household_a, household_b):
    work_team = UserFactory(username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path)
    help_contact_assign(actor=personas.township, household=household_a, contact=work_team)
    help_contact_assign(actor=personas.township, household=household_b, contact=personas.township)

    relocate(personas.township, household_a, county.village_b)
    relocate(personas.township, household_b, county.village_a)

    household_a.refresh_from_db()
    household_b.refresh_from_db()
    assert household_a.help_contact is None
    ended = HelpContactAssignment.objects.get(household=household_a)
    assert ended.ends_on == today()
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="因整户迁出城南村结束").exists()
    assert household_b.help_contact == personas.township
    assert HelpContactAssignment.objects.get(household=household_b).ends_on is None


def test_the_township_cannot_move_a_household_to_another_township_but_the_county_can(personas, county, household_a):
    with pytest.raises(ValidationError) as refused:
        relocate(personas.township, household_a, county.village_c)
    assert refused.value.message_dict == {"village": [MSG_OTHER_TOWNSHIP]}

    moved = relocate(personas.county_officer, household_a, county.village_c, reason=RelocateReason.MARRIAGE)

    assert moved.region_path == county.village_c.path and moved.number.startswith(county.village_c.path)
    assert not Household.objects.visible_to(personas.township).filter(pk=moved.pk).exists()


def test_a_village_cadre_is_told_to_report_to_the_township(personas, county, household_a):
    with pytest.raises(PermissionDenied, match=MSG_RELOCATE_ROLE):
        relocate(personas.cadre_a, household_a, county.village_b)


def test_the_same_village_a_missing_address_and_an_unexplained_other_reason_are_refused(personas, county, household_a):
    with pytest.raises(ValidationError) as same:
        relocate(personas.township, household_a, county.village_a)
    with pytest.raises(ValidationError) as blank:
        relocate(personas.township, household_a, county.village_b, address=" ", reason=RelocateReason.OTHER)

    assert same.value.message_dict == {"village": [MSG_SAME_VILLAGE]}
    assert set(blank.value.message_dict) == {"address", "note"}
    assert Household.objects.get(pk=household_a.pk).village == county.village_a


def test_an_open_case_or_a_waiting_application_refuses_the_move(personas, county, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    with pytest.raises(ApplicationError) as open_case:
        relocate(personas.township, household_a, county.village_b)
    opened = f"{case.discovered_on:%Y-%m-%d}"
    assert open_case.value.message == MSG_OPEN_CASE.format(case=case.get_kind_display(), opened=opened)

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.WITHDRAWN)
    Application.objects.create(
        receipt_no="R2",
        village=household_a.village,
        region_path=household_a.region_path,
        household=household_a,
        name="张大山",
        id_number=household_a.members.get(name="张大山").id_number,
        phone="13800000000",
        situation="看病花钱多",
        consent_version="v1",
        status=ApplicationStatus.VERIFYING,
    )
    with pytest.raises(ApplicationError, match="R2") as waiting:
        relocate(personas.township, household_a, county.village_b)
    assert waiting.value.message == MSG_PENDING_APPLICATION.format(receipt="R2")
    assert Household.objects.get(pk=household_a.pk).region_path == county.village_a.path
    assert not AuditEvent.objects.filter(action__startswith="household.relocate").exists()


def test_a_group_and_grid_of_another_village_are_refused(personas, county, household_a):
    with pytest.raises(ValidationError) as refused:
        relocate(personas.township, household_a, county.village_b, group=county.group_a)
    assert "group" in refused.value.message_dict
