"""A review meeting submitted again (BACK after 确认提交 on a phone, a double tap, an API client retrying) records once
and says the meeting is saved, never that the minutes file went; a posted case that is no longer a candidate is named
by its household, not by its case number."""

import json
import uuid

import pytest
from django.utils import timezone

from config.api_once import ONCE_HEADER
from households.services.pending_uploads import MSG_GONE
from tests.workflow.meeting_helpers import hidden_fields
from tests.workflow.test_meeting_confirm import cases, media, meeting_post, pdf, url  # noqa: F401 (fixtures)
from tests.workflow.test_meetings import ATTENDEES, api_meeting, minutes_pdf, review_step
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import MeetingReview, VillageMeeting
from workflow.services.meetings import ReviewInput, meeting_record

pytestmark = pytest.mark.django_db

REPEATED = "该民主评议会议已保存（重复提交未再次保存）。"


def page_token(client, county) -> str:
    """The once token the form page carries (config.once), as the browser posts it."""
    page = client.get(url(county)).content.decode()
    marker = 'name="once" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


class TestPageSubmittedAgain:
    def test_back_and_confirm_again_says_saved_with_a_link_and_records_nothing(
        self,
        personas,
        login,
        county,
        cases,  # noqa: F811
        media,  # noqa: F811
    ):
        client = login(personas.cadre_a)
        once = page_token(client, county)
        confirm = client.post(url(county), meeting_post(cases, minutes=pdf(), once=once)).content.decode()
        fields = hidden_fields(confirm)
        assert fields["once"] == once  # the page's token goes on to 确认提交
        assert client.post(url(county), fields).status_code == 302
        meeting = VillageMeeting.objects.get()

        # BACK to the confirmation page, 确认提交 again: the kept minutes went with the first save.
        again = client.post(url(county), fields, follow=True)

        page = again.content.decode()
        assert again.redirect_chain[-1][0] == f"/workflow/meetings/{meeting.pk}/"
        said = messages_of(again)
        assert REPEATED in said and f'href="/workflow/meetings/{meeting.pk}/"' in said
        assert MSG_GONE not in page and "案件 " not in page
        assert VillageMeeting.objects.count() == 1 and MeetingReview.objects.count() == 2
        first, second = cases
        assert review_step(first).outcome == Outcome.PASS and review_step(second).outcome == Outcome.REJECT

    def test_back_to_the_form_and_next_again_says_saved(self, personas, login, county, cases, media):  # noqa: F811
        client = login(personas.cadre_a)
        form_post = meeting_post(cases, once=page_token(client, county))
        confirm = client.post(url(county), {**form_post, "minutes": pdf()}).content.decode()
        client.post(url(county), hidden_fields(confirm))
        meeting = VillageMeeting.objects.get()

        # BACK twice, to the form (its fields and token as posted), and 下一步：确认 again.
        again = client.post(url(county), {**form_post, "minutes": pdf()}, follow=True)

        assert again.redirect_chain[-1][0] == f"/workflow/meetings/{meeting.pk}/"
        assert REPEATED in messages_of(again) and VillageMeeting.objects.count() == 1

    def test_a_case_reviewed_meanwhile_is_named_by_its_household(self, personas, login, county, cases, media):  # noqa: F811
        first, second = cases
        # Another meeting reviewed the first household while this page was open.
        meeting_record(
            actor=personas.cadre_a,
            village=county.village_a,
            held_on=timezone.localdate(),
            place="城南村村委会",
            attendees=ATTENDEES,
            reviews=[ReviewInput(first.pk, 9, 1, 0)],
            minutes=minutes_pdf(),
        )

        page = login(personas.cadre_a).post(url(county), meeting_post(cases)).content.decode()

        assert "张大山户当前不在本村的民主评议环节" in page
        assert "<strong>张大山户</strong>" in page and "已不在本村民主评议环节" in page
        assert f"案件 {first.pk}" not in page
        assert review_step(second).status == CaseStepStatus.OPEN


def rejecting(cases):  # noqa: F811
    first, second = cases
    return [
        {"case": first.pk, "votes_for": 2, "votes_against": 10, "votes_abstain": 0},
        {"case": second.pk, "votes_for": 3, "votes_against": 9, "votes_abstain": 0},
    ]


class TestApiRetried:
    def post(self, client, body, headers=None):
        return client.post("/api/v1/meetings/", body, content_type="application/json", headers=headers or {})

    def test_the_same_meeting_again_is_a_200_with_the_first_meeting(self, personas, login, county, cases):  # noqa: F811
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        first = self.post(client, api_meeting(county, rejecting(cases), once=token))
        assert first.status_code == 201, first.json()

        body = api_meeting(county, rejecting(cases), confirm_unusual=False)  # a default spelt out: the same request
        again = self.post(client, body, headers={ONCE_HEADER: token})

        assert again.status_code == 200, again.json()
        assert again.json()["id"] == first.json()["id"]
        assert VillageMeeting.objects.count() == 1 and MeetingReview.objects.count() == 2

    def test_the_key_sent_with_another_meeting_is_a_409_and_records_nothing(self, personas, login, county, cases):  # noqa: F811
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        assert self.post(client, api_meeting(county, rejecting(cases), once=token)).status_code == 201

        other = self.post(client, api_meeting(county, rejecting(cases)[:1], place="村小学", once=token))

        assert other.status_code == 409, other.json()
        assert other.json()["detail"].startswith("该提交令牌（once 或 Idempotency-Key）已用于另一内容的提交")
        assert list(VillageMeeting.objects.values_list("place", flat=True)) == ["城南村村委会会议室"]

    def test_multipart_with_the_minutes_retried_records_once(self, personas, login, county, cases):  # noqa: F811
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        reviews = json.dumps([{**rejecting(cases)[0], "votes_for": 10, "votes_against": 2}])

        def send():
            body = {**api_meeting(county, reviews), "minutes": minutes_pdf(), "once": token}
            return client.post("/api/v1/meetings/", body)

        assert send().status_code == 201
        again = send()

        assert again.status_code == 200, again.json()
        assert VillageMeeting.objects.count() == 1
