"""A closed (已注销) household's category is no longer current: its plan page, the plan list and its household page
show 已注销 with the day and the category it had as 原为…, not its former 脱贫不稳定户 badge as if still monitored."""

import datetime as dt

import pytest

from assistance.services import plans
from households.choices import HouseholdType, LivingStatus, MonitoringCategory, Relation
from households.services import registry
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

CURRENT = '<span class="badge badge-warn">脱贫不稳定户</span>'


@pytest.fixture
def closed_household(personas, county):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    household = monitor(household, risks=["unsafe_housing"], category=MonitoringCategory.UNSTABLE_LIFTED_OUT)
    plans.plan_create(actor=personas.township, household=household)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.DECEASED,
        on=today(),
    )
    household_close(actor=personas.township, household=household, reason="all_deceased")
    household.refresh_from_db()
    return household


def test_a_closed_household_reads_closed_with_its_day_where_its_category_showed(closed_household, personas, login):
    client = login(personas.township)
    closed = f'<span class="badge badge-err" data-closed-badge>已注销（{today():%Y-%m-%d}）</span>'
    former = '<span class="small" data-former-category>原为脱贫不稳定户</span>'

    plan_page = client.get(f"/assistance/households/{closed_household.pk}/").content.decode()
    plan_list = client.get("/assistance/").content.decode()
    household_page = client.get(f"/households/{closed_household.pk}/").content.decode()
    claim_page = client.get(f"/assistance/households/{closed_household.pk}/claims/new/").content.decode()

    for page in (plan_page, plan_list, household_page, claim_page):
        assert closed in page and former in page
        assert CURRENT not in page
    assert "原风险（已注销）</dt>" in plan_page and "已注销，不再回访" in plan_page
    assert "原风险（已注销）：唯一住房存在安全问题" in household_page


def test_an_open_household_keeps_its_category_badge(closed_household, personas, login):
    client = login(personas.township)
    head = closed_household.members.get()
    body = {"note": "误将户主标记为已故", "restore_member": head.pk}  # nobody left: restored with the undo
    client.post(f"/households/{closed_household.pk}/reopen/", body)

    plan_page = client.get(f"/assistance/households/{closed_household.pk}/").content.decode()
    household_page = client.get(f"/households/{closed_household.pk}/").content.decode()

    for page in (plan_page, household_page):
        assert CURRENT in page and "data-closed-badge" not in page
