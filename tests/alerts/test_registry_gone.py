"""A person the registry holds as deceased or moved away is no 未在档人员 to register (review rev-clerk 2): the
ingestion finds them among the county's non-living members, the county's pages say so, and 应纳入档案 is refused."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from alerts.choices import UnregisteredOutcome
from alerts.models import Alert, UnregisteredEntry, UnregisteredPerson
from alerts.selectors_unregistered import gone_label
from alerts.services.unregistered import MSG_GONE_REGISTER, unregistered_check
from households.choices import LivingStatus
from tests.alerts.conftest import csv_file, header_of, ingest, pid
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
TRIAGED = "health-uninsured-cost"  # a clean file goes through the triage (alerts.ingest.triage)
WHOLE = "health-serious-illness"  # a rule on every row: the whole cleaning
LABEL = "档案中已登记为已故（2026-10-28，涂埠镇城南村）"
migration = importlib.import_module("alerts.migrations.0016_department_note_registry_member")


@pytest.fixture
def dead(county):
    household = HouseholdFactory(village=county.village_a, head_name="苏大")
    return MemberFactory(
        household=household,
        name="苏帆水",
        id_number=pid(dt.date(1960, 4, 18), 1),
        living_status=LivingStatus.DECEASED,
        status_changed_on=dt.date(2026, 10, 28),
    )


def report(clerks, code: str, member, name: str = "feed.csv"):
    cells = ["已参保", "45000"] if code == TRIAGED else ["白血病", "2026-10-20"]
    return ingest(clerks["health"], code, csv_file([[member.name, member.id_number, *cells]], header=header_of(code),
                                                   name=name))  # fmt: skip


@pytest.mark.parametrize("code", [TRIAGED, WHOLE])
def test_a_row_naming_a_deceased_member_is_labelled_with_the_registry_record(clerks, dead, people, code):
    record = report(clerks, code, dead)

    assert (record.rows_matched, record.rows_unmatched, record.alerts_raised) == (0, 1, 0), record.message
    assert not Alert.objects.exists()
    assert UnregisteredPerson.objects.get().registry_member == dead
    entry = UnregisteredEntry.objects.get()
    assert entry.registry_member == dead
    assert gone_label(entry.registry_member) == LABEL


def test_a_moved_member_is_labelled_moved_and_a_stranger_is_not_labelled(clerks, county, people):
    household = HouseholdFactory(village=county.village_c)
    moved = MemberFactory(household=household, name="迁走", living_status=LivingStatus.MOVED_OUT,
                          status_changed_on=dt.date(2026, 9, 1))  # fmt: skip
    stranger = pid(dt.date(1985, 4, 4), 31)
    rows = [[moved.name, moved.id_number, "未参保", "0"], ["陌生人", stranger, "未参保", "0"]]

    ingest(clerks["health"], TRIAGED, csv_file(rows, header=header_of(TRIAGED)))

    entries = {e.id_number: e for e in UnregisteredEntry.objects.select_related("registry_member")}
    assert gone_label(entries[moved.id_number].registry_member) == "档案中已登记为已迁出（2026-09-01，虬津镇张公渡村）"
    assert entries[stranger].registry_member is None


def test_the_county_sees_the_registry_record_and_is_not_offered_to_register_the_person(
    clerks, dead, people, personas, login
):
    report(clerks, TRIAGED, dead)
    entry = UnregisteredEntry.objects.get()
    client = login(personas.county_officer)

    page = client.get(f"/alerts/unregistered/{entry.pk}/").content.decode()
    listing = client.get("/alerts/unregistered/").content.decode()
    api = client.get(f"/api/v1/unregistered-persons/{entry.pk}/").json()

    assert LABEL in page and "不需要重新建档" in page
    assert "应纳入档案（交村建档）" not in page and "建档村" not in page
    assert LABEL in listing
    assert api["registry_record"] == LABEL


def test_registering_a_deceased_person_again_is_refused_and_a_finding_of_death_is_taken(clerks, dead, people, personas):
    report(clerks, TRIAGED, dead)
    entry = UnregisteredEntry.objects.get()
    today = timezone.localdate()

    village = entry.registry_member.household.village
    with pytest.raises(ValidationError) as refused:
        unregistered_check(actor=personas.county_officer, entry=entry, outcome=UnregisteredOutcome.REGISTER,
                           note="应建档", checked_on=today, village=village)  # fmt: skip
    done = unregistered_check(actor=personas.county_officer, entry=entry, outcome=UnregisteredOutcome.DECEASED,
                              note="档案已登记去世", checked_on=today)  # fmt: skip

    assert refused.value.message_dict["outcome"] == [MSG_GONE_REGISTER.format(gone=LABEL)]
    assert done.outcome == UnregisteredOutcome.DECEASED


def test_the_migration_labels_the_persons_already_listed(clerks, dead, people):
    report(clerks, TRIAGED, dead)
    UnregisteredEntry.objects.update(registry_member=None)  # as before migration 0016

    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)

    assert UnregisteredEntry.objects.get().registry_member == dead
