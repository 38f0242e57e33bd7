"""全部案件's search box finds a case by the whole 批复文号 that decided it (selectors.case_filter), and its help text
says so: under the box, where a phone shows it in full (its placeholder is cut off there), and under an empty
result, which told only of names, ID numbers and 户编号."""

import re

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.forms_cases import CASE_SEARCH_HELP
from workflow.services.approval_records import NUMBER_EXAMPLE
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db

URL = "/workflow/cases/"


def help_under_box(page: str) -> str:
    found = re.search(r'<p class="muted small" id="id_q_helptext" data-search-help>(.*?)</p>', page)
    return found.group(1) if found else ""


def test_the_help_under_the_box_says_a_whole_approval_number_finds_a_case(personas, login):
    page = login(personas.township).get(URL).content.decode()

    helped = help_under_box(page)
    assert "批复文号" in helped and NUMBER_EXAMPLE in helped
    assert "姓名" in helped and "身份证号" in helped and "户编号" in helped
    assert 'aria-describedby="id_q_helptext"' in page


def test_an_empty_search_says_what_the_box_matches_including_the_approval_number(personas, login):
    page = login(personas.township).get(URL, {"q": "永农组字〔2026〕99号"}).content.decode()

    told = re.search(r"没有符合条件的案件。(.*?)</li>", page, re.S).group(1)
    words = re.sub(r"<[^>]+>", "", told)
    assert words == f"{CASE_SEARCH_HELP}。" and "完整的批复文号" in words and NUMBER_EXAMPLE in words


def test_my_tasks_says_it_too(personas, login):
    page = login(personas.township).get("/workflow/", {"q": "永农组字〔2026〕99号"}).content.decode()

    told = re.search(r"没有符合条件的待办任务。(.*?)</li>", page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", told) == f"{CASE_SEARCH_HELP}。"


def test_a_number_too_short_is_told_why_not_of_approval_numbers(personas, login):
    page = login(personas.township).get(URL, {"q": "123"}).content.decode()

    assert "data-search-hint" in page and "data-search-number" not in page


def test_the_number_the_help_names_finds_the_case(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number="永农组字〔2026〕31号",
        decided_on=today(),
    )

    page = login(personas.township).get(URL, {"q": "永农组字[2026]31号"}).content.decode()

    assert f'data-case="{case.pk}"' in page and "data-search-hint" not in page
