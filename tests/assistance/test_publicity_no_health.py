"""Review finding: the posted 帮扶措施公示 printed 家庭医生签约服务, 残疾人两项补贴 and 大病专项救助（医疗救助）
beside the head's name, which tells the village that someone in the family is ill or disabled (these go only to an
ill or disabled member, assistance.fit). The notice prints them under their category's name, with the county
department as 县有关部门; the measure pages keep the real name."""

import pytest

from assistance.models import MeasureType
from assistance.notice import NOTICE_DEPARTMENT_UNIT
from assistance.services import measures, plans
from households.models import Member
from tests.clock import today

pytestmark = pytest.mark.django_db

HEALTH_MEASURES = ("family_doctor", "serious_illness_relief", "disability_subsidy")


@pytest.fixture
def ill_measures(personas, monitored_a):
    """李秀英 (患有大病, also recorded disabled for 残疾人两项补贴) gets the three health measures; the household gets
    临时救助 and 医保参保资助 goes to her too, as to everyone monitored."""
    wife = Member.objects.get(household=monitored_a, name="李秀英")
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    added = []
    for code in (*HEALTH_MEASURES, "medical_insurance_subsidy", "temporary_relief"):
        if code == "disability_subsidy":
            Member.objects.filter(pk=wife.pk).update(
                health="disabled", disability_grade="2", disability_type="肢体残疾"
            )
            wife.refresh_from_db()
        for_member = MeasureType.objects.get(code=code).for_member
        added.append(
            measures.measure_add(
                actor=personas.township,
                plan=plan,
                measure_type=MeasureType.objects.get(code=code),
                member=wife if for_member else None,
                starts_on=today(),
                responsible_person="李镇长",
                confirm_mismatch=True,
                mismatch_reason="村两委研究确定",
                confirm_unusual=True,
            )
        )
    return added


def notice(login, user, county) -> str:
    return login(user).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()


def test_the_posted_notice_names_no_measure_that_tells_of_illness_or_disability(personas, login, county, ill_measures):
    page = notice(login, personas.cadre_a, county)
    table = page.split("<tbody>", 1)[1].split("data-notice-tail", 1)[0]

    for name in ("家庭医生", "残疾", "大病", "医疗救助", "卫生健康", "李秀英"):
        assert name not in table, name
    assert table.count("<td>综合保障</td>") == 3 and table.count(f"<td>{NOTICE_DEPARTMENT_UNIT}</td>") == 3
    # Measures that say nothing of the person keep their names and units.
    assert "城乡居民医保参保资助" in table and "医疗保障局" in table
    assert "临时救助" in table and "民政局" in table


def test_the_measure_pages_keep_the_real_names(personas, login, ill_measures):
    doctor = ill_measures[0]

    page = login(personas.township).get(f"/assistance/measures/{doctor.pk}/").content.decode()

    assert "家庭医生签约服务" in page
