"""Re-review finding 3: the posted 帮扶措施公示 printed a health measure's responsible person as recorded
(镇卫生院 陈医生), which tells the village what the renamed measure no longer says (DOMAIN.md "Privacy": a posted
notice carries no health detail). The notice prints such a person as 专人负责; the measure page keeps the name."""

import pytest

from assistance.models import MeasureType
from assistance.notice import NOTICE_PERSON
from assistance.services import measures, plans
from households.models import Member
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor_and_relief(personas, monitored_a):
    """李秀英 (患有大病) gets 家庭医生签约服务 from the township clinic's doctor, carried out by the township (no
    county department), the household 临时救助 with its own responsible person."""
    wife = Member.objects.get(household=monitored_a, name="李秀英")
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    common = {"actor": personas.township, "plan": plan, "starts_on": today(), "confirm_unusual": True}
    doctor = measures.measure_add(
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=wife,
        responsible_department="township_village",
        responsible_unit="城南镇",
        responsible_person="镇卫生院 陈医生",
        **common,
    )
    relief = measures.measure_add(
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        responsible_person="民政所 周干事",
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        **common,
    )
    return doctor, relief


def test_the_notice_prints_a_health_measures_person_neutrally(personas, login, county, doctor_and_relief):
    page = login(personas.cadre_a).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    table = page.split("<tbody>", 1)[1].split("data-notice-tail", 1)[0]

    assert "陈医生" not in table and "卫生院" not in table
    assert f"<td>{NOTICE_PERSON}</td>" in table
    assert "<td>民政所 周干事</td>" in table  # a measure that says nothing of health keeps its person


def test_the_measure_page_keeps_the_person(personas, login, doctor_and_relief):
    doctor, _ = doctor_and_relief
    page = login(personas.township).get(f"/assistance/measures/{doctor.pk}/").content.decode()
    assert "镇卫生院 陈医生" in page
