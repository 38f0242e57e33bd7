"""A department clerk sees whom a member's measure is for (一人一措施): the member's name, relation to the head, age
and the ID number masked (the clerk keeps no registry: households.privacy), on the 部门帮扶任务 list, the measure's
登记实施情况 page and the department API; never the full number, the birth date beside it, the phone or the
member's health; and only for their own department's measures."""

import datetime as dt

import pytest

from accounts.choices import Department
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import plans
from households.choices import LivingStatus
from households.idnumber import mask
from households.models import Member
from households.services.members import age_on
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/assistance/department/"
API = "/api/v1/assistance/department-measures/"


def put(plan, code, responsible, member=None):
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        member=member,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_department=responsible,
        responsible_unit="县直单位",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=3),
        status=MeasureStatus.PLANNED,
        created_by=plan.created_by,
    )


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


@pytest.fixture
def spouse(monitored_a):
    return monitored_a.members.get(name="李秀英")


@pytest.fixture
def doctor(plan, spouse):
    """The 卫健 clerk's (personas.clerk) measure for the seriously ill spouse."""
    return put(plan, "family_doctor", Department.HEALTH, member=spouse)


def _age(member):
    return age_on(member.birth_date, today())


def _no_secrets(text, member):
    for secret in (member.id_number, f"{member.birth_date:%Y-%m-%d}", "13800001111", "大病", "健康状况"):
        assert secret not in text, secret


def test_the_list_names_the_member_with_relation_age_and_the_masked_id(login, personas, doctor, spouse):
    page = login(personas.clerk).get(LIST).content.decode()

    assert "家庭医生签约服务" in page and "张大山户" in page
    assert f"落实到 <strong>李秀英</strong>（配偶，{_age(spouse)}岁）" in page
    assert f"身份证号 {mask(spouse.id_number)}" in page
    assert "{#" not in page  # no template comment shows
    _no_secrets(page, spouse)


def test_a_measure_for_the_whole_household_says_so(login, personas, plan):
    put(plan, "family_doctor", Department.HEALTH)

    page = login(personas.clerk).get(LIST).content.decode()

    assert "落实到全户" in page and "李秀英" not in page


def test_the_clerk_finds_a_measure_by_the_members_name(login, personas, doctor):
    client = login(personas.clerk)

    assert "家庭医生签约服务" in client.get(LIST, {"q": "李秀英"}).content.decode()
    assert "家庭医生签约服务" in client.get(LIST, {"q": "张大山"}).content.decode()
    assert "没有符合条件的帮扶措施" in client.get(LIST, {"q": "王五"}).content.decode()


def test_the_measure_page_names_the_member_and_the_success_message_too(login, personas, doctor, spouse):
    client = login(personas.clerk)
    page = client.get(f"{LIST}{doctor.pk}/").content.decode()

    assert "<dt>落实到成员</dt>" in page and "<strong>李秀英</strong>（配偶）" in page
    assert f"<dd>{_age(spouse)}岁</dd>" in page and f"<dd>{mask(spouse.id_number)}</dd>" in page
    _no_secrets(page, spouse)

    done = client.post(f"{LIST}{doctor.pk}/", {"progress-starts_on": doctor.starts_on, "progress-note": "已签约"})
    shown = client.get(done["Location"]).content.decode()
    assert "已登记实施情况：张大山户 李秀英 家庭医生签约服务。" in shown


def test_a_deceased_member_is_marked(login, personas, doctor, spouse):
    Member.objects.filter(pk=spouse.pk).update(living_status=LivingStatus.DECEASED)

    page = login(personas.clerk).get(f"{LIST}{doctor.pk}/").content.decode()

    assert '<span class="badge badge-warn">已故</span>' in page


def test_the_api_gives_the_member_masked_on_list_detail_and_actions(login, personas, plan, doctor, spouse):
    whole = put(plan, "family_doctor", Department.HEALTH)
    client = login(personas.clerk)
    expected = {
        "name": "李秀英",
        "relation": "spouse",
        "relation_display": "配偶",
        "age": _age(spouse),
        "id_number": mask(spouse.id_number),
        "living_status": "living",
        "living_status_display": "在世",
    }

    rows = {row["id"]: row for row in client.get(API).json()["results"]}
    assert rows[doctor.pk]["member"] == expected and rows[whole.pk]["member"] is None
    assert client.get(f"{API}{doctor.pk}/").json()["member"] == expected
    started = client.post(f"{API}{doctor.pk}/progress/", {"note": "已签约"}, content_type="application/json")
    assert started.status_code == 200, started.content
    assert started.json()["member"] == expected
    _no_secrets(client.get(API).content.decode(), spouse)


def test_another_departments_measure_for_the_member_stays_out_of_reach(login, personas, county, plan, spouse):
    insured = put(plan, "medical_insurance_subsidy", Department.MEDICAL_INSURANCE, member=spouse)
    health = login(personas.clerk)

    assert "城乡居民医保参保资助" not in health.get(LIST).content.decode()
    assert health.get(f"{LIST}{insured.pk}/").status_code == 404
    assert health.get(f"{API}{insured.pk}/").status_code == 404
    assert health.get(API).json()["results"] == []

    medical = UserFactory(
        username="yibao_clerk", role="department_clerk", region_path=county.county.path, department="medical_insurance"
    )
    client = login(medical)
    page = client.get(LIST).content.decode()
    assert "城乡居民医保参保资助" in page and "落实到 <strong>李秀英</strong>" in page
    assert [row["member"]["name"] for row in client.get(API).json()["results"]] == ["李秀英"]
