"""The review meeting's check before its confirmation page asks each case what recording it will ask (case_act's
rules through services.outcome_rules.act_refusals): a household whose inclusion may not pass (no signed consent on
file) is refused on the form, by name, with the way to record the consent, never after 确认提交."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.choices import HouseholdType, MonitoringCategory, Relation
from households.services import registry
from tests.households.conftest import member_row
from tests.workflow.helpers import household_checked
from tests.workflow.test_meeting_confirm import meeting_post, pdf, url
from tests.workflow.test_meetings import ATTENDEES, api_meeting, open_case, review_step
from workflow.choices import CaseKind, CaseStepStatus, Channel
from workflow.models import VillageMeeting
from workflow.services.cases import case_open
from workflow.services.meetings import ReviewInput, meeting_validate

pytestmark = pytest.mark.django_db

REFUSED = "张大山户：该户没有在档的《农户承诺和授权查询书》"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def cases(personas, household_a):
    """张大山's inclusion, opened without the family's signed consent; 刘小河's with it."""
    unsigned = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    household_checked(actor=personas.cadre_a, case=unsigned)  # visited: what it lacks is the consent
    rows = [member_row("刘小河", Relation.HEAD, dt.date(1972, 4, 9), 33)]
    second = registry.household_create(
        actor=personas.cadre_a, village=household_a.village, members=rows, household_type=HouseholdType.ORDINARY
    )
    return [unsigned, open_case(personas.cadre_a, second)]


def test_a_passing_vote_without_consent_is_refused_on_the_form_by_name(personas, login, county, cases):
    unsigned, _ = cases
    response = login(personas.cadre_a).post(url(county), meeting_post(cases, minutes=pdf()))

    page = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in page and "请先在农户档案中登记并上传扫描件" in page
    assert f'href="/households/{unsigned.household_id}/consent/new/"' in page  # what to do, in a new tab
    assert 'name="confirmed"' not in page and "确认民主评议会议" not in page
    assert VillageMeeting.objects.count() == 0 and review_step(unsigned).status == CaseStepStatus.OPEN


def test_a_refusing_vote_needs_no_consent_and_reaches_the_confirmation(personas, login, county, cases):
    unsigned, _ = cases
    post = meeting_post(cases, minutes=pdf(), **{f"for_{unsigned.pk}": 2, f"against_{unsigned.pk}": 7})

    page = login(personas.cadre_a).post(url(county), post).content.decode()

    assert 'name="confirmed"' in page and REFUSED not in page


def test_the_service_check_and_the_record_refuse_alike(personas, county, cases):
    unsigned, second = cases
    kwargs = {
        "actor": personas.cadre_a,
        "village": county.village_a,
        "held_on": timezone.localdate(),
        "place": "城南村村委会会议室",
        "attendees": ATTENDEES,
        "reviews": [ReviewInput(unsigned.pk, 9, 1, 0), ReviewInput(second.pk, 9, 1, 0)],
        "minutes": pdf(),
    }
    with pytest.raises(ValidationError) as error:
        meeting_validate(**kwargs)
    refusals = error.value.message_dict
    assert refusals[f"case_{unsigned.pk}"][0].startswith(REFUSED) and f"case_{second.pk}" not in refusals


def test_the_api_refuses_the_case_by_name_and_records_nothing(personas, login, county, cases):
    unsigned, second = cases
    reviews = [
        {"case": unsigned.pk, "votes_for": 9, "votes_against": 1, "votes_abstain": 0},
        {"case": second.pk, "votes_for": 2, "votes_against": 9, "votes_abstain": 0},
    ]
    body = {**api_meeting(county, json.dumps(reviews)), "minutes": pdf()}

    response = login(personas.cadre_a).post("/api/v1/meetings/", body)

    assert response.status_code == 400, response.content.decode()
    assert response.json()["reviews"]["0"]["non_field_errors"][0].startswith(REFUSED)
    assert "1" not in response.json()["reviews"]
    assert VillageMeeting.objects.count() == 0 and review_step(second).status == CaseStepStatus.OPEN
