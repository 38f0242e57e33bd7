import io
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from accounts.choices import Role
from accounts.models import User
from households import idnumber
from households.choices import HouseholdType, LivingStatus, Relation, Sex
from households.demo import DemoHousehold
from households.management.commands.seed_demo import _secured
from households.models import Household, HouseholdIncome, Member, Region

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 200
ROLE_LOGINS = {
    "cadre": Role.VILLAGE_CADRE,
    "workteam": Role.WORK_TEAM,
    "township": Role.TOWNSHIP_OFFICER,
    "county": Role.COUNTY_OFFICER,
    "approver": Role.COUNTY_APPROVER,
    "clerk": Role.DEPARTMENT_CLERK,
    "official": Role.OFFICIAL,
    "sysadmin": Role.SYSTEM_ADMIN,
    "secadmin": Role.SECURITY_ADMIN,
    "auditadmin": Role.AUDIT_ADMIN,
}


@pytest.fixture
def fast_hashing(settings):
    # The demo creates some twenty-five accounts; PBKDF2 at full strength would dominate the test's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(fast_hashing):
    call_command("seed_demo", households=HOUSEHOLDS, seed=7, stdout=io.StringIO())


def years_between(older, younger) -> float:
    return (younger - older).days / 365.2425


def test_every_member_has_a_valid_id_number_that_gives_their_sex_and_birth_date(seeded):
    members = list(Member.objects.all())

    assert len(members) >= HOUSEHOLDS
    for member in members:
        info = idnumber.parse(member.id_number)
        assert (info.sex, info.birth_date) == (member.sex, member.birth_date), member.id_number
        assert member.id_number.startswith("360425")
    assert len({m.id_number for m in members}) == len(members)


def test_every_household_has_exactly_one_living_head_and_one_to_six_members(seeded):
    heads = Counter(
        Member.objects.filter(relation=Relation.HEAD, living_status=LivingStatus.LIVING).values_list(
            "household_id", flat=True
        )
    )
    sizes = Counter(Member.objects.values_list("household_id", flat=True))

    assert Household.objects.count() == HOUSEHOLDS
    assert set(heads.values()) == {1}
    assert set(heads) == set(Household.objects.values_list("pk", flat=True))
    assert set(sizes.values()) <= set(range(1, 7))


def test_relations_fit_ages_and_sexes(seeded):
    for household in Household.objects.prefetch_related("members"):
        members = list(household.members.all())
        head = next(m for m in members if m.relation == Relation.HEAD)
        assert household.head_name == head.name
        for member in members:
            if member.relation == Relation.SPOUSE:
                assert member.sex != head.sex
                assert abs(years_between(head.birth_date, member.birth_date)) < 8
            elif member.relation in (Relation.SON, Relation.DAUGHTER):
                assert years_between(head.birth_date, member.birth_date) >= 18
                assert member.sex == (Sex.MALE if member.relation == Relation.SON else Sex.FEMALE)
            elif member.relation in (Relation.FATHER, Relation.MOTHER):
                assert years_between(member.birth_date, head.birth_date) >= 18
            elif member.relation in (Relation.GRANDSON, Relation.GRANDDAUGHTER):
                assert years_between(head.birth_date, member.birth_date) >= 36


def test_households_are_numbered_by_village_and_sit_in_their_village_or_group(seeded):
    for household in Household.objects.select_related("village", "group", "grid"):
        assert re.fullmatch(r"\d{16}", household.number)
        assert household.number.startswith(household.village.path)
        expected_path = household.group.path if household.group else household.village.path
        assert household.region_path == expected_path
        if household.group:
            assert household.group.parent_id == household.village_id
        if household.grid:
            assert household.grid.village_id == household.village_id
    assert not Member.objects.exclude(region_path__in=Household.objects.values("region_path")).exists()


def test_some_households_are_lifted_out_and_a_few_are_monitored_with_a_start_date(seeded):
    lifted_out = Household.objects.filter(household_type=HouseholdType.LIFTED_OUT).count()
    monitored = Household.objects.exclude(monitoring_category="")

    assert 0.07 * HOUSEHOLDS <= lifted_out <= 0.25 * HOUSEHOLDS
    assert 0 < monitored.count() <= 0.12 * HOUSEHOLDS
    assert not monitored.filter(monitoring_start__isnull=True).exists()
    assert not Household.objects.filter(monitoring_category="", monitoring_start__isnull=False).exists()


def test_each_household_has_this_years_income_with_the_per_capita_formula_applied(seeded):
    incomes = list(HouseholdIncome.objects.select_related("household"))
    living = Counter(Member.objects.filter(living_status=LivingStatus.LIVING).values_list("household_id", flat=True))

    assert len(incomes) == HOUSEHOLDS
    assert len({i.year for i in incomes}) == 1
    for row in incomes:
        assert row.members_count == living[row.household_id]
        assert row.region_path == row.household.region_path
        net = row.wage_income + row.business_income + row.property_income + row.transfer_income
        net -= row.business_expenses
        assert row.per_capita_net_income == (net / row.members_count).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert row.per_capita_net_income >= 0


def test_households_are_written_with_their_latest_income_so_the_income_trigger_rewrites_none(fast_hashing):
    """The screening run reads each household's copy of its latest income (households migration 0008)."""
    from django.db import connection

    def household_updates() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd + n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'households_household'"
            )
            return cursor.fetchone()[0]

    before = household_updates()
    call_command("seed_demo", households=HOUSEHOLDS, seed=7, stdout=io.StringIO())

    assert household_updates() == before
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM households_household h JOIN households_householdincome i ON i.household_id = h.id
            WHERE (h.latest_income_year, h.latest_income_per_capita, h.latest_income_total, h.latest_rigid_expenses)
                = (i.year, i.per_capita_net_income,
                   i.wage_income + i.business_income + i.property_income + i.transfer_income,
                   i.medical_expenses + i.education_expenses + i.disaster_expenses + i.other_rigid_expenses)"""
        )
        assert cursor.fetchone()[0] == HOUSEHOLDS


def test_every_role_has_a_demo_login_that_works_with_the_demo_password(seeded):
    users = {u.username: u for u in User.objects.filter(username__in=ROLE_LOGINS)}

    assert {name: u.role for name, u in users.items()} == ROLE_LOGINS
    assert users["clerk"].department == "health"
    assert users["sysadmin"].is_staff
    assert len(users["cadre"].region_path) == 12
    assert len(users["township"].region_path) == 9
    assert users["county"].region_path == "360425"
    for username in ROLE_LOGINS:
        response = Client().post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username


def test_if_empty_leaves_an_existing_county_alone(seeded, capsys):
    before = (Region.objects.count(), Household.objects.count(), Member.objects.count(), User.objects.count())

    call_command("seed_demo", households=50, if_empty=True)

    assert (Region.objects.count(), Household.objects.count(), Member.objects.count(), User.objects.count()) == before
    assert "未生成" in capsys.readouterr().out


class _Undo(Exception):
    pass


def _seed_and_undo(seed: int) -> list[tuple[str, str, str]]:
    with pytest.raises(_Undo), transaction.atomic():
        call_command("seed_demo", households=30, seed=seed, stdout=io.StringIO())
        rows = list(
            Member.objects.order_by("household__number", "id").values_list("household__number", "name", "id_number")
        )
        raise _Undo
    return rows


def test_the_same_seed_gives_the_same_county(fast_hashing):
    first, second, other = _seed_and_undo(11), _seed_and_undo(11), _seed_and_undo(12)

    assert first == second
    assert first != other


def test_the_seeded_tables_have_planner_statistics(seeded):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('households_household', 'households_member')"
        )
        estimated = dict(cursor.fetchall())
    # Never analysed, a table reads -1 (PostgreSQL 14 and later): the planner would guess.
    assert estimated["households_household"] >= HOUSEHOLDS
    assert estimated["households_member"] >= HOUSEHOLDS


def test_the_assistance_demo_gives_every_household_it_monitors_a_start_date(seeded):
    from households.models import Household

    call_command("seed_assistance_demo", stdout=io.StringIO())

    monitored = Household.objects.exclude(monitoring_category="")
    assert monitored.exists() and not monitored.filter(monitoring_start__isnull=True).exists()


def test_a_household_monitored_for_an_unsafe_house_is_not_recorded_housing_secured(seeded):
    """Seed 000 §三(一)8–9: the demo's risk types and its 两不愁三保障 columns agree (an official's ledger review found
    every household monitored for 唯一住房存在安全问题 recorded 住房安全有保障 = 是)."""
    demo = DemoHousehold(members=[], household_type=HouseholdType.ORDINARY, labour_capacity="", phone="")
    demo.risk_types = ["unsafe_housing", "low_income"]
    assert _secured(demo) == ["f", "t"]  # housing_ok, water_ok as the COPY writes them
    demo.risk_types = ["unsafe_water"]
    assert _secured(demo) == ["t", "f"]

    for field, risk in (("housing_ok", "unsafe_housing"), ("water_ok", "unsafe_water")):
        at_risk = Household.objects.filter(risk_types__contains=[risk])
        assert Household.objects.filter(**{field: False}).count() == at_risk.count()
        assert not at_risk.filter(**{field: True}).exists()
