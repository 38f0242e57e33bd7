"""A client retrying an upload it got no answer to is told where the first one is: the same file, or a second nil
return for a period, is a 409 carrying the existing upload's id and status URL (config.errors.AlreadyRecorded),
the message still giving the date of the first upload; the page keeps showing that message at its field."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from alerts.models import FeedUpload
from tests.alerts.conftest import csv_file, feed, header_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def _file(people, name="feed.csv"):
    return csv_file([["张大山", people["zhang"].id_number, "未参保", "10"]], header=header_of(CODE), name=name)


def _sent_at(upload: FeedUpload) -> str:
    return timezone.localtime(upload.created_at).strftime("%Y-%m-%d %H:%M")


def test_the_same_file_posted_again_is_a_409_naming_the_first_upload_to_poll(clerks, people, login):
    client = login(clerks["health"])
    first = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people)})
    again = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people, "again.csv")})

    assert first.status_code == 201, first.content
    upload = FeedUpload.objects.get()
    assert again.status_code == 409, again.content
    body = again.json()
    assert body["detail"] == f"该文件已于 {_sent_at(upload)} 上传过（feed.csv），不能重复上传。"
    assert body["extra"]["id"] == first.json()["id"] == upload.pk
    polled = client.get(body["extra"]["url"])
    assert polled.status_code == 200 and polled.json()["id"] == upload.pk
    assert FeedUpload.objects.count() == 1


def test_a_nil_return_posted_again_is_a_409_naming_the_first(clerks, login):
    client = login(clerks["health"])
    body = {"feed_type": feed(CODE).pk}
    first = client.post("/api/v1/feed-uploads/nil-return/", body, content_type="application/json")
    again = client.post("/api/v1/feed-uploads/nil-return/", body, content_type="application/json")

    assert first.status_code == 201, first.content
    assert again.status_code == 409, again.content
    body = again.json()
    nil = FeedUpload.objects.get()
    assert "报送过零报告" in body["detail"] and _sent_at(nil) in body["detail"]
    assert body["extra"]["id"] == nil.pk and body["extra"]["url"].endswith(f"/api/v1/feed-uploads/{nil.pk}/")


def test_a_nil_return_after_the_periods_file_is_a_409_naming_the_file(clerks, people, login):
    client = login(clerks["health"])
    sent = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people)})
    period = sent.json()["period_key"]

    body = {"feed_type": feed(CODE).pk, "period": period}
    nil = client.post("/api/v1/feed-uploads/nil-return/", body, content_type="application/json")

    assert nil.status_code == 409, nil.content
    assert "上传过数据文件（feed.csv）" in nil.json()["detail"] and nil.json()["extra"]["id"] == sent.json()["id"]


def test_the_upload_page_still_refuses_the_same_file_at_its_field_with_the_date(clerks, people, login):
    client = login(clerks["health"])
    client.post("/alerts/uploads/", {"feed_type": feed(CODE).pk, "file": _file(people)})

    page = client.post("/alerts/uploads/", {"feed_type": feed(CODE).pk, "file": _file(people, "again.csv")})

    assert page.status_code == 200
    upload = FeedUpload.objects.get()
    assert f"该文件已于 {_sent_at(upload)} 上传过（feed.csv），不能重复上传。" in page.content.decode()


def test_the_same_file_sent_by_another_countys_department_is_taken_not_refused(clerks, people, login):
    # The same-file rule is about the department's own uploads: another county's clerk cannot see (poll) the
    # first upload, and a 409 naming it would tell them another county received this file.
    other = UserFactory(
        username="clerk_health_other",
        role=Role.DEPARTMENT_CLERK,
        region_path="360426",
        region_name="另一县",
        department="health",
    )
    first = login(clerks["health"]).post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people)})

    client = login(other)
    theirs = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people)})
    again = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": _file(people, "again.csv")})

    assert first.status_code == 201, first.content
    assert theirs.status_code == 201, theirs.content
    assert theirs.json()["id"] != first.json()["id"]
    assert again.status_code == 409, again.content
    assert again.json()["extra"]["id"] == theirs.json()["id"]
    assert client.get(again.json()["extra"]["url"]).status_code == 200
