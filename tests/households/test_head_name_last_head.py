"""A household whose head died or moved out last (as a closed household's always did) is named after that head,
张大山户, on its pages and in the closing's words, not （无户主）户; （无户主） stays for a household that never had a
head. Households named blank before are named so by migration 0024."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from assistance.services import plans
from households.choices import HouseholdType, LivingStatus, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from households.services.member_status import member_set_status
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def alone(personas, county):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1948, 3, 12), 11)],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    household = monitor(household, risks=["unsafe_housing"], category=MonitoringCategory.UNSTABLE_LIFTED_OUT)
    plans.plan_create(actor=personas.township, household=household)
    return household


def test_a_household_whose_last_head_died_is_still_named_after_him(alone, personas, login):
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=alone.members.get(), status=LivingStatus.DECEASED, on=today()
    )
    alone.refresh_from_db()
    client = login(personas.township)

    closed = client.post(f"/households/{alone.pk}/close/", {"reason": "all_deceased"}, follow=True).content.decode()
    plan_page = client.get(f"/assistance/households/{alone.pk}/").content.decode()

    assert alone.head_name == "张大山"
    assert f"张大山户（{alone.number}）已注销（全户死亡）。" in closed
    assert "<h1>张大山户 " in closed and "<h1>张大山户帮扶方案</h1>" in plan_page
    assert "（无户主）" not in closed + plan_page


def test_the_name_follows_the_head_who_left_last(household_a, personas):
    head = household_a.members.get(relation=Relation.HEAD)
    others = list(household_a.members.exclude(pk=head.pk).order_by("pk"))
    successor, rest = others[0], others[1:]
    relations = {m.pk: Relation.OTHER for m in rest}
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=head,
        status=LivingStatus.DECEASED,
        on=today() - dt.timedelta(days=30),
        new_head=successor,
        relations=relations,
        confirm_unusual=True,
    )
    for member in rest:
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=member, status=LivingStatus.MOVED_OUT, on=today()
        )
    household_a.refresh_from_db()
    assert household_a.head_name == successor.name

    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=successor, status=LivingStatus.MOVED_OUT, on=today()
    )
    household_a.refresh_from_db()
    assert household_a.head_name == successor.name  # the last head, not the one who died before him


def test_a_household_that_never_had_a_head_reads_no_head(personas, county, login):
    headless = HouseholdFactory(village=county.village_a, head_name="")
    MemberFactory(household=headless, name="迁出甲", relation=Relation.SON, living_status=LivingStatus.MOVED_OUT)

    page = login(personas.township).get(f"/households/{headless.pk}/").content.decode()

    assert "<h1>（无户主）户 " in page


def test_the_migration_names_a_blank_household_after_its_last_head(county):
    blank = HouseholdFactory(village=county.village_a, head_name="")
    MemberFactory(household=blank, name="李老汉", relation=Relation.HEAD, living_status=LivingStatus.DECEASED)
    never = HouseholdFactory(village=county.village_a, head_name="")
    MemberFactory(household=never, name="迁出乙", relation=Relation.SON, living_status=LivingStatus.MOVED_OUT)

    importlib.import_module("households.migrations.0024_head_name_last_head").name_after_last_head(apps, None)

    assert Household.objects.get(pk=blank.pk).head_name == "李老汉"
    assert Household.objects.get(pk=never.pk).head_name == ""
