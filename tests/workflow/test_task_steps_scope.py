"""我的任务 follows the procedures of the user's own county: its 待办环节 filter, the API's ?step= and the batch
buttons offer the steps of the county's procedures (active, or stopped with open cases in the user's scope), never
those of another county's procedure, stopped with its open cases running on there or active."""

import datetime as dt
from types import SimpleNamespace

import pytest

from accounts.choices import Role
from households.choices import HouseholdType, RegionLevel, Relation
from households.services import registry
from tests.factories import UserFactory, region
from tests.households.conftest import member_row
from tests.workflow.batch_helpers import open_case
from tests.workflow.test_task_list import step_options
from workflow.models import Procedure

pytestmark = pytest.mark.django_db


def hebei(username_prefix: str = "laiyuan"):
    """涞源县 (Hebei) on the same install, with a township officer and a village cadre."""
    county = region("130630000000", "涞源县", RegionLevel.COUNTY)
    township = region("130630100000", "涞源镇", RegionLevel.TOWNSHIP, county)
    village = region("130630100201", "东关村", RegionLevel.VILLAGE, township)

    def user(name, role, scope):
        return UserFactory(
            username=f"{username_prefix}_{name}", role=role, region_path=scope.path, region_name=scope.name
        )

    return SimpleNamespace(
        village=village,
        cadre=user("cadre", Role.VILLAGE_CADRE, village),
        township=user("township", Role.TOWNSHIP_OFFICER, township),
    )


@pytest.fixture
def laiyuan_stopped(db):
    """涞源县's identification procedure stopped with a case still open under it there."""
    laiyuan = hebei()
    rows = [member_row("赵山", Relation.HEAD, dt.date(1970, 3, 12), 51)]
    household = registry.household_create(
        actor=laiyuan.cadre, village=laiyuan.village, members=rows, household_type=HouseholdType.ORDINARY
    )
    case = open_case(laiyuan.cadre, household)
    assert case.procedure.code == "laiyuan_identification"
    Procedure.objects.filter(code="laiyuan_identification").update(is_active=False)
    return laiyuan


def test_a_township_is_offered_no_step_of_another_countys_stopped_procedure(personas, login, laiyuan_stopped):
    client = login(personas.township)

    options = step_options(client.get("/workflow/").content.decode())
    assert "乡镇汇总初审" in options and "乡镇审核" in options  # its own county's
    assert "乡镇核查初审" not in options  # 涞源县's, stopped, with a case open in Hebei

    # The API's ?step= takes the same steps and names them when refusing another.
    assert client.get("/api/v1/cases/", {"mine": "yes", "step": "township_preliminary"}).status_code == 200
    refused = client.get("/api/v1/cases/", {"mine": "yes", "step": "township_check"})
    assert refused.status_code == 400
    message = str(refused.json())
    assert "township_preliminary（乡镇汇总初审）" in message
    assert "乡镇核查初审" not in message and "乡党委政府审核" not in message  # 涞源县's; 桃沟乡's, not in use here


def test_another_countys_township_gets_no_step_or_button_of_this_countys_stopped_procedure(
    personas, login, household_a
):
    open_case(personas.cadre_a, household_a)  # Yongxiu's, at 村级评议
    Procedure.objects.filter(code="yongxiu_identification").update(is_active=False)
    laiyuan = hebei()
    client = login(laiyuan.township)

    page = client.get("/workflow/").content.decode()

    options = step_options(page)
    assert "乡镇核查初审" in options  # its own 涞源县 procedure's
    assert "公告并标识" not in options and "乡镇汇总初审" not in options  # 永修县's
    # 涞源县's procedures announce nothing (001 §三): no 批量公告 for its township, whatever 永修县 runs.
    assert "批量公告" not in page
    assert "乡镇批量审核" in page  # its own 乡镇核查初审
