"""Review finding (exit side 2): once its 公告 step was done, a household approved on its own (not through 批量审批)
had no way to print its notice again: the print page reprinted only with ?batch=, and without it said 当前没有待公告…
under a 纳入公告 heading whatever the kind. The case page now offers its household's notice again (?case=), of the
right kind, dated as it was posted (seed 003 §二2(5), 000 §三(三)8: the exit is announced)."""

import datetime as dt
import re

import pytest

from households.choices import LabourCapacity
from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act, act_after_publicity
from tests.workflow.test_exit_presets import open_exit as open_area_exit
from tests.workflow.test_exit_presets import run, taogou  # noqa: F401 (a fixture)
from tests.workflow.test_exit_rules import at
from workflow.choices import CaseStatus, Outcome
from workflow.models import Batch

pytestmark = pytest.mark.django_db

REPRINT_INCLUSION = "重新打印本户纳入公告"
REPRINT_EXIT = "重新打印本户风险消除公告"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def decided_days_ago(case, days: int = 5) -> None:
    """The 批复 dated some days back (its one-case batch's), so that the notice could be posted before today."""
    Batch.objects.filter(items__case=case).update(decided_on=today() - dt.timedelta(days=days))


def announce(client, case, posted: dt.date) -> None:
    """The township passes the announcement on the case's own page, with the day it was posted."""
    response = client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "announcement-step_code": "announcement",
            "announcement-outcome": "pass",
            "announcement-announced_on": posted.isoformat(),
            "announcement-note": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


@pytest.fixture
def inclusion(personas, household_a):
    """张大山's inclusion, approved on its own page (no batch approval)."""
    case = at_approval(personas, household_a, personas.cadre_a)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    decided_days_ago(case)
    return case


@pytest.fixture
def exit_case(personas, inclusion):
    """张大山's inclusion announced, then his exit approved on its own page, waiting for 公告并标注风险消除."""
    act(actor=personas.township, case=inclusion, step_code="announcement", outcome=Outcome.PASS)
    Household.objects.filter(pk=inclusion.household_id).update(labour_capacity=LabourCapacity.HAS_LABOUR)
    case = at(personas, inclusion.household, "county_approval")
    case = act_after_publicity(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕21号",  # a 批复 of its own, not the inclusion's
    )
    decided_days_ago(case, days=3)
    return case


def reprint_url(case_page: str, label: str) -> str:
    link = case_page.split(label)[0].rsplit("<a ", 1)[1]
    return re.search(r'href="([^"]+)"', link).group(1).replace("&amp;", "&")


def test_an_announced_exit_approved_on_its_own_is_reprinted_from_its_page(personas, login, county, exit_case):
    client = login(personas.township)
    posted = today() - dt.timedelta(days=2)
    announce(client, exit_case, posted)

    case_page = client.get(f"/workflow/cases/{exit_case.pk}/").content.decode()
    assert REPRINT_EXIT in case_page and REPRINT_INCLUSION not in case_page
    url = reprint_url(case_page, REPRINT_EXIT)
    assert url == f"/workflow/announcement/{county.village_a.code}/print/?case={exit_case.pk}"

    page = text(client.get(url))
    assert "涂埠镇城南村防止返贫动态监测对象风险消除公告" in page
    assert "风险消除名单" in page and "纳入监测名单" not in page and "张大山" in page
    assert "当前没有待公告" not in page and "纳入公告" not in page
    signed = page.split("（盖章）")[-1]
    assert cn_date(posted) in signed and cn_date(today()) not in signed  # dated as it was posted


def test_an_announced_inclusion_is_reprinted_as_an_inclusion(personas, login, county, inclusion):
    client = login(personas.township)
    posted = today() - dt.timedelta(days=1)
    announce(client, inclusion, posted)

    url = reprint_url(client.get(f"/workflow/cases/{inclusion.pk}/").content.decode(), REPRINT_INCLUSION)
    page = text(login(personas.cadre_a).get(url))  # the village prints it too

    assert "涂埠镇城南村防止返贫动态监测对象纳入公告" in page and "张大山" in page
    assert "风险消除名单" not in page and cn_date(posted) in page.split("（盖章）")[-1]


def test_the_village_list_after_the_announcement_names_no_kind_and_says_where_to_reprint(
    personas, login, county, inclusion
):
    client = login(personas.township)
    announce(client, inclusion, today())

    page = text(client.get(f"/workflow/announcement/{county.village_a.code}/print/"))

    assert "涂埠镇城南村防止返贫动态监测对象公告" in page and "纳入公告" not in page
    assert "城南村当前没有待公告的经县级批准纳入或风险消除的农户。" in page
    assert "可在其案件页面的公告环节重新打印本户公告" in page


def test_a_case_is_reprinted_only_in_its_own_place_within_scope_and_once_approved(
    personas, login, county, inclusion, household_b
):
    url = f"/workflow/announcement/{{code}}/print/?case={inclusion.pk}"
    # Another village's cadre, and another village's list the township may see: not there.
    assert login(personas.cadre_b).get(url.format(code=county.village_a.code)).status_code == 404
    assert login(personas.township).get(url.format(code=county.village_b.code)).status_code == 404
    assert login(personas.township).get(url.format(code=county.village_a.code) + "x").status_code == 404
    # A case not yet approved has no notice.
    open_one = at_approval(personas, household_b, personas.cadre_b)
    page = login(personas.township).get(f"/workflow/announcement/{county.village_b.code}/print/?case={open_one.pk}")
    assert page.status_code == 404
    # Nor is a reprint offered before the announcement is done.
    case_page = login(personas.township).get(f"/workflow/cases/{inclusion.pk}/").content.decode()
    assert REPRINT_INCLUSION not in case_page


def test_a_district_filed_exit_with_no_batch_is_reprinted_too(taogou, login):  # noqa: F811
    case = run(
        open_area_exit(taogou),
        [
            (taogou.cadre, "village_review"),
            (taogou.cadre, "village_publicity"),
            (taogou.township, "township_review"),
            (taogou.county_officer, "district_filing"),
        ],
    )
    assert case.status == CaseStatus.APPROVED
    client = login(taogou.county_officer)

    url = reprint_url(client.get(f"/workflow/cases/{case.pk}/").content.decode(), REPRINT_EXIT)
    page = text(client.get(url))

    assert "风险消除名单" in page and "赵山" in page and "批复文号" not in page
