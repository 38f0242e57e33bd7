"""A 户编号 once used is never given to another family, and one an import holds is not typed onto a household here.

整户迁移 gave the household the next number of its new village and freed the old one: the next 新建农户 of the old
village took it, so the history, the audit log and the exports sent pointed at two families. Local numbering now
passes over the numbers households gave up (households.models.RetiredNumber), and a typed number that an import holds
for the national system's household (…8830 → 201), or that a household gave up, is refused on the form and the API,
naming the import (upload day, file, row) that holds it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.choices import HouseholdType, Relation, RelocateReason
from households.models import Household, RegistryImport, RegistryImportNumber, RetiredNumber
from households.registry_import.numbers import NUMBER_HOW_RELOCATED, NUMBER_UNRECORDED
from households.services import registry
from households.services.numbering import MSG_NUMBER_HELD, MSG_NUMBER_RETIRED, next_number
from households.services.relocation import household_relocate
from tests.factories import HouseholdFactory
from tests.households.conftest import member_row
from tests.households.page_form import changed, page_form
from tests.households.test_registry_import import VILLAGE_B, csv_upload, error_sheet, member, pid, run

pytestmark = pytest.mark.django_db


def register(personas, county, name: str, sequence: int, **extra) -> Household:
    return registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)],
        household_type=HouseholdType.ORDINARY,
        **extra,
    )


@pytest.fixture
def relocated(personas, county, household_a):
    """household_a (…0001 of village A) moved to village B; its old number is the highest village A gave."""
    old = household_a.number
    household_relocate(
        actor=personas.township,
        household=household_a,
        village=county.village_b,
        address="新村安置点8栋",
        reason=RelocateReason.RELOCATION,
    )
    return old


@pytest.fixture
def held(personas, county):
    """Row 7 of an import uploaded by the county names …8830 of village A, not loaded (rejected)."""
    upload = RegistryImport.objects.create(
        uploaded_by=personas.county_officer,
        original_name="全县农户档案.xlsx",
        checksum="c",
        region_path=county.village_a.path[:6],
        status=RegistryImport.Status.DONE,
    )
    number = f"{county.village_a.path}8830"
    RegistryImportNumber.objects.create(registry_import=upload, number=number, line=7)
    return number, MSG_NUMBER_HELD.format(
        number=number, day=timezone.localdate(upload.created_at).isoformat(), file="全县农户档案.xlsx", line=7
    )


def test_the_next_household_of_the_old_village_does_not_take_the_number_a_relocated_household_gave_up(
    personas, county, relocated
):
    assert RetiredNumber.objects.get(number=relocated).reason == RetiredNumber.Reason.RELOCATED

    newcomer = register(personas, county, "周建国", 51)

    assert newcomer.number != relocated
    assert newcomer.number == f"{county.village_a.path}0002"
    assert next_number(county.village_a) == f"{county.village_a.path}0003"


def test_a_number_a_household_gave_up_cannot_be_typed_either(personas, county, relocated):
    with pytest.raises(ValidationError) as refused:
        register(personas, county, "周建国", 51, number=relocated)

    assert refused.value.message_dict["number"][0].startswith(
        MSG_NUMBER_RETIRED.split("（")[0].format(number=relocated)
    )
    assert not Household.objects.filter(number=relocated).exists()


def test_a_number_an_import_holds_is_refused_when_typed_naming_the_import(personas, county, held, household_a):
    number, message = held
    with pytest.raises(ValidationError) as created:
        register(personas, county, "周建国", 51, number=number)
    with pytest.raises(ValidationError) as updated:
        registry.household_update(actor=personas.cadre_a, household=household_a, number=number, confirm_unusual=True)

    assert created.value.message_dict["number"] == [message]
    assert updated.value.message_dict["number"] == [message]
    assert "第7行" in message and "全县农户档案.xlsx" in message
    assert not Household.objects.filter(number=number).exists()


def test_the_api_refuses_a_held_number_on_create_and_on_patch(personas, county, held, household_a, login):
    number, message = held
    client = login(personas.cadre_a)
    body = {
        "village": county.village_a.code,
        "household_type": "ordinary",
        "number": number,
        "members": [member_row("周建国", "head", dt.date(1970, 1, 1), 51)],
    }

    created = client.post("/api/v1/households/", body, content_type="application/json")
    patched = client.patch(f"/api/v1/households/{household_a.pk}/", {"number": number}, content_type="application/json")

    assert created.status_code == 400 and created.json()["number"] == [message], created.content.decode()
    assert patched.status_code == 400 and patched.json()["number"] == [message], patched.content.decode()
    assert not Household.objects.filter(number=number).exists()


def test_the_edit_page_refuses_a_held_number_at_its_field(personas, held, household_a, login):
    number, message = held
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/{household_a.pk}/edit/"))

    response = client.post(f"/households/{household_a.pk}/edit/", changed(form, number=number))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Household.objects.get(pk=household_a.pk).number != number


def test_the_import_names_the_act_that_gave_a_local_household_its_number_not_its_first_history_row(
    personas, county, relocated, settings, tmp_path
):
    """A relocated household's number came from 整户迁移, not from its registration in another village; a seeded
    household has no registration at all."""
    settings.MEDIA_ROOT = tmp_path
    moved = Household.objects.get(retired_numbers__number=relocated)
    seeded = HouseholdFactory(village=county.village_b, number=f"{VILLAGE_B}0050", head_name="种子甲")
    rows = [
        member(moved.number, VILLAGE_B, "是", "钱多多", pid(dt.date(1958, 1, 1), 71), "户主"),
        member(seeded.number, VILLAGE_B, "是", "冯远", pid(dt.date(1959, 1, 1), 75), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows, name="national.csv"))

    _, reasons = error_sheet(record)
    day = timezone.localdate(moved.events.order_by("pk").last().created_at).isoformat()
    who = personas.township.get_full_name() or personas.township.username
    assert f"{day} 由{who}" in reasons[3] and f"在本系统{NUMBER_HOW_RELOCATED}（整户迁移（" in reasons[3], reasons[3]
    assert "新建农户档案" not in reasons[3]
    assert f"种子甲户（{county.village_b.name}），{NUMBER_UNRECORDED}，" in reasons[4], reasons[4]


def test_a_number_typed_over_on_the_edit_page_is_retired_and_never_given_again(personas, county, household_a):
    """修改农户 replaced …0001 by …0007: the next 新建农户 takes …0008, and …0001
    (in the 变更记录 and the exports already sent) can be typed by no other household."""
    old = household_a.number
    typed = f"{county.village_a.path}0007"

    registry.household_update(actor=personas.cadre_a, household=household_a, number=typed, confirm_unusual=True)

    retired = RetiredNumber.objects.get(number=old)
    assert retired.household == household_a and retired.reason == RetiredNumber.Reason.RENUMBERED
    assert register(personas, county, "周建国", 51).number == f"{county.village_a.path}0008"
    with pytest.raises(ValidationError) as refused:
        register(personas, county, "吴明", 53, number=old)
    assert "修改户编号" in refused.value.message_dict["number"][0]


def test_a_household_may_take_back_the_number_it_gave_up(personas, county, household_a):
    old = household_a.number
    typed = f"{county.village_a.path}0007"
    registry.household_update(actor=personas.cadre_a, household=household_a, number=typed, confirm_unusual=True)

    back = registry.household_update(actor=personas.cadre_a, household=household_a, number=old, confirm_unusual=True)

    assert back.number == old
    assert list(RetiredNumber.objects.values_list("number", "household")) == [(typed, household_a.pk)]


def test_a_refused_edit_page_names_the_household_by_its_number_on_record(personas, held, household_a, login):
    number, _ = held
    client = login(personas.cadre_a)
    form = page_form(client.get(f"/households/{household_a.pk}/edit/"))

    response = client.post(f"/households/{household_a.pk}/edit/", changed(form, number=number))

    assert f"修改农户 {household_a.number}</h1>" in response.content.decode()
    assert f"修改农户 {number}" not in response.content.decode()


def test_the_edit_page_says_before_saving_that_a_number_typed_over_is_retired(personas, household_a, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/edit/").content.decode()

    assert "改后原编号停用" in page and "不再分配给其他农户" in page
