"""What the ledger export jobs take from one user: a retry with the same Idempotency-Key queues nothing more, a fourth
job while three are under way is refused (429, and on the page), a download of a job without its file says why
(409 not yet written or failed, 410 expired), a HEAD is no download, and the API lists the jobs in pages."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from config.api_once import MSG_ONCE_REUSED
from reports.models import ExportStatus, LedgerExport
from reports.services.export_limits import BUSY_RETRY_SECONDS, MSG_BUSY, MSG_NOT_READY
from reports.services.exports import MSG_TIMED_OUT
from tests.config.schema_check import openapi
from tests.reports.conftest import download, read_xlsx

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/exports/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.REPORTS_SYNC_ROW_LIMIT = 2
    return tmp_path


def _post(client, body=None, **headers):
    return client.post(URL, body or {"ledger": "monitored_households"}, content_type="application/json", **headers)


def _queued(client, capture, count):
    """`count` jobs queued and left pending (their messages not delivered)."""
    with capture(execute=False):
        for _ in range(count):
            assert _post(client).status_code == 202
    return list(LedgerExport.objects.order_by("pk"))


# 1. The Idempotency-Key is honoured; a user's jobs under way are capped.


def test_five_posts_with_one_idempotency_key_queue_one_job_and_answer_it_each_time(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    key = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=False):
        answers = [_post(client, HTTP_IDEMPOTENCY_KEY=key) for _ in range(5)]

    export = LedgerExport.objects.get()
    assert [answer.status_code for answer in answers] == [202, 200, 200, 200, 200]
    assert {answer.json()["id"] for answer in answers} == {export.pk}
    assert AuditEvent.objects.filter(action="reports.ledger_export_queued").count() == 1


def test_the_body_s_once_is_the_same_token_and_a_field_sent_empty_is_the_same_request(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    key = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=False):
        first = _post(client, {"ledger": "monitored_households", "once": key})
        again = _post(
            client, {"ledger": "monitored_households", "region": "", "date_from": None}, HTTP_IDEMPOTENCY_KEY=key
        )

    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"] and LedgerExport.objects.count() == 1


def test_a_key_reused_for_another_ledger_is_a_409_and_queues_nothing(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    key = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=False):
        _post(client, HTTP_IDEMPOTENCY_KEY=key)

        other = _post(client, {"ledger": "members"}, HTTP_IDEMPOTENCY_KEY=key)

    made = timezone.localtime(LedgerExport.objects.get().created_at)
    assert other.status_code == 409
    assert other.json() == {"detail": MSG_ONCE_REUSED.format(made=made), "extra": {"once": key}}
    assert LedgerExport.objects.count() == 1


def test_another_users_key_is_not_answered_with_the_first_users_job(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    key = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=False):
        mine = _post(login(personas.county_officer), HTTP_IDEMPOTENCY_KEY=key)
        theirs = _post(login(personas.official), HTTP_IDEMPOTENCY_KEY=key)

    assert (mine.status_code, theirs.status_code) == (202, 202)
    assert theirs.json()["id"] != mine.json()["id"]
    assert LedgerExport.objects.get(pk=theirs.json()["id"]).user == personas.official


def test_a_fourth_job_while_three_are_under_way_is_a_429_saying_how_many_and_to_wait(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    jobs = _queued(client, django_capture_on_commit_callbacks, 3)
    LedgerExport.objects.filter(pk=jobs[0].pk).update(status=ExportStatus.RUNNING)

    with django_capture_on_commit_callbacks(execute=False):
        refused = _post(client)
        colleague = _post(login(personas.official))  # another user's jobs are counted apart

    assert refused.status_code == 429
    assert refused.json() == {"detail": MSG_BUSY.format(active=3, limit=3)}
    assert "3 份台账正在排队或生成中" in refused.json()["detail"] and "请等" in refused.json()["detail"]
    assert refused["Retry-After"] == str(BUSY_RETRY_SECONDS)
    assert colleague.status_code == 202
    assert LedgerExport.objects.filter(user=personas.county_officer).count() == 3


def test_a_retry_of_a_queued_job_is_answered_even_at_the_cap_and_one_more_is_taken_once_a_job_ends(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    key = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=False):
        first = _post(client, HTTP_IDEMPOTENCY_KEY=key)
        _post(client)
        _post(client)

        retry = _post(client, HTTP_IDEMPOTENCY_KEY=key)
        LedgerExport.objects.filter(pk=first.json()["id"]).update(status=ExportStatus.FAILED)
        after = _post(client)

    assert (retry.status_code, retry.json()["id"]) == (200, first.json()["id"])
    assert after.status_code == 202 and LedgerExport.objects.count() == 4


def test_the_reports_page_refuses_a_fourth_job_in_chinese(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    _queued(client, django_capture_on_commit_callbacks, 3)

    with django_capture_on_commit_callbacks(execute=False):
        page = client.post("/reports/export/", {"ledger": "monitored_households"})

    assert page.status_code == 429
    assert MSG_BUSY.format(active=3, limit=3) in page.content.decode()
    assert "筛选条件有误" not in page.content.decode()  # the filters were right: only the job was refused
    assert LedgerExport.objects.count() == 3


def test_the_household_list_export_is_refused_at_the_cap_too(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    _queued(client, django_capture_on_commit_callbacks, 3)

    with django_capture_on_commit_callbacks(execute=False):
        refused = client.post("/reports/registry-export/", follow=True)

    assert MSG_BUSY.format(active=3, limit=3) in refused.content.decode()
    assert LedgerExport.objects.count() == 3


# 2. A download of a job without its file says why.


@pytest.mark.parametrize(("state", "word"), [(ExportStatus.PENDING, "排队中"), (ExportStatus.RUNNING, "生成中")])
def test_a_download_before_the_file_is_written_is_a_409_saying_its_status(
    personas, registry, login, media, django_capture_on_commit_callbacks, state, word
):
    client = login(personas.county_officer)
    (export,) = _queued(client, django_capture_on_commit_callbacks, 1)
    LedgerExport.objects.filter(pk=export.pk).update(status=state)

    api = client.get(f"{URL}{export.pk}/download/")
    page = client.get(f"/reports/exports/{export.pk}/download/")

    assert api.status_code == 409
    assert api.json() == {"detail": MSG_NOT_READY.format(status=word), "extra": {"id": export.pk, "status": state}}
    assert f"尚未生成完成（状态：{word}）" in api.json()["detail"]
    assert page.status_code == 409 and f"尚未生成完成（状态：{word}）" in page.content.decode()
    assert not AuditEvent.objects.filter(action="reports.ledger_download").exists()


def test_a_download_of_a_failed_job_is_a_409_with_its_reason(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    (export,) = _queued(client, django_capture_on_commit_callbacks, 1)
    LedgerExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, message=MSG_TIMED_OUT)

    api = client.get(f"{URL}{export.pk}/download/")
    page = client.get(f"/reports/exports/{export.pk}/download/")

    assert api.status_code == 409 and api.json()["detail"] == MSG_TIMED_OUT
    assert page.status_code == 409 and MSG_TIMED_OUT in page.content.decode()


def test_an_expired_download_is_still_a_410_and_another_users_job_a_404(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    (export,) = _queued(client, django_capture_on_commit_callbacks, 1)
    LedgerExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.EXPIRED, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    assert client.get(f"{URL}{export.pk}/download/").status_code == 410
    assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 410
    assert login(personas.official).get(f"{URL}{export.pk}/download/").status_code == 404


def test_the_schema_lists_the_download_s_409_410_and_xlsx_and_the_post_s_429_and_key(personas, login):
    schema = openapi(login(personas.county_officer))

    download_answers = schema["paths"]["/api/v1/reports/exports/{id}/download/"]["get"]["responses"]
    post = schema["paths"]["/api/v1/reports/exports/"]["post"]

    assert {"200", "409", "410"} <= set(download_answers)
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in download_answers["200"]["content"]
    assert "已过期" in download_answers["410"]["description"] and "生成中" in download_answers["409"]["description"]
    assert "上限" in post["responses"]["429"]["description"]
    assert "Idempotency-Key" in [parameter["name"] for parameter in post["parameters"]]


# 4. A HEAD request is no download.


def test_a_head_request_is_not_audited_as_a_download_and_a_get_is(
    personas, registry, login, media, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        export_id = _post(client).json()["id"]

    head = client.head(f"{URL}{export_id}/download/")
    page_head = client.head(f"/reports/exports/{export_id}/download/")
    downloads_after_head = AuditEvent.objects.filter(action="reports.ledger_download").count()
    got = client.get(f"{URL}{export_id}/download/")

    assert head.status_code == 200 and page_head.status_code == 200
    assert "attachment" in head["Content-Disposition"]
    assert downloads_after_head == 0
    assert read_xlsx(download(got)) and AuditEvent.objects.filter(action="reports.ledger_download").count() == 1


# 3. The list is paged like the project's other lists.


def test_the_exports_list_is_paged(personas, registry, login, media, django_capture_on_commit_callbacks):
    client = login(personas.county_officer)
    jobs = _queued(client, django_capture_on_commit_callbacks, 3)

    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    past = client.get(URL, {"page_size": 2, "page": 3})

    assert first["count"] == 3 and [row["id"] for row in first["results"]] == [jobs[2].pk, jobs[1].pk]
    assert second["previous"] and [row["id"] for row in second["results"]] == [jobs[0].pk]
    assert past.status_code == 404
