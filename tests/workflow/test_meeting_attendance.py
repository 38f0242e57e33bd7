"""A review meeting that passes a household needs its minutes, as the single-case step does, and the people seed 003
§二2(4) names: "村级评议应召开由村两委成员、驻村工作队成员、村监督委员会成员及部分村民代表参加的会议" (review cadre
finding 4). No supervisory committee refuses a pass; no resident work team (some villages have none) and a count
that differs from the names listed are asked about ("仍要提交")."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.models import PendingUpload
from households.services import registry
from tests.households.conftest import member_row
from tests.workflow.meeting_helpers import hidden_fields
from tests.workflow.test_meetings import ATTENDEES, open_case, review_step
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import VillageMeeting
from workflow.services.cases import MSG_REVIEW_EVIDENCE, case_act
from workflow.services.meetings import ReviewInput, meeting_record
from workflow.services.review_rules import (
    CONFIRM_FIELD,
    MSG_CONFIRM,
    MSG_MINUTES_FOR_PASS,
    MSG_NO_WORK_TEAM,
    MSG_SUPERVISORY_FOR_PASS,
    names_listed,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minutes of the meeting"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def cases(personas, household_a):
    rows = [member_row("高浩春", Relation.HEAD, dt.date(1972, 4, 9), 33)]
    second = registry.household_create(
        actor=personas.cadre_a, village=household_a.village, members=rows, household_type=HouseholdType.ORDINARY
    )
    return [open_case(personas.cadre_a, h) for h in (household_a, second)]


def pdf():
    return SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")


def record(personas, county, reviews, **extra):
    kwargs = {
        "actor": personas.cadre_a,
        "village": county.village_a,
        "held_on": timezone.localdate(),
        "place": "城南村村委会会议室",
        "attendees": ATTENDEES,
        "reviews": reviews,
        "minutes": pdf(),
        **extra,
    }
    return meeting_record(**kwargs)


def test_names_are_counted_whatever_the_separator():
    assert names_listed("王书记、李主任 赵委员,钱委员；孙委员，周队长\u3000吴队员") == 7
    assert names_listed("  ") == 0


def test_the_reviewers_meeting_is_refused_with_every_reason_in_one_round(personas, county, cases):
    """The reproduction: 村两委 3 with one name, no work team, no supervisory committee, 2 representatives, a pass
    4/1/0 and no minutes. It passed the household straight into the publicity."""
    first, _ = cases
    attendees = {
        "committee": (3, "张三"),
        "work_team": (0, ""),
        "supervisory": (0, ""),
        "representative": (2, "甲、乙"),
    }

    with pytest.raises(ValidationError) as error:
        record(personas, county, [ReviewInput(first.pk, 4, 1, 0)], attendees=attendees, minutes=None)

    messages = error.value.message_dict
    assert messages["minutes"] == [MSG_MINUTES_FOR_PASS]
    assert messages["supervisory_count"] == [MSG_SUPERVISORY_FOR_PASS]
    assert messages["work_team_count"] == [MSG_NO_WORK_TEAM]
    assert messages["committee_names"] == ["村两委成员填写 3 人，列出姓名 1 个。请核对人数和姓名。"]
    assert messages[CONFIRM_FIELD] == [MSG_CONFIRM]
    assert VillageMeeting.objects.count() == 0
    assert review_step(first).status == CaseStepStatus.OPEN


def test_a_pass_needs_the_minutes_a_meeting_passing_nobody_does_not(personas, county, cases):
    first, second = cases
    with pytest.raises(ValidationError) as error:
        record(personas, county, [ReviewInput(first.pk, 9, 3, 0)], minutes=None)
    assert error.value.message_dict == {"minutes": [MSG_MINUTES_FOR_PASS]}

    meeting = record(personas, county, [ReviewInput(second.pk, 2, 9, 1)], minutes=None)

    assert not meeting.minutes and review_step(second).outcome == Outcome.REJECT


def test_a_pass_needs_the_supervisory_committee_a_refusal_does_not(personas, county, cases):
    first, second = cases
    attendees = {**ATTENDEES, "supervisory": (0, "")}  # 11 present
    with pytest.raises(ValidationError) as error:
        record(personas, county, [ReviewInput(first.pk, 9, 2, 0)], attendees=attendees)
    assert error.value.message_dict == {"supervisory_count": [MSG_SUPERVISORY_FOR_PASS]}

    record(personas, county, [ReviewInput(second.pk, 3, 8, 0)], attendees=attendees)

    assert review_step(second).outcome == Outcome.REJECT


def test_no_work_team_or_a_count_unlike_the_names_is_recorded_once_confirmed(personas, county, cases):
    first, _ = cases
    attendees = {**ATTENDEES, "work_team": (0, ""), "representative": (5, "冯一、陈二、褚三、卫四")}  # 11 present
    with pytest.raises(ValidationError) as error:
        record(personas, county, [ReviewInput(first.pk, 9, 2, 0)], attendees=attendees)
    assert set(error.value.message_dict) == {"work_team_count", "representative_names", CONFIRM_FIELD}

    meeting = record(personas, county, [ReviewInput(first.pk, 9, 2, 0)], attendees=attendees, confirm_unusual=True)

    assert review_step(first).outcome == Outcome.PASS
    summary = AuditEvent.objects.get(action="workflow.meeting_record", object_id=str(meeting.pk)).summary
    assert "已核实确认：没有驻村工作队成员到会；村民代表填写 5 人，列出姓名 4 个" in summary


def test_a_review_step_passed_by_a_meeting_without_minutes_is_refused_by_the_step_itself(personas, cases):
    """The one rule: case_act asks the meeting for its minutes as it asks a single case for its attachment."""
    first, _ = cases
    with pytest.raises(ValidationError) as error:
        case_act(
            actor=personas.cadre_a,
            case=first,
            step_code="village_review",
            outcome=Outcome.PASS,
            meeting=VillageMeeting(minutes=""),
        )
    assert error.value.message_dict == {"attachment": [MSG_REVIEW_EVIDENCE]}
    assert review_step(first).status == CaseStepStatus.OPEN


def page_post(cases, **extra):
    first, _ = cases
    return {
        "held_on": timezone.localdate().isoformat(),
        "place": "城南村村委会",
        "committee_count": 3,
        "committee_names": "张三",
        "work_team_count": 0,
        "supervisory_count": 0,
        "representative_count": 2,
        "representative_names": "甲、乙",
        f"case_{first.pk}": "on",
        f"for_{first.pk}": 4,
        f"against_{first.pk}": 1,
        f"abstain_{first.pk}": 0,
        **extra,
    }


def test_the_meeting_page_says_what_is_missing_and_asks_before_it_confirms(personas, login, county, cases):
    first, _ = cases
    client = login(personas.cadre_a)
    url = f"/workflow/meetings/{county.village_a.code}/new/"
    assert "仍要提交" not in client.get(url).content.decode()  # asked only once something is unusual

    page = client.post(url, page_post(cases)).content.decode()

    assert 'name="confirmed"' not in page
    for message in (MSG_MINUTES_FOR_PASS, MSG_SUPERVISORY_FOR_PASS, MSG_NO_WORK_TEAM, MSG_CONFIRM):
        assert message in page
    assert "村两委成员填写 3 人，列出姓名 1 个" in page and 'name="confirm_unusual"' in page

    # The supervisory member and the minutes added, the rest confirmed: the confirmation page says what was.
    fixed = page_post(cases, supervisory_count=1, supervisory_names="郑", minutes=pdf(), confirm_unusual="on")
    page = client.post(url, fixed).content.decode()
    assert 'name="confirmed"' in page and "已核实确认（仍要提交）" in page
    assert "没有驻村工作队成员到会" in page and "村两委成员填写 3 人，列出姓名 1 个" in page
    assert client.post(url, hidden_fields(page)).status_code == 302
    meeting = VillageMeeting.objects.get()
    assert meeting.minutes and review_step(first).outcome == Outcome.PASS


def test_the_minutes_chosen_stay_chosen_while_the_cadre_answers_the_question(personas, login, county, cases):
    client = login(personas.cadre_a)
    url = f"/workflow/meetings/{county.village_a.code}/new/"
    page = client.post(url, page_post(cases, supervisory_count=1, supervisory_names="郑", minutes=pdf()))
    page = page.content.decode()
    assert MSG_NO_WORK_TEAM in page and MSG_MINUTES_FOR_PASS not in page
    assert "已选择：<strong>会议记录.pdf</strong>" in page
    token = PendingUpload.objects.get().token

    confirm = page_post(cases, supervisory_count=1, supervisory_names="郑", minutes_token=token, confirm_unusual="on")
    page = client.post(url, confirm).content.decode()

    assert 'name="confirmed"' in page and "<dt>会议记录</dt><dd>会议记录.pdf</dd>" in page
    assert client.post(url, hidden_fields(page)).status_code == 302
    with VillageMeeting.objects.get().minutes.open("rb") as handle:
        assert handle.read() == PDF


def test_the_api_asks_the_same_and_takes_confirm_unusual(personas, login, county, cases):
    first, _ = cases
    client = login(personas.cadre_a)
    body = {
        "village": county.village_a.code,
        "held_on": timezone.localdate().isoformat(),
        "place": "城南村村委会会议室",
        **{f"{prefix}_count": count for prefix, (count, _) in ATTENDEES.items()},
        **{f"{prefix}_names": names for prefix, (_, names) in ATTENDEES.items()},
        "work_team_count": 0,
        "work_team_names": "",
        "reviews": json.dumps([{"case": first.pk, "votes_for": 9, "votes_against": 0, "votes_abstain": 0}]),
    }
    asked = client.post("/api/v1/meetings/", {**body, "minutes": pdf()})
    assert asked.status_code == 400
    assert asked.json() == {"work_team_count": [MSG_NO_WORK_TEAM], CONFIRM_FIELD: [MSG_CONFIRM]}

    done = client.post("/api/v1/meetings/", {**body, "minutes": pdf(), CONFIRM_FIELD: "true"})

    assert done.status_code == 201, done.content.decode()
    assert done.json()["has_minutes"] is True and review_step(first).outcome == Outcome.PASS
