import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households import idnumber
from households.choices import LivingStatus, Relation, StudentStage
from households.models import HouseholdEvent, Member
from households.services import income, member_status, moves, registry, visits
from households.services.members import MSG_NO_HEAD, MSG_SPOUSE_UNDER_16
from tests.households.conftest import consent_scan, make_id, member_row

pytestmark = pytest.mark.django_db


def test_creating_a_household_derives_sex_and_birth_date_from_the_id_numbers(household_a):
    members = {m.name: m for m in household_a.members.all()}

    assert household_a.head_name == "张大山"
    assert household_a.number.startswith("360425100201")
    assert members["张大山"].sex == "male" and members["张大山"].birth_date == dt.date(1968, 3, 12)
    assert members["李秀英"].sex == "female" and members["李秀英"].birth_date == dt.date(1970, 7, 2)


def test_creation_is_recorded_in_history_and_audit_log(household_a, personas):
    event = HouseholdEvent.objects.get(household=household_a)

    assert "新建农户档案" in event.summary and event.actor == personas.township  # household_a: the township's
    assert AuditEvent.objects.filter(action="household.create", object_id=str(household_a.pk)).exists()


@pytest.mark.parametrize(
    ("mutate", "key", "message"),
    [
        (
            lambda rows: rows[0].update(
                id_number=rows[0]["id_number"][:17] + ("0" if rows[0]["id_number"][17] != "0" else "1")
            ),
            "members-0-id_number",
            idnumber.MSG_ID_CHECK,
        ),
        (lambda rows: rows[2].update(relation=Relation.SPOUSE), "members-2-relation", MSG_SPOUSE_UNDER_16),
        (lambda rows: rows[0].update(relation=Relation.SON), "__all__", MSG_NO_HEAD),
        (
            lambda rows: rows[1].update(relation=Relation.HEAD),
            "__all__",
            "每户只能有一名户主：第1、2位成员都被标为户主。",
        ),
        (
            lambda rows: rows[2].update(id_number=rows[1]["id_number"]),
            "members-2-id_number",
            "该身份证号在本次填写中重复出现。",
        ),
    ],
)
def test_bad_member_input_is_reported_at_the_field_and_nothing_is_saved(
    personas, county, family_rows, mutate, key, message
):
    mutate(family_rows)

    with pytest.raises(ValidationError) as raised:
        registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=family_rows, household_type="ordinary"
        )

    assert message in raised.value.message_dict[key]
    assert not Member.objects.exists()


def test_an_id_number_in_the_future_is_refused(personas, county, family_rows):
    family_rows[2]["id_number"] = idnumber.make("360425", dt.date.today() + dt.timedelta(days=30), 5)

    with pytest.raises(ValidationError) as raised:
        registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=family_rows, household_type="ordinary"
        )

    assert raised.value.message_dict["members-2-id_number"] == [idnumber.MSG_ID_FUTURE]


def test_a_duplicate_id_names_the_household_when_the_cadre_can_see_it(household_a, personas, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)]

    with pytest.raises(ValidationError) as raised:
        registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
        )

    assert household_a.number in raised.value.message_dict["members-0-id_number"][0]


def test_a_duplicate_id_outside_the_scope_says_only_that_it_exists_elsewhere(household_a, personas, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)]

    with pytest.raises(ValidationError) as raised:
        registry.household_create(
            actor=personas.cadre_b, village=county.village_b, members=rows, household_type="ordinary"
        )

    message = raised.value.message_dict["members-0-id_number"][0]
    assert "其他村" in message and household_a.number not in message


def test_a_cadre_cannot_create_a_household_in_another_village(personas, county, family_rows):
    with pytest.raises(PermissionDenied):
        registry.household_create(
            actor=personas.cadre_a, village=county.village_b, members=family_rows, household_type="ordinary"
        )


def test_read_only_official_cannot_edit(household_a, personas):
    with pytest.raises(PermissionDenied):
        registry.household_update(actor=personas.official, household=household_a, phone="13800000000")


def test_updating_a_household_records_old_and_new_values_in_chinese(household_a, personas):
    registry.household_update(actor=personas.cadre_a, household=household_a, phone="13912345678", housing_ok=False)

    event = HouseholdEvent.objects.filter(household=household_a).latest("id")
    labels = {c["label"]: (c["old"], c["new"]) for c in event.changes}
    assert labels["联系电话"] == ("", "13912345678")
    assert labels["住房安全有保障"] == ("是", "否")


def test_per_capita_net_income_is_income_minus_business_expenses_over_living_members(household_a, personas):
    row = income.income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=dt.date.today().year,
        amounts={
            "wage_income": Decimal("18000"),
            "business_income": Decimal("6000"),
            "property_income": Decimal("500"),
            "transfer_income": Decimal("2500"),
            "business_expenses": Decimal("3000"),
            "medical_expenses": Decimal("9000"),
        },
    )

    assert row.members_count == 3
    assert row.per_capita_net_income == Decimal("8000.00")


def test_marking_a_member_deceased_recomputes_this_years_per_capita_income(household_a, personas):
    income.income_save(
        actor=personas.cadre_a,
        household=household_a,
        year=dt.date.today().year,
        amounts={"wage_income": Decimal("12000")},
    )
    son = household_a.members.get(name="张小明")

    member_status.member_set_status(
        left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=dt.date.today()
    )

    row = household_a.incomes.get()
    assert (row.members_count, row.per_capita_net_income) == (2, Decimal("6000.00"))
    assert Member.objects.filter(pk=son.pk).exists()  # never deleted


def test_negative_income_and_years_out_of_range_are_refused(household_a, personas):
    with pytest.raises(ValidationError) as raised:
        income.income_save(
            actor=personas.cadre_a, household=household_a, year=1999, amounts={"wage_income": Decimal("-1")}
        )

    assert set(raised.value.message_dict) == {"year", "wage_income"}
    assert raised.value.message_dict["wage_income"] == ["金额不能为负数。"]


def test_the_head_cannot_leave_without_naming_a_new_head(household_a, personas):
    head = household_a.members.get(relation=Relation.HEAD)
    spouse = household_a.members.get(relation=Relation.SPOUSE)

    with pytest.raises(ValidationError):
        member_status.member_set_status(
            left_reason="work", actor=personas.cadre_a, member=head, status=LivingStatus.DECEASED, on=dt.date.today()
        )
    son = household_a.members.get(relation=Relation.SON)
    member_status.member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=head,
        status=LivingStatus.DECEASED,
        on=dt.date.today(),
        new_head=spouse,
        relations={son.pk: Relation.SON},
    )

    household_a.refresh_from_db()
    assert household_a.head_name == "李秀英"
    assert household_a.members.filter(relation=Relation.HEAD, living_status=LivingStatus.LIVING).count() == 1


def test_a_deceased_persons_id_can_be_registered_again_only_after_death_is_recorded(household_a, personas, county):
    son = household_a.members.get(name="张小明")
    member_status.member_set_status(
        left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=dt.date.today()
    )
    rows = [
        {
            "name": "张小明",
            "id_number": son.id_number,
            "relation": Relation.HEAD,
            "health": "healthy",
            "student_stage": son.student_stage,
        }
    ]

    new = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )

    assert new.head_name == "张小明"


def test_transfer_moves_a_member_between_households_in_scope(household_a, personas, county):
    target = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        household_type="ordinary",
        members=[member_row("陈一", Relation.HEAD, dt.date(1980, 1, 1), 71)],
    )
    son = household_a.members.get(name="张小明")

    moves.member_transfer(actor=personas.cadre_a, member=son, target=target, relation=Relation.OTHER)

    son.refresh_from_db()
    assert son.household == target
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="迁出").exists()


def test_a_cadre_cannot_transfer_into_another_village(household_a, household_b, personas):
    son = household_a.members.get(name="张小明")

    with pytest.raises(PermissionDenied):
        moves.member_transfer(actor=personas.cadre_a, member=son, target=household_b, relation=Relation.OTHER)


def test_split_creates_a_new_household_with_the_chosen_head(household_a, personas):
    son = household_a.members.get(name="张小明")
    spouse = household_a.members.get(name="李秀英")

    new = moves.household_split(
        actor=personas.cadre_a,
        household=household_a,
        members=[son, spouse],
        new_head=spouse,
        relations={son.pk: Relation.SON},
    )

    assert new.head_name == "李秀英"
    assert set(new.members.values_list("name", flat=True)) == {"李秀英", "张小明"}
    # The audit log records the new household's values, as for a household registered anew.
    created = AuditEvent.objects.get(action="household.create", object_id=str(new.pk))
    assert created.after["number"] == new.number and created.after["address"] == household_a.address


def test_head_cannot_be_transferred(household_a, household_b, personas):
    head = household_a.members.get(relation=Relation.HEAD)

    with pytest.raises(ApplicationError):
        moves.member_transfer(actor=personas.township, member=head, target=household_b, relation=Relation.OTHER)


def test_a_visit_updates_the_households_three_guarantees_status(household_a, personas):
    visits.visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=dt.date.today(),
        findings={"water_ok": False},
        risk_found=True,
        risk_types=["unsafe_water"],
        notes="井水浑浊",
    )

    household_a.refresh_from_db()
    assert household_a.water_ok is False and household_a.housing_ok is True
    summary = HouseholdEvent.objects.filter(household=household_a).latest("id").summary
    assert "发现问题：饮水安全无保障" in summary and "有保障" not in summary


def test_a_visit_in_the_future_is_refused(household_a, personas):
    with pytest.raises(ValidationError) as raised:
        visits.visit_record(
            actor=personas.cadre_a, household=household_a, visited_on=dt.date.today() + dt.timedelta(days=1)
        )

    assert raised.value.message_dict == {"visited_on": ["日期不能晚于今天。"]}


def test_a_proxy_signed_consent_needs_the_proxy_name_and_a_thumbprint(household_a, personas):
    with pytest.raises(ValidationError) as raised:
        visits.consent_record(
            actor=personas.cadre_a,
            household=household_a,
            signed_on=dt.date.today(),
            signer="proxy",
            scan=consent_scan(),
        )

    assert set(raised.value.message_dict) == {"proxy_name", "thumbprint"}


def test_member_ids_are_unique_among_the_living_even_under_a_race(household_a):
    """The partial unique index backs the service's check."""
    from django.db import IntegrityError, transaction

    head = household_a.members.get(relation=Relation.HEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            household=household_a,
            region_path=household_a.region_path,
            name="x",
            id_number=head.id_number,
            relation=Relation.SON,
            sex="male",
            birth_date=head.birth_date,
        )


def test_make_id_helper_is_valid():
    assert idnumber.parse(make_id(dt.date(2000, 1, 1), 1)).sex == "male"


def test_adding_or_editing_a_member_with_another_members_id_number_names_that_member(household_a, personas):
    head = household_a.members.get(relation=Relation.HEAD)
    row = member_row("张小红", Relation.DAUGHTER, dt.date(2015, 2, 2), 44, student_stage=StudentStage.PRIMARY)

    with pytest.raises(ValidationError) as added:
        registry.member_add(
            reason="moved_in", actor=personas.cadre_a, household=household_a, data={**row, "id_number": head.id_number}
        )
    assert added.value.message_dict["id_number"] == [f"该身份证号已是本户成员 {head.name} 的身份证号，请核对。"]

    son = household_a.members.get(name="张小明")
    with pytest.raises(ValidationError) as edited:
        registry.member_update(actor=personas.cadre_a, member=son, data={"id_number": head.id_number})
    assert edited.value.message_dict["id_number"] == [f"该身份证号已是本户成员 {head.name} 的身份证号，请核对。"]

    added_member = registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=row)
    assert added_member.id_number == row["id_number"]
