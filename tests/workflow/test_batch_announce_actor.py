"""批量公告 tells a reader who cannot act the announcement step of the listed cases who does, by the step's role
(selectors_cases.announce_hint, as the printed waiting list says it), never a fixed 乡镇: seed 003 §二2(4)/(5) has
the district's bureau file and announce the township's list (区级备案公告), and such a step names the county."""

import re

import pytest

from accounts.choices import Role
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.models import CaseStep, Step

pytestmark = pytest.mark.django_db

URL = "/workflow/announcement/batch/"


@pytest.fixture
def approved(personas, household_a):
    """张大山 (城南村), approved by the county: waiting at the township's 公告并标识."""
    case = at_approval(personas, household_a, personas.cadre_a)
    return act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def told(page: str) -> str:
    found = re.search(r"<p class=\"notice small\" data-announce-hint>(.*?)</p>", page)
    return found.group(1) if found else ""


def test_the_county_is_told_the_township_announces(personas, login, approved):
    page = login(personas.county_officer).get(URL).content.decode()

    assert "张大山" in page and 'name="case"' not in page
    assert told(page) == "公告环节由乡镇干部办理。您可以查看待公告名单。"


def test_a_step_the_county_acts_is_said_to_be_the_countys(personas, login, approved, monkeypatch):
    """Were the page to list an announcement acted by the county bureau (区级备案公告), the township reading it is
    told the county acts it, by the step's role label, not that the township does."""
    step = CaseStep.objects.get(case=approved, step__kind="announcement").step
    Step.objects.filter(pk=step.pk).update(role=Role.COUNTY_OFFICER)
    monkeypatch.setattr("workflow.selectors_batch_announce.ANNOUNCING_ROLE", Role.COUNTY_OFFICER)

    page = login(personas.township).get(URL).content.decode()

    assert "张大山" in page and 'name="case"' not in page
    assert "由乡镇干部办理" not in page
    assert told(page) == f"公告环节由{Role.COUNTY_OFFICER.label}办理。您可以查看待公告名单。"


def test_the_township_that_acts_it_is_told_nothing_of_the_kind(personas, login, approved):
    page = login(personas.township).get(URL).content.decode()

    assert 'name="case"' in page and "data-announce-hint" not in page
