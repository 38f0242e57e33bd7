"""The printed publicity notice (公示名单): names and dates, never an ID number, phone or health detail."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from households.choices import Health, MonitoringCategory
from households.models import Household, Member
from tests.workflow.batch_helpers import BEFORE_APPROVAL, new_household, open_case
from tests.workflow.helpers import act_after_publicity, case_act
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicity_case(personas, household_a):
    Household.objects.filter(pk=household_a.pk).update(phone="13907921234")
    Member.objects.filter(household=household_a).update(health=Health.SERIOUS)
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    return case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)


def test_notice_shows_names_and_dates_and_no_id_phone_or_health(personas, login, county, publicity_case):
    url = f"/workflow/publicity/{county.village_a.code}/print/"
    page = login(personas.cadre_a).get(url).content.decode()
    assert "张大山" in page
    assert "纳入" in page and "突发严重困难户" in page
    # The reason is printed without health detail: the medical risk reads as the spending it causes.
    assert "刚性支出较大" in page and "大病重病重残医疗支出大" not in page
    # Not posted yet: the period runs from the posting, a day the paper does not know (no opening day printed).
    today = timezone.localdate()
    assert "自张贴之日起5日" in re.sub(r"<[^>]+>", "", page)
    assert f"{today:%Y}年{today.month}月{today.day}日至" not in re.sub(r"<[^>]+>", "", page)
    assert "城南村村民委员会" in page and "涂埠镇人民政府" in page
    for member in Member.objects.filter(household=publicity_case.household):
        assert member.id_number not in page
    assert "13907921234" not in page
    assert str(Health.SERIOUS.label) not in page
    assert "css/print.css" in page


def test_case_page_links_the_notice_during_publicity(personas, login, county, publicity_case):
    page = login(personas.cadre_a).get(f"/workflow/cases/{publicity_case.pk}/").content.decode()
    assert f"/workflow/publicity/{county.village_a.code}/print/" in page


def test_notice_lists_only_open_publicity(personas, login, county, publicity_case):
    CaseStep.objects.filter(case=publicity_case, step__code="village_publicity").update(
        ends_on=dt.date(2000, 1, 1), posted_on=dt.date(2000, 1, 1)
    )
    case_act(actor=personas.cadre_a, case=publicity_case, step_code="village_publicity", outcome=Outcome.PASS)
    page = login(personas.cadre_a).get(f"/workflow/publicity/{county.village_a.code}/print/").content.decode()
    assert "张大山" not in page


def test_notice_of_another_village_is_404(personas, login, county, publicity_case):
    url = f"/workflow/publicity/{county.village_a.code}/print/"
    assert login(personas.cadre_b).get(url).status_code == 404
    assert login(personas.township).get(url).status_code == 200
    assert login(personas.cadre_a).get("/workflow/publicity/999999999999/print/").status_code == 404


def test_the_township_stage_has_its_own_notice_signed_by_the_township(personas, login, county, publicity_case):
    other = open_case(personas.cadre_a, new_household(personas.cadre_a, county.village_a, "赵二虎", 41))
    actors = {"cadre": personas.cadre_a, "county_officer": personas.county_officer, "township": personas.township}
    for who, code in BEFORE_APPROVAL[:-1]:
        other = act_after_publicity(actor=actors[who], case=other, step_code=code, outcome=Outcome.PASS)
    client = login(personas.township)
    url = f"/workflow/publicity/{county.village_a.code}/print/"

    village_notice = client.get(url).content.decode()
    township_notice = client.get(url + "?stage=township").content.decode()

    assert "张大山" in village_notice and other.household.head_name not in village_notice
    assert "城南村村民委员会（盖章）" in village_notice
    assert other.household.head_name in township_notice and "张大山" not in township_notice
    assert "涂埠镇人民政府（盖章）" in township_notice and "乡镇审核" in township_notice
    case_page = client.get(f"/workflow/cases/{other.pk}/").content.decode()
    assert f"{url}?stage=township" in case_page and "打印本村乡镇审核后公示名单" in case_page
