"""数据逻辑校验, the reviewer's findings: members outside basic medical insurance, a mildly disabled child out of
school, the 乡镇 filter (page, export, API; an invalid code said, not widened), and the way back to the findings
after a correction."""

import datetime as dt
from urllib.parse import quote

import pytest

from config.next_url import safe_next
from households.choices import Health, HouseholdType, LivingStatus, MonitoringCategory, Relation, StudentStage
from households.data_checks import BY_CODE, check_findings, years_before
from households.models import Member
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


def born(age: int) -> dt.date:
    return years_before(today(), age) - dt.timedelta(days=30)


def found(actor, code: str) -> set[str]:
    return {m.name for m in check_findings(actor=actor, check=BY_CODE[code], today=today())}


@pytest.fixture
def registry(county):
    lifted = HouseholdFactory(village=county.village_a, head_name="脱贫甲", household_type=HouseholdType.LIFTED_OUT)
    MemberFactory(household=lifted, name="脱贫甲", birth_date=born(45), medical_insurance=False)
    MemberFactory(household=lifted, name="已故未参保", relation=Relation.FATHER, birth_date=born(80),
                  medical_insurance=False, living_status=LivingStatus.DECEASED)  # fmt: skip
    MemberFactory(household=lifted, name="轻度残疾", relation=Relation.SON, birth_date=born(10),
                  student_stage=StudentStage.NONE, health=Health.DISABLED, disability_grade="3")  # fmt: skip
    MemberFactory(household=lifted, name="重度残疾", relation=Relation.DAUGHTER, birth_date=born(11),
                  student_stage=StudentStage.NONE, health=Health.DISABLED, disability_grade="2")  # fmt: skip
    monitored = HouseholdFactory(
        village=county.village_c, head_name="监测乙", monitoring_category=MonitoringCategory.MARGINAL
    )
    MemberFactory(household=monitored, name="监测乙", birth_date=born(40), medical_insurance=False)
    ordinary = HouseholdFactory(village=county.village_a, head_name="一般户")
    MemberFactory(household=ordinary, name="一般户", birth_date=born(40), medical_insurance=False)
    return lifted


def test_living_members_of_lifted_out_and_monitored_households_outside_medical_insurance_are_errors(
    registry, personas, login
):
    assert found(personas.county_officer, "uninsured") == {"脱贫甲", "监测乙"}  # not the deceased, not 一般户
    check = BY_CODE["uninsured"]
    assert check.label == "成员未参加基本医疗保险" and check.kind_label == "逻辑错误"
    assert "动员参保" in check.fix and "更正成员信息" in check.fix
    page = login(personas.cadre_a).get("/households/checks/uninsured/").content.decode()
    assert "脱贫甲" in page and "未参加基本医疗保险（城乡居民医保、职工医保均未参加）；户记载基本医疗有保障" in page
    api = login(personas.county_officer).get("/api/v1/data-checks/").json()
    assert {c["code"]: c["count"] for c in api}["uninsured"] == 2


def test_a_mildly_disabled_child_out_of_school_is_listed_a_severely_disabled_one_is_not(registry, personas):
    assert found(personas.county_officer, "not_enrolled") == {"轻度残疾"}


def test_the_pages_narrow_to_a_township_and_say_an_invalid_filter(registry, personas, county, login):
    client = login(personas.county_officer)
    in_first = client.get(f"/households/checks/uninsured/?township={county.township.code}").content.decode()
    assert "脱贫甲" in in_first and "监测乙" not in in_first
    index = client.get(f"/households/checks/?township={county.township2.code}").content.decode()
    assert f'name="region" value="{county.township2.code}"' in index  # 导出问题清单 of that township
    assert f"?township={county.township2.code}" in index  # the links to the findings keep it

    bad = client.get("/households/checks/uninsured/?village=999999999999").content.decode()
    assert "“999999999999”不是您管辖范围内的村" in bad and "筛选条件有误，未列出问题" in bad
    assert "脱贫甲" not in bad and "监测乙" not in bad
    outside = client.get(
        f"/households/checks/uninsured/?township={county.township.code}&village={county.village_c.code}"
    ).content.decode()
    assert "所选村不属于所选乡镇" in outside and "脱贫甲" not in outside
    out_of_scope = login(personas.cadre_a).get(f"/households/checks/?village={county.village_c.code}")
    assert "不是您管辖范围内的村" in out_of_scope.content.decode()


def test_the_api_filters_by_township_and_refuses_a_code_outside(registry, personas, county, login):
    client = login(personas.county_officer)
    rows = client.get(f"/api/v1/data-checks/uninsured/findings/?township={county.township2.code}").json()
    assert [r["member_name"] for r in rows["results"]] == ["监测乙"]
    refused = client.get(f"/api/v1/data-checks/?township={county.village_a.code}")
    assert refused.status_code == 400 and "township" in refused.json()
    mixed = client.get(f"/api/v1/data-checks/?township={county.township.code}&village={county.village_c.code}")
    assert mixed.status_code == 400 and "village" in mixed.json()


def test_the_comparison_list_gives_the_heads_id_number_masked_for_officials(registry, personas, login):
    head = Member.objects.get(name="监测乙").id_number
    rows = login(personas.county_officer).get("/api/v1/data-checks/no_safety_net/findings/").json()["results"]
    assert next(r for r in rows if r["head_name"] == "监测乙")["id_number"] == head
    rows = login(personas.official).get("/api/v1/data-checks/no_safety_net/findings/").json()["results"]
    assert next(r for r in rows if r["head_name"] == "监测乙")["id_number"] == head[:4] + "*" * 10 + head[-4:]


def test_a_correction_from_the_findings_goes_back_to_them_and_only_on_this_site(registry, personas, county, login):
    client = login(personas.cadre_a)
    back = f"/households/checks/uninsured/?village={county.village_a.code}"
    page = client.get(back).content.decode()
    member = Member.objects.get(name="脱贫甲")
    edit = f"/households/members/{member.pk}/edit/"
    assert f"{edit}?next={quote(back, safe='')}" in page

    form = client.get(f"{edit}?next={back}").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None} | {"medical_insurance": "on"}
    data |= {name: form[name].value() for name in form.fields if name not in data and form[name].value() is not None}
    data["medical_insurance"] = "on"
    saved = client.post(f"{edit}?next={back}", data)
    assert saved.status_code == 302 and saved["Location"] == back
    assert found(personas.county_officer, "uninsured") == {"监测乙"}


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/\\evil.example/x", "javascript:x"])
def test_a_next_off_this_site_is_not_followed(rf, target):
    assert safe_next(rf.get("/households/members/1/edit/", {"next": target})) == ""
    assert safe_next(rf.get("/x/", {"next": "/households/checks/uninsured/?village=1"})).startswith("/households/")


def test_a_township_chosen_narrows_the_village_list_to_its_villages(registry, personas, county, login):
    client = login(personas.county_officer)

    whole = client.get("/households/checks/uninsured/").context["filter_form"]
    narrowed = client.get(f"/households/checks/uninsured/?township={county.township.code}").context["filter_form"]

    def offered(form) -> set[str]:
        return {code for _, options in form.fields["village"].choices[1:] for code, _ in options}

    assert county.village_c.code in offered(whole)
    assert offered(narrowed) == {county.village_a.code, county.village_b.code}
    page = client.get(f"/households/checks/uninsured/?township={county.township.code}").content.decode()
    assert f'value="{county.village_c.code}"' not in page and f'value="{county.village_a.code}"' in page


def test_correcting_an_uninsured_member_opens_more_info_at_the_insurance_box(registry, personas, county, login):
    client = login(personas.cadre_a)
    member = Member.objects.get(name="脱贫甲")
    page = client.get("/households/checks/uninsured/").content.decode()
    link = f"/households/members/{member.pk}/edit/?next="
    assert link in page and "&amp;field=medical_insurance" in page[page.index(link) :]

    edit = client.get(f"/households/members/{member.pk}/edit/?next=/households/checks/&field=medical_insurance")
    html = edit.content.decode()

    assert '<details class="more" open' in html
    box = html[html.index('name="medical_insurance"') - 200 : html.index('name="medical_insurance"') + 200]
    assert "autofocus" in box
    plain = client.get(f"/households/members/{member.pk}/edit/").content.decode()
    assert '<details class="more" open' not in plain and "autofocus" not in plain
