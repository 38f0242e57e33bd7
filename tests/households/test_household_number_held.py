"""户编号 the go-live import named but did not load stay the national system's (DOMAIN.md: exports line up with it).

After an import in which …9901 and …9902 were loaded and …9903 and …9904 rejected, a household registered here took
…9903 and a 分户 took …9904 (one past the village's highest household), and the corrected …9904 was then refused as
已存在于系统中: the national system's household could never be imported. Local numbering now goes on past the numbers
an import holds (rejected, or still to load), and the import says which local household took a number, when and by
whom, so that the county can reconcile the two."""

import datetime as dt

import psycopg2
import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from households.choices import HouseholdType, Relation
from households.models import Household, RegistryImport, RegistryImportNumber
from households.registry_import import services as import_services
from households.registry_import import staging
from households.registry_import.numbers import MSG_NUMBER_TAKEN
from households.services import moves, registry
from households.services.numbering import HELD_LOCK_CLASS, county_key, next_number
from tests.households.conftest import member_row
from tests.households.test_registry_import import VILLAGE_B, csv_upload, error_sheet, member, pid, run

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def n(sequence: str) -> str:
    return f"{VILLAGE_B}{sequence}"


def national_rows() -> list[list[str]]:
    """…9901 and …9902 good; …9903 and …9904 rejected (an unknown relation on a member's row)."""
    return [
        member(n("9901"), VILLAGE_B, "是", "王大林", pid(dt.date(1960, 1, 1), 11), "户主"),
        member(n("9902"), VILLAGE_B, "是", "李长青", pid(dt.date(1961, 1, 1), 21), "户主"),
        member(n("9903"), VILLAGE_B, "是", "赵春生", pid(dt.date(1962, 1, 1), 31), "户主"),
        member(n("9903"), VILLAGE_B, "否", "赵小春", pid(dt.date(1990, 1, 1), 33), "儿子"),
        member(n("9904"), VILLAGE_B, "是", "孙秋实", pid(dt.date(1963, 1, 1), 41), "户主"),
        member(n("9904"), VILLAGE_B, "否", "孙小秋", pid(dt.date(1991, 1, 1), 43), "儿子"),
    ]


def register(personas, county, name: str, sequence: int, *, spouse: str = "") -> Household:
    members = [member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)]
    if spouse:
        members.append(member_row(spouse, Relation.SPOUSE, dt.date(1972, 1, 2), sequence + 1))
    return registry.household_create(
        actor=personas.cadre_b, village=county.village_b, members=members, household_type=HouseholdType.ORDINARY
    )


def held() -> set[str]:
    return set(RegistryImportNumber.objects.values_list("number", flat=True))


def test_registration_and_split_pass_over_the_numbers_an_import_rejected_and_the_corrected_rows_then_import(
    personas, county
):
    first = run(personas.county_officer, csv_upload(national_rows(), name="national.csv"))
    assert (first.households_created, first.rows_bad) == (2, 4)
    assert held() == {n("9903"), n("9904")}

    registered = register(personas, county, "周建国", 51, spouse="吴秀兰")
    spouse = registered.members.get(relation=Relation.SPOUSE)
    split = moves.household_split(
        actor=personas.cadre_b, household=registered, members=[spouse], new_head=spouse, relations={}
    )

    assert (registered.number, split.number) == (n("9905"), n("9906"))
    corrected = national_rows()[4:]
    corrected[1][corrected[1].index("儿子")] = "之子"
    second = run(personas.county_officer, csv_upload(corrected, name="corrected.csv"))
    assert (second.status, second.households_created, second.rows_bad) == (Status.DONE, 1, 0)
    assert Household.objects.get(number=n("9904")).head_name == "孙秋实"
    # …9904 is in the registry now; …9903 is still to be corrected, and still the national system's.
    assert held() == {n("9903")}
    assert register(personas, county, "郑和平", 61).number == n("9907")


def test_the_numbers_of_households_an_interrupted_run_did_not_load_yet_are_held_too(personas, county, monkeypatch):
    rows = [member(n(f"99{i:02d}"), VILLAGE_B, "是", name, pid(dt.date(1960, 1, i), i), "户主") for i, name in
            enumerate(["甲一", "乙二", "丙三"], start=1)]  # fmt: skip
    real_load, batches = staging.load, []

    def dies_after_the_first_batch(cursor, **kwargs):
        if batches:
            raise RuntimeError("the worker died")
        batches.append(kwargs["first"])
        real_load(cursor, **kwargs)

    monkeypatch.setattr(import_services, "BATCH_HOUSEHOLDS", 1)
    monkeypatch.setattr(staging, "load", dies_after_the_first_batch)
    record = run(personas.county_officer, csv_upload(rows))

    assert (record.status, record.households_created) == (Status.FAILED, 1)
    assert held() == {n("9902"), n("9903")}
    assert register(personas, county, "周建国", 51).number == n("9904")


def test_an_earlier_failed_upload_of_the_same_file_holds_nothing_once_the_file_is_run_again(personas, county):
    upload = national_rows()
    first = run(personas.county_officer, csv_upload(upload))
    RegistryImport.objects.filter(pk=first.pk).update(status=Status.FAILED, message=import_services.MSG_CRASHED)

    second = run(personas.county_officer, csv_upload(upload))

    assert second.status == Status.DONE
    assert set(RegistryImportNumber.objects.values_list("registry_import_id", "number")) == {
        (second.pk, n("9903")),
        (second.pk, n("9904")),
    }


def test_next_number_reads_only_held_numbers_of_the_villages_shape(personas, county):
    record = RegistryImport.objects.create(
        uploaded_by=personas.county_officer, original_name="x.csv", checksum="x", region_path="360425"
    )
    for number in (n("0042"), n("00999"), f"{county.village_a.path}0077"):
        RegistryImportNumber.objects.create(registry_import=record, number=number)

    assert register(personas, county, "周建国", 51).number == n("0043")
    assert next_number(county.village_a) == f"{county.village_a.path}0078"


def test_numbering_waits_while_an_import_decides_the_countys_numbers(personas, county):
    other = psycopg2.connect(**connection.get_connection_params())  # an import's checks, holding the county's lock
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [HELD_LOCK_CLASS, county_key(county.village_b.path)])
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            register(personas, county, "周建国", 51)
    finally:
        other.close()
    assert register(personas, county, "周建国", 51).number == n("0001")


def test_a_number_a_local_household_took_is_refused_naming_it_when_and_by_whom_it_was_registered(
    personas, county, household_b
):
    imported = run(personas.county_officer, csv_upload(national_rows()[:1], name="first.csv"))
    assert imported.households_created == 1
    rows = [
        # Rows 3-4: the national system's …0001, whose head is not the local household's 王五.
        member(household_b.number, VILLAGE_B, "是", "钱多多", pid(dt.date(1958, 1, 1), 71), "户主"),
        member(household_b.number, VILLAGE_B, "否", "钱少少", pid(dt.date(1985, 1, 1), 73), "之子"),
        # Row 5: another head under the number an earlier import loaded: said as before.
        member(n("9901"), VILLAGE_B, "是", "冯远", pid(dt.date(1959, 1, 1), 75), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows, name="second.csv"))

    _, reasons = error_sheet(record)
    day = timezone.localdate(household_b.events.earliest("created_at").created_at).isoformat()
    who = personas.cadre_b.get_full_name() or personas.cadre_b.username
    assert reasons[3].startswith(
        f"户编号：户编号 {household_b.number} 已被本系统登记的另一户占用：王五户（城北村），{day} 由{who}（城北村）"
        "在本系统登记（新建农户档案，户主王五"
    ), reasons[3]
    assert "其户主与本行户主不是同一人" in reasons[3] and "将该户的户编号改为本村未用的编号" in reasons[3]
    assert reasons[4] == MSG_NUMBER_TAKEN % household_b.number
    assert reasons[5] == MSG_NUMBER_TAKEN % n("9901")
