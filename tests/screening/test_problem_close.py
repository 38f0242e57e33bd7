"""销号 (003 §二1 "建立问题、措施、责任、时限‘四项清单’，依单推进，逐项逐条核实销号"): a problem is closed only
with its four lists complete, as for starting rectification, on a day between its recording and today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from households.choices import Relation
from households.services import registry
from households.services.visits import MSG_FILE_TYPE
from screening.choices_campaigns import ProblemStatus
from screening.models import HouseholdProblem
from screening.services import campaign_problems, campaigns
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=5),
    }


def rectification_plan() -> dict:
    return {
        "measure": "纳入危房改造",
        "responsible_person": "李镇长",
        "responsible_unit": "涂埠镇",
        "deadline": today() + dt.timedelta(days=10),
    }


MISSING = campaign_problems.MSG_CLOSE_NEEDS_PLAN.format(missing="责任人、责任单位、整改时限")


@pytest.fixture
def problem(personas, county):
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=[field_phase()],
    )  # fmt: skip
    rows = [member_row("张大山", Relation.HEAD, dt.date(1970, 1, 1), 11)]
    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )
    form = campaigns.form_submit(
        actor=personas.cadre_a,
        campaign=campaign,
        household=household,
        answers={"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂"}},
        confirm_judgement=True,
    )
    problem = form.problems.get()
    # Only the measure: the problem the reviewer closed with 责任人, 责任单位 and 整改时限 all empty.
    campaign_problems.problem_plan(actor=personas.cadre_a, problem=problem, measure="加固墙体")
    return HouseholdProblem.objects.get(pk=problem.pk)


def test_closing_without_the_four_lists_is_refused_naming_what_is_missing(problem, personas):
    with pytest.raises(ValidationError) as refused:
        campaign_problems.problem_close(actor=personas.cadre_a, problem=problem, evidence_text="已修缮")

    assert refused.value.message_dict["__all__"] == [MISSING]
    assert HouseholdProblem.objects.get(pk=problem.pk).status == ProblemStatus.PENDING


def test_the_closing_date_is_neither_before_the_problem_was_recorded_nor_in_the_future(problem, personas):
    campaign_problems.problem_plan(actor=personas.cadre_a, problem=problem, **rectification_plan())
    recorded = timezone.localdate(problem.created_at)

    for closed_on, message in (
        (dt.date(2020, 1, 1), campaign_problems.MSG_CLOSED_BEFORE_CREATED.format(date=recorded.isoformat())),
        (today() + dt.timedelta(days=1), campaign_problems.MSG_CLOSED_FUTURE),
    ):
        with pytest.raises(ValidationError) as refused:
            campaign_problems.problem_close(
                actor=personas.cadre_a, problem=problem, evidence_text="已修缮", closed_on=closed_on
            )
        assert refused.value.message_dict["closed_on"] == [message]

    closed = campaign_problems.problem_close(
        actor=personas.cadre_a, problem=problem, evidence_text="已修缮", closed_on=recorded
    )
    assert (closed.status, closed.closed_on) == (ProblemStatus.RECTIFIED, recorded)


def test_the_page_says_the_four_lists_are_missing_before_and_after_trying(problem, personas, login):
    client = login(personas.cadre_a)
    url = f"/campaigns/problems/{problem.pk}/"

    page = client.get(url).content.decode()
    refused = client.post(f"{url}close/", {"evidence_text": "已修缮", "closed_on": "2020-01-01"}).content.decode()

    assert "四项清单尚未填全（缺责任人、责任单位、整改时限）" in page
    assert MISSING in refused
    assert campaign_problems.MSG_CLOSED_BEFORE_CREATED.format(date=today().isoformat()) in refused
    assert HouseholdProblem.objects.get(pk=problem.pk).status == ProblemStatus.PENDING


def test_the_api_refuses_the_same(problem, personas, login):
    response = login(personas.township).post(
        f"/api/v1/household-problems/{problem.pk}/close/", {"evidence_text": "已修缮", "closed_on": "2020-01-01"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert MISSING in body and "销号日期不能早于问题录入日期" in body


def test_a_file_that_is_not_what_its_name_says_is_refused_as_evidence(problem, personas, login, settings, tmp_path):
    # An HTML page renamed 佐证.pdf was filed as rectification evidence (checked by its extension only), and a
    # 销号 rested on it; every other upload is checked by its first bytes too.
    settings.MEDIA_ROOT = tmp_path
    campaign_problems.problem_plan(actor=personas.cadre_a, problem=problem, **rectification_plan())
    fake = SimpleUploadedFile("佐证.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")

    page = login(personas.cadre_a).post(
        f"/campaigns/problems/{problem.pk}/close/", {"evidence_text": "", "evidence_file": fake}
    )

    assert MSG_FILE_TYPE in page.content.decode()
    refused = HouseholdProblem.objects.get(pk=problem.pk)
    assert refused.status != ProblemStatus.RECTIFIED and not refused.evidence_file
