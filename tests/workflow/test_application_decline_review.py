"""A village's decline of a self-application rests on the 村两委 review (seed 003 §二(4): 经村民小组评议后，由村两委
进行核实和评议; seed 000 §三(三)2), and the township reads it: before, one cadre declined alone and nobody saw it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.tiles import tiles_for
from config.errors import ApplicationError
from tests.clock import today
from tests.workflow.applications_helpers import field_errors
from tests.workflow.test_applications_village import REVIEW_OPINION, apply, decline, visit_post
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application
from workflow.services import application_decline_review as review
from workflow.services import applications as services

pytestmark = pytest.mark.django_db

TAB = "村级不予纳入待阅"


def _tile(user):
    return next((tile for tile in tiles_for(user) if tile["key"] == "applications_declined"), None)


def test_a_decline_needs_the_committee_review_date_and_opinion(personas, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))

    with pytest.raises(ValidationError) as missing:
        decline(personas.cadre_a, application, "收入稳定。", review_on=None, review_opinion=" ")
    with pytest.raises(ValidationError) as future:
        decline(personas.cadre_a, application, "收入稳定。", review_on=today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as early:
        decline(personas.cadre_a, application, "收入稳定。", review_on=today() - dt.timedelta(days=1))

    assert missing.value.message_dict == {
        "review_on": [review.MSG_REVIEW_DATE_REQUIRED],
        "review_opinion": [review.MSG_REVIEW_OPINION_REQUIRED],
    }
    assert future.value.message_dict == {"review_on": [review.MSG_REVIEW_FUTURE]}
    assert future.value.message_dict != early.value.message_dict
    assert "不能早于申报提交日期" in early.value.message_dict["review_on"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFYING

    done = decline(personas.cadre_a, application, "收入稳定。")

    assert (done.status, done.review_on, done.review_opinion) == (ApplicationStatus.DECLINED, today(), REVIEW_OPINION)
    assert done.township_read_at is None
    event = AuditEvent.objects.get(action="workflow.application_decline")
    assert f"村两委评议 {today():%Y-%m-%d}：{REVIEW_OPINION}" in event.summary


def test_the_decline_form_asks_the_review_and_the_page_and_api_show_it(personas, login, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))
    client = login(personas.cadre_a)
    post = visit_post("收入稳定。")

    form = client.get(f"/workflow/applications/{application.pk}/decline/").content.decode()
    refused = client.post(
        f"/workflow/applications/{application.pk}/decline/",
        {**post, "review_on": (today() + dt.timedelta(days=1)).isoformat(), "review_opinion": ""},
    ).content.decode()

    assert "村两委评议日期" in form and "村两委评议意见" in form
    assert review.MSG_REVIEW_FUTURE in field_errors(refused, "review_on")
    assert review.MSG_REVIEW_OPINION_REQUIRED in field_errors(refused, "review_opinion")

    assert client.post(f"/workflow/applications/{application.pk}/decline/", post).status_code == 302
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    body = client.get(f"/api/v1/applications/{application.pk}/").json()

    assert f"{today():%Y-%m-%d} 村两委评议：{REVIEW_OPINION}" in page and "乡镇尚未阅" in page
    assert (body["review_on"], body["review_opinion"], body["township_read_at"]) == (
        today().isoformat(),
        REVIEW_OPINION,
        None,
    )


def test_the_api_decline_needs_the_review_too(personas, login, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))
    client = login(personas.cadre_a)
    body = {**visit_post("收入稳定。"), "identity_confirmed": True}
    del body["review_on"], body["review_opinion"]

    refused = client.post(f"/api/v1/applications/{application.pk}/decline/", body, content_type="application/json")

    assert refused.status_code == 400 and review.MSG_REVIEW_DATE_REQUIRED in refused.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFYING


def test_the_township_reads_its_villages_declines_and_marks_them_read(personas, login, county, household_a):
    declined = decline(personas.cadre_a, apply(county.village_a), "收入稳定。")
    township = login(personas.township)

    listed = township.get("/workflow/applications/?status=decline_unread").content.decode()
    cadre_list = login(personas.cadre_a).get("/workflow/applications/").content.decode()

    assert declined.receipt_no in listed and f'{TAB} <span class="badge">1</span>' in listed
    assert "乡镇待阅" in listed
    assert TAB not in cadre_list
    assert _tile(personas.township)["count"] == 1 and _tile(personas.cadre_a) is None
    detail = township.get(f"/workflow/applications/{declined.pk}/").content.decode()
    assert f"/workflow/applications/{declined.pk}/acknowledge/" in detail

    done = township.post(f"/workflow/applications/{declined.pk}/acknowledge/")

    assert done.status_code == 302
    declined.refresh_from_db()
    assert declined.township_read_by == personas.township and declined.township_read_at is not None
    event = AuditEvent.objects.get(action="workflow.application_acknowledge")
    assert event.actor == personas.township and REVIEW_OPINION in event.summary
    assert _tile(personas.township)["count"] == 0
    listed = township.get("/workflow/applications/?status=decline_unread").content.decode()
    assert declined.receipt_no not in listed
    detail = township.get(f"/workflow/applications/{declined.pk}/").content.decode()
    assert "乡镇已阅" in detail and f"/workflow/applications/{declined.pk}/acknowledge/" not in detail
    with pytest.raises(ApplicationError, match="已由乡镇标记已阅"):
        review.application_acknowledge(actor=personas.township, application=declined)
    assert AuditEvent.objects.filter(action="workflow.application_acknowledge").count() == 1


def test_only_the_township_acknowledges_and_only_declines(personas, login, county, household_a):
    declined = decline(personas.cadre_a, apply(county.village_a), "收入稳定。")
    pending = apply(county.village_a, phone="13900002222")

    with pytest.raises(ApplicationError, match="只有乡镇工作人员"):
        review.application_acknowledge(actor=personas.cadre_a, application=declined)
    with pytest.raises(ApplicationError, match="不是村级不予纳入"):
        review.application_acknowledge(actor=personas.township, application=pending)
    refused = login(personas.cadre_a).post(f"/api/v1/applications/{declined.pk}/acknowledge/")

    assert refused.status_code == 400
    declined.refresh_from_db()
    assert declined.township_read_at is None


def test_the_api_lists_unread_declines_and_acknowledges(personas, login, county, household_a):
    declined = decline(personas.cadre_a, apply(county.village_a), "收入稳定。")
    client = login(personas.township)

    unread = client.get("/api/v1/applications/", {"township_unread": "true"}).json()["results"]
    done = client.post(f"/api/v1/applications/{declined.pk}/acknowledge/")
    again = client.post(f"/api/v1/applications/{declined.pk}/acknowledge/")

    assert [row["id"] for row in unread] == [declined.pk]
    assert done.status_code == 200 and done.json()["township_read_at"] is not None
    assert again.status_code == 400 and review.MSG_ACK_DONE in again.content.decode()
    assert client.get("/api/v1/applications/", {"township_unread": "true"}).json()["results"] == []


def test_the_home_tile_counts_the_last_30_days_and_the_tab_all(personas, login, county, household_a):
    old = decline(personas.cadre_a, apply(county.village_a), "收入稳定。")
    Application.objects.filter(pk=old.pk).update(decided_at=timezone.now() - dt.timedelta(days=31))
    decline(personas.cadre_a, apply(county.village_a, phone="13900002222"), "收入稳定。")

    listed = login(personas.township).get("/workflow/applications/?status=decline_unread").content.decode()

    assert _tile(personas.township)["count"] == 1
    assert f'{TAB} <span class="badge">2</span>' in listed and old.receipt_no in listed
