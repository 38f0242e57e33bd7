"""数据逻辑校验: each check on crafted members and households, at its edge ages; scope; counts against findings;
the pages, the fix for a deceased member still on 低保, the API and the ledger."""

import datetime as dt

import pytest

from households.choices import (
    AssistanceStatus,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    Relation,
    StudentStage,
)
from households.data_checks import BY_CODE, check_counts, check_findings, findings_of, years_before
from households.models import HouseholdIncome, Member
from households.services.member_status import member_set_status
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


def born(age: int, days: int = 0) -> dt.date:
    """The birth date of someone `age` years old today, `days` days after that birthday (so still `age`)."""
    return years_before(today(), age) - dt.timedelta(days=days)


def found(actor, code: str) -> set[str]:
    rows = check_findings(actor=actor, check=BY_CODE[code], today=today())
    return {row.name if isinstance(row, Member) else row.head_name for row in rows}


@pytest.fixture
def registry(county):
    """One village-A household whose members each break one rule, and a clean household beside it."""
    home = HouseholdFactory(village=county.village_a, head_name="户主甲", household_type=HouseholdType.LIFTED_OUT)
    HouseholdIncome.objects.create(household=home, region_path=home.region_path, year=today().year - 1)  # enough

    def member(name, age, **fields):
        return MemberFactory(household=home, name=name, relation=Relation.SON, birth_date=born(age), **fields)

    MemberFactory(household=home, name="户主甲", birth_date=born(50), labour_skill=LabourSkill.ORDINARY)
    member("大学生", 20, student_stage=StudentStage.UNDERGRADUATE)  # right
    member("小学超龄", 16, student_stage=StudentStage.PRIMARY)  # primary ends at 15
    member("小学正常", 15, student_stage=StudentStage.PRIMARY)  # the edge: still right
    member("童工劳力", 15, labour_skill=LabourSkill.ORDINARY, student_stage=StudentStage.JUNIOR)
    member("刚满十六", 16, labour_skill=LabourSkill.ORDINARY)  # 16 today: a labourer may be
    member("童工务工", 14, employment_place=EmploymentPlace.IN_COUNTY, employment_months=3,
           student_stage=StudentStage.JUNIOR)  # fmt: skip
    member("有地无月", 30, employment_place=EmploymentPlace.OUT_OF_PROVINCE, employment_months=0)
    member("有月无地", 30, employment_place=EmploymentPlace.NONE, employment_months=5)
    member("学龄前成人", 9, education=Education.PRESCHOOL, student_stage=StudentStage.PRIMARY)
    member("未入学", 10, student_stage=StudentStage.NONE)
    member("残疾在家", 11, student_stage=StudentStage.NONE, health=Health.DISABLED, disability_grade="1")
    member("已故低保", 70, living_status=LivingStatus.DECEASED, assistance_status=AssistanceStatus.DIBAO)

    monitored = HouseholdFactory(
        village=county.village_a, head_name="监测户", monitoring_category=MonitoringCategory.MARGINAL
    )
    MemberFactory(household=monitored, name="监测户", birth_date=born(40))
    HouseholdIncome.objects.create(household=monitored, region_path=monitored.region_path, year=today().year - 2)
    covered = HouseholdFactory(
        village=county.village_a, head_name="低保户", monitoring_category=MonitoringCategory.MARGINAL
    )
    HouseholdIncome.objects.create(household=covered, region_path=covered.region_path, year=today().year)
    MemberFactory(household=covered, name="低保户", birth_date=born(40), assistance_status=AssistanceStatus.DIBAO)
    empty = HouseholdFactory(village=county.village_a, head_name="空户")
    MemberFactory(household=empty, name="空户", birth_date=born(80), living_status=LivingStatus.DECEASED)
    elsewhere = HouseholdFactory(village=county.village_c, head_name="外村户")
    MemberFactory(household=elsewhere, name="外村童工", birth_date=born(12), labour_skill=LabourSkill.WEAK,
                  student_stage=StudentStage.PRIMARY)  # fmt: skip
    return home


def test_each_check_finds_exactly_the_records_that_break_it(registry, personas):
    county = personas.county_officer

    assert found(county, "stage_age") == {"小学超龄"}
    assert found(county, "child_labour") == {"童工劳力", "外村童工"}
    assert found(county, "child_work") == {"童工务工"}
    assert found(county, "work_mismatch") == {"有地无月", "有月无地"}
    assert found(county, "preschool_education") == {"学龄前成人"}
    assert found(county, "gone_on_safety_net") == {"已故低保"}
    assert found(county, "not_enrolled") == {"未入学"}  # the disabled child is left out
    assert found(county, "no_living_member") == {"空户"}
    assert found(county, "income_missing") == {"监测户"}  # 2 years old; 户主甲 has last year's, 低保户 this year's
    assert found(county, "no_safety_net") == {"监测户"}
    monitored = check_findings(actor=county, check=BY_CODE["no_safety_net"], today=today())
    [finding] = findings_of(BY_CODE["no_safety_net"], monitored, today())
    assert finding.detail == f"边缘易致贫户，1人，{today().year - 2}年人均纯收入 0 元"


def test_the_counts_agree_with_the_findings_and_keep_to_the_scope(registry, personas, county):
    counts = {check.code: n for check, n in check_counts(actor=personas.county_officer, today=today())}
    for code, n in counts.items():
        assert n == check_findings(actor=personas.county_officer, check=BY_CODE[code], today=today()).count(), code

    village_c = {c.code: n for c, n in check_counts(actor=personas.county_officer, today=today(),
                                                    region_path=county.village_c.path)}  # fmt: skip
    assert village_c["child_labour"] == 1 and sum(village_c.values()) == 1
    assert found(personas.cadre_a, "child_labour") == {"童工劳力"}
    assert found(personas.cadre_b, "child_labour") == set()


def test_a_member_marked_deceased_stays_on_the_safety_net_and_is_listed_until_it_is_ended(registry, personas):
    """The mark does not end 低保 (民政 pays until told): the check lists the member, whose fix says to tell 民政."""
    on_dibao = MemberFactory(household=registry, name="低保老人", relation=Relation.FATHER, birth_date=born(82),
                             assistance_status=AssistanceStatus.DIBAO)  # fmt: skip

    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=on_dibao, status=LivingStatus.DECEASED, on=today()
    )

    on_dibao.refresh_from_db()
    assert on_dibao.assistance_status == AssistanceStatus.DIBAO
    event = registry.events.filter(member=on_dibao).latest("pk")
    assert not any(c["field"] == "assistance_status" for c in event.changes)
    assert "低保老人" in found(personas.county_officer, "gone_on_safety_net")
    assert "告知民政部门停发" in BY_CODE["gone_on_safety_net"].fix


def test_the_pages_list_the_checks_and_end_a_deceased_members_safety_net(registry, personas, login):
    client = login(personas.cadre_a)

    index = client.get("/households/checks/").content.decode()
    assert "在校学段与年龄不符" in index and "监测户无成员享受低保/特困" in index
    listing = client.get("/households/checks/gone_on_safety_net/").content.decode()
    assert "已故低保" in listing and "停止登记低保/特困" in listing
    assert "数据逻辑问题" in client.get("/").content.decode()

    deceased = Member.objects.get(name="已故低保")
    response = client.post(f"/households/members/{deceased.pk}/safety-net-end/")
    assert response.status_code == 302
    deceased.refresh_from_db()
    assert deceased.assistance_status == AssistanceStatus.NONE
    assert "没有发现该问题" in client.get("/households/checks/gone_on_safety_net/").content.decode()
    assert client.get("/households/checks/nonsense/").status_code == 404
    assert login(personas.cadre_b).post(f"/households/members/{deceased.pk}/safety-net-end/").status_code == 404


def test_the_api_gives_counts_and_findings_with_masked_ids_for_officials(registry, personas, county, login):
    checks = login(personas.county_officer).get("/api/v1/data-checks/").json()
    by_code = {c["code"]: c for c in checks}
    assert by_code["child_labour"]["count"] == 2 and by_code["child_labour"]["kind_display"] == "逻辑错误"
    assert (by_code["child_labour"]["on_display"], by_code["no_living_member"]["on_display"]) == ("成员", "农户")

    in_c = login(personas.county_officer).get(f"/api/v1/data-checks/?village={county.village_c.code}").json()
    assert {c["code"]: c["count"] for c in in_c}["child_labour"] == 1

    findings = login(personas.official).get("/api/v1/data-checks/child_labour/findings/").json()["results"]
    child = next(f for f in findings if f["member_name"] == "童工劳力")
    real = Member.objects.get(name="童工劳力").id_number
    assert child["id_number"] == real[:4] + "*" * 10 + real[-4:] and "15岁" in child["detail"]
    assert login(personas.clerk).get("/api/v1/data-checks/").status_code == 403


def test_the_ledger_lists_every_finding_with_its_fix(registry, personas, login):
    from tests.reports.conftest import download, ledger_table, read_xlsx

    rows = read_xlsx(download(login(personas.county_officer).post("/reports/export/", {"ledger": "data_checks"})))

    header, body = ledger_table(rows)
    assert header[:3] == ["问题类别", "校验项", "乡镇"]
    total = sum(n for _, n in check_counts(actor=personas.county_officer, today=today()))
    assert len(body) == total
    line = next(r for r in body if r[6] == "已故低保")
    assert line[1] == "已故或迁出成员仍登记享受低保/特困" and "民政" in line[9]


GUARANTEE_CHECK = "监测对象因住房/饮水风险纳入，但档案记载住房安全/饮水安全有保障"


def test_a_monitored_household_at_risk_for_housing_or_water_recorded_as_secured_is_found(county, personas, login):
    """Seed 000 §三(一)8–9, §三(二)4–5: a household monitored for an unsafe house (or water) is one whose housing
    (water) is not secured; a record saying 住房安全有保障 = 是 beside it is flagged in every ledger row."""

    def household(head, risk_types, national=(), category=MonitoringCategory.MARGINAL, **fields):
        made = HouseholdFactory(
            village=county.village_a,
            head_name=head,
            monitoring_category=category,
            risk_types=risk_types,
            national_risk_types=list(national),
            **fields,
        )
        MemberFactory(household=made, name=head, birth_date=born(50))
        return made

    household("住房有保障", ["unsafe_housing"], ["housing"])
    household("饮水国家码", ["low_income"], ["drinking_water"])
    household("已改为否", ["unsafe_housing", "unsafe_water"], housing_ok=False, water_ok=False)
    household("未监测", ["unsafe_housing"], category="")
    household("因病", ["medical_cost"], ["illness"])
    county_officer = personas.county_officer

    assert found(county_officer, "risk_guarantee") == {"住房有保障", "饮水国家码"}
    check = BY_CODE["risk_guarantee"]
    assert (check.label, check.kind_label, check.on) == (GUARANTEE_CHECK, "逻辑错误", "household")
    details = {f.household.head_name: f.detail for f in findings_of(
        check, check_findings(actor=county_officer, check=check, today=today()), today())}  # fmt: skip
    assert details == {
        "住房有保障": "风险类型“唯一住房存在安全问题”，但档案记载住房安全有保障",
        "饮水国家码": "风险类型“因安全饮水”，但档案记载饮水安全有保障",
    }
    counts = {c.code: n for c, n in check_counts(actor=county_officer, today=today())}
    assert counts["risk_guarantee"] == 2

    client = login(personas.cadre_a)
    assert GUARANTEE_CHECK in client.get("/households/checks/").content.decode()
    listing = client.get("/households/checks/risk_guarantee/").content.decode()
    assert "住房有保障" in listing and "档案记载饮水安全有保障" in listing and "已改为否" not in listing
    api = login(county_officer).get("/api/v1/data-checks/risk_guarantee/findings/").json()["results"]
    assert len(api) == 2
