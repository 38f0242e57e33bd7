"""The go-live import and the region tree the system admin keeps (行政区划): a code of a village retired (撤销) is
refused naming it, and a code of the county not yet in the tree tells who adds it, where it sent the county to an
import of regions nobody could run in the app."""

import datetime as dt

import pytest

from households.choices import RegionLevel
from households.models import Household
from households.registry_import.rows import MSG_CODE_RETIRED, MSG_CODE_UNKNOWN
from tests.factories import region
from tests.households.test_registry_import import VILLAGE_B, csv_upload, error_sheet, hn, member, pid, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_retired_village_is_refused_by_name_and_an_unknown_code_says_who_adds_it(personas, county):
    retired = region("360425100209", "撤并村", RegionLevel.VILLAGE, county.township)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    rows = [
        member(hn("R1"), VILLAGE_B, "是", "张大山", pid(dt.date(1966, 4, 2), 11), "户主"),
        member(hn("R2", "360425100209"), "360425100209", "是", "王五", pid(dt.date(1970, 2, 2), 41), "户主"),
        member(hn("R3", "360425100299"), "360425100299", "是", "赵一", pid(dt.date(1971, 2, 2), 51), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    assert Household.objects.filter(number=hn("R1")).exists()
    assert not Household.objects.filter(village__code="360425100209").exists()
    _, reasons = error_sheet(record)
    assert reasons[4] == "村代码：" + MSG_CODE_RETIRED.format(code="360425100209", name="撤并村")
    assert reasons[5] == "村代码：" + MSG_CODE_UNKNOWN.format(code="360425100299")
    assert "系统管理员" in reasons[5] and "行政区划" in reasons[5]
