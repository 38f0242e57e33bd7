"""导出本列表 on the household list: the rows the page lists (its search, filters and sort), in the user's scope, with
ID numbers and phones masked for read-only roles, audited like every ledger download (review freglist finding 1;
004 §(四): 县、镇信息员在每季度末导出本地区数据). A county lists 150,000 households, too many to write while the request
waits: the click queues a background export (the real task, run eagerly once the request's transaction commits),
the reports page shows it being prepared, and only its user downloads it."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest

from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.services import registry
from reports.filters import MSG_FILTERS_GONE
from reports.models import ExportStatus, LedgerExport
from tests.factories import UserFactory
from tests.households.conftest import member_row
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db

EXPORT = "/reports/registry-export/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def three(personas, county):
    """城南村: 张大山 (3 persons, 脱贫户, a phone), 赵六 (2 persons, 脱贫户); 城北村: 王五 (1 person, 一般农户)."""
    big = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        phone="13812345678",
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
            member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
            member_row("张小红", Relation.DAUGHTER, dt.date(1995, 9, 1), 34),
        ],
    )
    registry.household_create(
        actor=personas.cadre_b,
        village=county.village_b,
        household_type=HouseholdType.ORDINARY,
        members=[member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)],
    )
    registry.household_create(
        actor=personas.township,
        village=county.village_a,
        household_type=HouseholdType.LIFTED_OUT,
        members=[
            member_row("赵六", Relation.HEAD, dt.date(1980, 4, 6), 57),
            member_row("钱七妹", Relation.SPOUSE, dt.date(1982, 5, 7), 68),
        ],
    )
    return big


def page_rows(client, query: str) -> list[str]:
    page = client.get(f"/households/?{query}").content.decode()
    return re.findall(r'class="row-link">\s*<strong>(.*?)</strong>\s*<span class="muted small">(.*?)</span>', page)


def queue(client, capture, query: str = ""):
    """Click 导出本列表 on the page with `query`; the task runs once the request's transaction commits."""
    with capture(execute=True):
        return client.post(f"{EXPORT}?{query}" if query else EXPORT)


def exported(client, capture, query: str) -> LedgerExport:
    response = queue(client, capture, query)
    assert response.status_code == 302 and response["Location"] == "/reports/#exports"
    return LedgerExport.objects.filter(user=response.wsgi_request.user).latest("pk")


def export_rows(client, capture, query: str) -> tuple[list, list[list]]:
    export = exported(client, capture, query)
    return ledger_table(read_xlsx(download(client.get(f"/reports/exports/{export.pk}/download/"))))


def test_the_click_queues_the_export_and_the_reports_page_shows_it_prepared_then_offers_it(
    three, personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.township)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{EXPORT}?household_type=lifted_out&ordering=-size")
    export = LedgerExport.objects.get(user=personas.township)
    waiting = client.get(response["Location"]).content.decode()
    for callback in callbacks:
        callback()  # the task, as the worker runs it
    ready = client.get(f"/reports/exports/{export.pk}/progress/").content.decode()

    assert response.status_code == 302 and response["Location"] == "/reports/#exports"
    assert export.ledger_name == "农户档案列表" and export.rows_total == 2
    assert "“农户档案列表”共 2 行，正在后台生成" in waiting and "排队中" in waiting
    assert "筛选条件：户类型：脱贫户；排序：按人口降序" in waiting and 'role="progressbar"' in waiting
    assert f"/reports/exports/{export.pk}/download/" not in waiting
    assert "下载（2 行）" in ready and f"/reports/exports/{export.pk}/download/" in ready


def test_the_file_lists_the_rows_of_the_filtered_and_sorted_page_in_its_order(
    three, personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.township)
    query = "household_type=lifted_out&ordering=-size"

    header, rows = export_rows(client, django_capture_on_commit_callbacks, query)

    assert header[:5] == ["乡镇", "村", "村民小组", "网格", "户编号"]
    assert header[5:9] == ["户主姓名", "户主身份证号", "联系电话", "家庭人口"]
    assert [(row[5], row[4]) for row in rows] == page_rows(client, query)
    assert [(row[5], row[8], row[9]) for row in rows] == [("张大山", 3, "脱贫户"), ("赵六", 2, "脱贫户")]


def test_the_export_follows_the_page_s_search(three, personas, login, django_capture_on_commit_callbacks):
    client = login(personas.township)

    _, rows = export_rows(client, django_capture_on_commit_callbacks, "q=王五")

    assert [row[5] for row in rows] == ["王五"] == [name for name, _ in page_rows(client, "q=王五")]


def test_the_page_offers_the_export_with_its_own_filters(three, personas, login):
    page = login(personas.township).get("/households/?household_type=lifted_out&ordering=head").content.decode()

    assert f'<form method="post" action="{EXPORT}?household_type=lifted_out&amp;ordering=head"' in page
    assert "导出本列表（XLSX）" in page and "在后台生成" in page


def test_a_plain_link_to_the_export_writes_nothing(three, personas, login):
    response = login(personas.township).get(f"{EXPORT}?household_type=lifted_out")

    assert response.status_code == 405 and not LedgerExport.objects.exists()


def test_a_cadre_exports_their_own_village_only(three, personas, login, county, django_capture_on_commit_callbacks):
    client = login(personas.cadre_a)

    _, own = export_rows(client, django_capture_on_commit_callbacks, "")
    other = queue(client, django_capture_on_commit_callbacks, f"village={county.village_b.code}")

    assert sorted(row[5] for row in own) == ["张大山", "赵六"]
    # A village that is not theirs is refused with the page's message, as the page lists nothing for it.
    assert other.status_code == 302 and other["Location"].startswith("/households/?village=")
    assert "未生成导出文件：所选村不存在或不在您的管辖范围内。" in client.get(other["Location"]).content.decode()
    assert LedgerExport.objects.filter(user=personas.cadre_a).count() == 1


def test_a_read_only_role_reads_the_head_s_number_and_phone_masked(
    three, personas, login, django_capture_on_commit_callbacks
):
    number = three.members.get(name="张大山").id_number

    _, official = export_rows(login(personas.official), django_capture_on_commit_callbacks, "q=张大山")
    _, officer = export_rows(login(personas.county_officer), django_capture_on_commit_callbacks, "q=张大山")

    assert official[0][6] == number[:4] + "*" * 10 + number[-4:] and official[0][7] == "138****5678"
    assert officer[0][6] == number and officer[0][7] == "13812345678"


def test_the_export_and_its_download_are_audited_with_its_conditions(
    three, personas, login, county, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    export = exported(client, django_capture_on_commit_callbacks, f"village={county.village_a.code}&ordering=-size")
    download(client.get(f"/reports/exports/{export.pk}/download/"))

    queued = AuditEvent.objects.get(action="reports.ledger_export_queued", actor=personas.county_officer)
    assert "农户档案列表" in queued.summary and "村：涂埠镇 城南村" in queued.summary
    assert "排序：按人口降序" in queued.summary and "2行" in queued.summary
    assert queued.region_path == county.village_a.path and queued.object_id == str(export.pk)
    downloaded = AuditEvent.objects.get(action="reports.ledger_download", actor=personas.county_officer)
    assert "农户档案列表" in downloaded.summary and "村：涂埠镇 城南村" in downloaded.summary


def test_only_the_user_who_exported_the_list_downloads_it(
    three, personas, login, county, django_capture_on_commit_callbacks
):
    export = exported(login(personas.county_officer), django_capture_on_commit_callbacks, "household_type=lifted_out")
    colleague = UserFactory(
        username="officer2", role=personas.county_officer.role, region_path=personas.county_officer.region_path
    )

    for other in (login(colleague), login(personas.official)):
        assert other.get(f"/reports/exports/{export.pk}/download/").status_code == 404
        assert other.get(f"/reports/exports/{export.pk}/progress/").status_code == 404
        assert other.get(f"/api/v1/reports/exports/{export.pk}/download/").status_code == 404


def test_the_file_is_named_after_the_village_chosen_on_the_page_and_the_api_serves_it_alike(
    three, personas, login, county, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    export = exported(client, django_capture_on_commit_callbacks, f"village={county.village_a.code}")

    page = client.get(f"/reports/exports/{export.pk}/download/")
    api = client.get(f"/api/v1/reports/exports/{export.pk}/download/")
    listed = client.get("/api/v1/reports/exports/").json()["results"]

    name = unquote(page["Content-Disposition"])
    assert "永修县涂埠镇城南村农户档案列表_" in name and name == unquote(api["Content-Disposition"])
    assert read_xlsx(download(api))[0][0] == "永修县涂埠镇城南村农户档案列表"
    assert listed[0]["ledger_name"] == "农户档案列表" and listed[0]["status"] == "done"


def test_an_export_whose_village_left_the_user_s_scope_fails_with_a_chinese_reason(
    three, personas, login, county, django_capture_on_commit_callbacks
):
    from reports.services.exports import ledger_export_run

    export = exported(login(personas.township), django_capture_on_commit_callbacks, "household_type=lifted_out")
    LedgerExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.PENDING, filters={"village": county.village_c.code}, file=""
    )

    failed = ledger_export_run(export_id=export.pk)

    assert failed.status == ExportStatus.FAILED and failed.message == MSG_FILTERS_GONE and not failed.file


def test_a_department_clerk_may_not_export_the_registry(three, personas, login):
    assert login(personas.clerk).post(EXPORT).status_code == 403


def test_libreoffice_opens_the_file_with_the_title_and_the_conditions(
    three, personas, login, county, django_capture_on_commit_callbacks
):
    client = login(personas.township)
    export = exported(client, django_capture_on_commit_callbacks, "household_type=lifted_out")

    rows = libreoffice_csv(download(client.get(f"/reports/exports/{export.pk}/download/")))

    assert rows[0][0] == "永修县涂埠镇农户档案列表"
    assert "筛选条件：户类型：脱贫户" in rows[1][0]
    header, body = ledger_table(rows)
    assert [row[5] for row in body] == ["张大山", "赵六"] and header[6] == "户主身份证号"
    assert next(row for row in rows if row[0] == "合计")[5:10] == ["2户", "", "", "", "5人"]
