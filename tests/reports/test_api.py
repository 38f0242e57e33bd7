"""The reports API: ledgers, background exports (owner only), dashboard, performance, national marking."""

import datetime as dt

import pytest

from reports.models import ExportMark
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_api_lists_ledgers_and_exports_one_in_the_background(
    personas, registry, login, django_capture_on_commit_callbacks, settings, tmp_path, county
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(personas.official)

    ledgers = client.get("/api/v1/reports/ledgers/").json()
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/reports/exports/",
            {"ledger": "monitored_households", "region": county.township.code},
            content_type="application/json",
        )
    detail = client.get(f"/api/v1/reports/exports/{created.json()['id']}/").json()

    assert "监测对象台账" in [ledger["name"] for ledger in ledgers]
    assert created.status_code == 202
    assert detail["status"] == "done" and detail["progress"] == 100 and detail["rows_total"] == 3
    rows = read_xlsx(download(client.get(detail["download_url"])))
    assert len(ledger_table(rows)[1]) == 3
    other = login(personas.county_officer).get(f"/api/v1/reports/exports/{detail['id']}/")
    assert other.status_code == 404


def test_the_api_download_is_named_like_the_web_download(
    personas, registry, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    from urllib.parse import unquote

    from django.utils import timezone

    from reports.models import LedgerExport

    settings.MEDIA_ROOT = str(tmp_path)
    client = login(personas.official)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/reports/exports/", {"ledger": "monitored_households"}, content_type="application/json"
        )
    export = LedgerExport.objects.get(pk=created.json()["id"])

    api = client.get(f"/api/v1/reports/exports/{export.pk}/download/")
    web = client.get(f"/reports/exports/{export.pk}/download/")

    expected = f"永修县监测对象台账_{timezone.localtime(export.created_at):%Y%m%d_%H%M}.xlsx"
    assert unquote(api["Content-Disposition"].split("filename*=utf-8''")[1]) == expected
    assert api["Content-Disposition"] == web["Content-Disposition"]


def test_a_bad_filter_is_a_chinese_400(personas, registry, login, county):
    response = login(personas.township).post(
        "/api/v1/reports/exports/",
        {"ledger": "members", "region": county.village_c.code},
        content_type="application/json",
    )

    assert response.status_code == 400 and "region" in response.json()


def test_the_dashboard_and_performance_answer_as_json(personas, cases, login):
    from alerts.models import FeedType

    # The county counts 网信办's monthly feed from 1 January (left blank, it counts from the day it was seeded).
    FeedType.objects.filter(code="cyberspace-media").update(active_since=dt.date(2026, 1, 1))
    client = login(personas.official)

    dashboard = client.get("/api/v1/reports/dashboard/").json()
    performance = client.get("/api/v1/reports/performance/?period=year&date=2026-06-01").json()

    assert dashboard["monitored"] == 4 and dashboard["children"][0]["overdue_cases"] == 1
    assert performance["period"] == "2026年" and performance["rows"][0]["inclusions"] == 1
    assert performance["alerts_available"] is True
    feeds = {name: (on_time, due, missing) for name, on_time, due, _late, missing in performance["feeds"]}
    assert feeds["网信办"][0] == 0 and feeds["网信办"][1] >= 10  # seeded monthly feed, nothing uploaded
    assert feeds["网信办"][2] == feeds["网信办"][1]  # every period due is 漏报


def test_the_county_bureau_marks_cases_through_the_api(personas, cases, login):
    client = login(personas.county_officer)

    pending = client.get("/api/v1/reports/national/").json()
    marked = client.post("/api/v1/reports/national/", {"cases": [cases.included.pk]}, content_type="application/json")

    assert {row["case"] for row in pending["results"]} == {cases.included.pk, cases.d1_in.pk, cases.d1_out.pk}
    assert marked.json() == {"marked": [cases.included.pk]}
    assert ExportMark.objects.get().marked_by == personas.county_officer
    refused = login(personas.official).post(
        "/api/v1/reports/national/", {"cases": [cases.d1_in.pk]}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_the_schema_documents_the_reports_endpoints(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/").content.decode()

    assert "/api/v1/reports/exports/" in schema and "在后台生成台账" in schema


def test_the_labour_ledger_is_exported_for_the_quarter_asked_for_and_a_bad_quarter_is_a_400(
    personas, departments, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(personas.county_officer)
    year, number = departments.previous

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/reports/exports/",
            {"ledger": "labour_employment", "quarter": f"{year}Q{number}"},
            content_type="application/json",
        )
    detail = client.get(f"/api/v1/reports/exports/{created.json()['id']}/").json()
    bad = client.post(
        "/api/v1/reports/exports/",
        {"ledger": "labour_employment", "quarter": "2019Q5"},
        content_type="application/json",
    )

    # The 5 labourers due that quarter: a2's head, who has its record, and 4 listed as 未登记.
    assert detail["status"] == "done" and detail["rows_total"] == 5
    assert detail["filters"]["quarter"] == f"{year}Q{number}"
    assert bad.status_code == 400 and "quarter" in bad.json()
