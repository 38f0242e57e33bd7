"""Review rev-official 5–9: the labour ledger's completeness line within the region chosen, the dashboard's
未安排帮扶联系人 tile for a township, the 国家系统标注 page for a role that cannot mark, the ledger summaries that say
and follow the filters, and the export API taking "" for 不限."""

import pytest

from tests.reports.conftest import download, ledger_table, libreoffice_csv

pytestmark = pytest.mark.django_db

QIUJIN = "360425101000"  # 虬津镇: c1 only
TUBU = "360425100000"  # 涂埠镇


def test_the_labour_ledger_counts_who_should_be_registered_inside_the_region_chosen(personas, departments, login):
    """Due this quarter: the working-age heads of a1, a2, a3, b1 (涂埠镇) and c1 (虬津镇); recorded: a1 and c1."""
    year, number = departments.quarter
    client = login(personas.official)

    def first_lines(region):
        response = client.post("/reports/export/", {"ledger": "labour_employment", "region": region})
        return libreoffice_csv(download(response))

    qiujin, tubu = first_lines(QIUJIN), first_lines(TUBU)
    page = client.get(f"/reports/?region={QIUJIN}").content.decode()

    assert "区域：虬津镇" in qiujin[1][0] and f"{year}年第{number}季度应登记 1 人，已登记 1 人。" in qiujin[1][0]
    assert "未登记" not in qiujin[1][0]
    assert f"{year}年第{number}季度应登记 4 人，已登记 1 人。未登记的 3 人也列在台账中" in tubu[1][0]
    assert f"{year}年第{number}季度应登记 1 人，已登记 1 人。" in page


def test_the_labour_ledger_lists_the_unregistered_labourers_with_masked_numbers_and_counts_both(
    personas, departments, login
):
    """涂埠镇 this quarter: a1's head (张三) registered; a2, a3, b1's heads due without a record. As an office PC opens
    the file an official (who reads ID numbers masked) exports."""
    client = login(personas.official)
    rows = libreoffice_csv(download(client.post("/reports/export/", {"ledger": "labour_employment", "region": TUBU})))
    header, body = ledger_table(rows)
    total = next(row for row in rows if row and row[0] == "合计")

    name, number, status = header.index("姓名"), header.index("身份证号"), header.index("登记情况")
    employed, months = header.index("是否务工就业"), header.index("本年务工时间（月）")
    assert [(row[name], row[status]) for row in body] == [
        ("张三", "已登记"), ("'=1+1", "未登记"), ("王五", "未登记"), ("赵六", "未登记"),
    ]  # fmt: skip
    assert all("**********" in row[number] for row in body)
    # A labourer without a record has the record's cells empty: not 否, not 0, not 待补充.
    assert {(row[employed], row[months]) for row in body[1:]} == {("", "")}
    assert total[name + 1] == "4人" and total[status + 1] == "已登记1人，未登记3人"


def test_a_township_dashboards_contact_tile_opens_that_townships_list_with_the_same_count(personas, registry, login):
    client = login(personas.official)
    dashboard = client.get(f"/reports/dashboard/?region={QIUJIN}")
    county = client.get("/reports/dashboard/").context["d"].no_contact

    tile = dashboard.context["d"].no_contact
    html = dashboard.content.decode()
    link = f"/assistance/contacts/?show=needs_contact&amp;kind=monitored&amp;township={QIUJIN}"
    assert link in html
    listed = client.get(link.replace("&amp;", "&")).context["page"].paginator.count
    assert listed == tile == 1 and county > tile


def test_the_national_page_gives_the_marking_instruction_only_to_those_who_may_mark(personas, cases, login):
    official = login(personas.official).get("/reports/national/").content.decode()
    township = login(personas.township).get("/reports/national/").content.decode()

    assert "勾选并标注为已录入" not in official and "data-marking-note" in official
    assert "勾选并标注为已录入" in township and "data-marking-note" not in township


def test_the_ledger_summaries_say_which_filters_they_count_and_are_fetched_again_when_the_filters_change(
    personas, registry, login
):
    client = login(personas.official)

    whole = client.get("/reports/").content.decode()
    township = client.get(f"/reports/?region={QIUJIN}&date_from=2026-10-01&date_to=2026-12-31").content.decode()
    wrong = client.get(f"/reports/?region={QIUJIN}&date_from=2026-12-31&date_to=2026-10-01").content.decode()

    assert "下列统计按区域“永修县（管辖范围内全部）”、日期不限" in whole
    assert "下列统计按区域“虬津镇”、日期 2026-10-01 至 2026-12-31" in township
    assert "筛选条件有误，下列统计按区域“永修县（管辖范围内全部）”" in wrong
    # The list asks for itself again on a change of the filters, with the filter fields only (no CSRF token).
    assert 'hx-trigger="change from:closest form"' in whole
    assert 'hx-include="#id_region, #id_date_from, #id_date_to, #id_quarter, #id_household_kind"' in whole
    assert 'hx-select="#ledger-list"' in whole and 'id="ledger-list"' in whole


def test_the_export_api_takes_empty_filters_for_no_limit_as_it_echoes_them(
    personas, registry, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(personas.official)
    body = {"ledger": "members", "region": "", "date_from": "", "date_to": "", "quarter": ""}

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/reports/exports/", body, content_type="application/json")
    again = client.post(
        "/api/v1/reports/exports/", {"ledger": "members", **created.json()["filters"]}, content_type="application/json"
    )
    dated = client.post(
        "/api/v1/reports/exports/", {"ledger": "members", "date_from": "2026-13-01"}, content_type="application/json"
    )

    assert created.status_code == 202, created.json()
    echoed = created.json()["filters"]
    assert (echoed["region"], echoed["date_from"], echoed["date_to"]) == ("", "", "")  # "" is 不限 in the echo
    assert again.status_code == 202, again.json()
    assert dated.status_code == 400 and "date_from" in dated.json()
