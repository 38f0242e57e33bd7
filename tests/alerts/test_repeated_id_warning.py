"""The warning of an ID number on several rows of one file (alerts.ingest.file_repeats), review of the feed uploads:
it counts only the rows that were taken (a row rejected for a blank name is no report of the person), and the
numbers it quotes are masked to the read-only roles (official, approver) on the API and the upload's page, as
every other ID number they read is; the department's clerks, whose file it is, and the county read them in full."""

import datetime as dt

import pytest

from alerts.ingest import file_repeats
from alerts.models import Alert
from households.idnumber import mask
from tests.alerts.conftest import csv_file, header_of, ingest, pid

pytestmark = pytest.mark.django_db
MONTHLY = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态, 当年累计医疗支出; a clean file is triaged
ILLNESS = "health-serious-illness"  # a rule on every row: the whole cleaning


@pytest.fixture
def triaged(monkeypatch):
    """Whether the upload's repeats were looked for over a triaged file (Counts.triaged), as staged."""
    seen: list[bool] = []
    stage = file_repeats.stage

    def spy(cursor, counts, layout, columns):
        seen.append(counts.triaged)
        return stage(cursor, counts, layout, columns)

    monkeypatch.setattr(file_repeats, "stage", spy)
    return seen


def _rows(code: str, zhang, names: list[str]) -> list[list[str]]:
    """zhang on one row per name (a blank name: a rejected row), each with other details; for the triaged feed,
    enough unremarkable rows of unregistered persons that the triage keeps only a few."""
    if code == MONTHLY:
        rows = [[name, zhang.id_number, "未参保", str(100 * (i + 1))] for i, name in enumerate(names)]
        return rows + [[f"人员{i}", pid(dt.date(1980, 1, 1 + i), 3), "已参保", "0"] for i in range(20)]
    diseases = ["白血病", "肺癌", "尿毒症", "肝癌"]
    return [[name, zhang.id_number, diseases[i], "2026-10-20"] for i, name in enumerate(names)]


@pytest.mark.parametrize("code", [MONTHLY, ILLNESS])
def test_a_rejected_row_is_not_counted_as_a_second_report_of_the_person(clerks, people, code, triaged):
    zhang = people["zhang"]

    record = ingest(clerks["health"], code, csv_file(_rows(code, zhang, [zhang.name, ""]), header=header_of(code)))

    assert triaged == [code == MONTHLY]
    assert record.rows_error == 1 and record.ids_repeated == 0
    assert "提示：" not in record.message and "这些行已按各自内容处理" not in record.message
    alert = Alert.objects.get(member=zhang)
    assert not alert.detail.startswith("本文件共")


@pytest.mark.parametrize("code", [MONTHLY, ILLNESS])
def test_the_warning_and_the_alert_count_the_valid_rows_only(clerks, people, code, triaged):
    zhang = people["zhang"]
    rows = _rows(code, zhang, [zhang.name, "", zhang.name])  # lines 2 and 4 valid, line 3 rejected

    record = ingest(clerks["health"], code, csv_file(rows, header=header_of(code)))

    assert triaged == [code == MONTHLY]
    assert record.rows_error == 1 and record.ids_repeated == 1
    assert f"（如 {zhang.id_number}：2行（第2、4行））" in record.message
    assert Alert.objects.get(member=zhang).detail.startswith("本文件共2行报送此人；")


@pytest.fixture
def warned(clerks, people):
    """An upload of the health department's clerk whose warning quotes zhang's number."""
    zhang = people["zhang"]
    record = ingest(
        clerks["health"], ILLNESS, csv_file(_rows(ILLNESS, zhang, [zhang.name] * 2), header=header_of(ILLNESS))
    )
    assert zhang.id_number in record.message
    return record, zhang.id_number


@pytest.mark.parametrize("who", ["official", "approver"])
def test_the_read_only_roles_read_the_quoted_number_masked(warned, personas, login, who):
    record, number = warned
    client = login(getattr(personas, who))

    listed = client.get("/api/v1/feed-uploads/").json()["results"]
    one = client.get(f"/api/v1/feed-uploads/{record.pk}/").json()
    page = client.get(f"/alerts/uploads/{record.pk}/").content.decode()

    assert [u["message"] for u in listed if u["id"] == record.pk] == [one["message"]]
    for text in (one["message"], page):
        assert number not in text
        assert f"（如 {mask(number)}：2行（第2、3行））" in text


@pytest.mark.parametrize("who", ["clerk", "county_officer"])
def test_the_departments_clerk_and_the_county_read_it_in_full(warned, personas, login, who):
    record, number = warned
    client = login(getattr(personas, who))  # personas.clerk: another clerk of the same department

    one = client.get(f"/api/v1/feed-uploads/{record.pk}/").json()
    page = client.get(f"/alerts/uploads/{record.pk}/").content.decode()

    assert f"（如 {number}：2行（第2、3行））" in one["message"]
    assert f"（如 {number}：2行（第2、3行））" in page
