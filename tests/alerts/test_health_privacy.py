"""Read-only officials read no diagnosis or disability per person (review official_ledgers, finding 8): the alert
pages, the API and the alerts ledger show the department's label (卫健部门预警) with the detail hidden, and the
member ledger hides health, the disability grade and kind, as the household page, its printed form and the API do;
those who keep the registry, and the department that sent the row, see it."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from alerts.models import Alert
from households.models import Member
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"


@pytest.fixture
def alert(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "白血病", f"{timezone.localdate():%Y-%m-%d}"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return Alert.objects.get()


def _ledger(client, code: str) -> list[list]:
    response = client.post("/reports/export/", {"ledger": code})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    at = next(i for i, row in enumerate(rows) if "姓名" in row or "姓名（部门数据）" in row)
    # The data rows, without the 合计 row under them (reports.writer).
    return [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :] if any(row) and row[0] != "合计"]


def test_an_official_reads_the_rule_not_the_diagnosis_on_pages_and_in_the_api(personas, alert, login):
    official = login(personas.official)
    for url in ("/alerts/?status=all", f"/alerts/{alert.pk}/"):
        page = official.get(url).content.decode()
        assert "白血病" not in page and "卫健部门预警：（已隐去）" in page
    data = official.get(f"/api/v1/alerts/{alert.pk}/").json()
    assert data["detail"] == "卫健部门预警：（已隐去）"

    assert "白血病" in login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()
    assert "白血病" in login(personas.clerk).get("/alerts/outcomes/").content.decode()


def test_the_alerts_ledger_hides_the_diagnosis_from_an_official_only(personas, alert, login):
    (row,) = _ledger(login(personas.official), "alert_verification")
    assert (row["数据类型"], row["预警规则"], row["预警内容"]) == ("卫健部门预警", "（已隐去）", "（已隐去）")
    (row,) = _ledger(login(personas.county_officer), "alert_verification")
    assert "白血病" in row["预警内容"]


def test_the_member_ledger_hides_the_disability_from_an_official(personas, people, login):
    from households.choices import MonitoringCategory

    zhang = people["zhang"]
    zhang.household.monitoring_category = MonitoringCategory.MARGINAL
    zhang.household.save(update_fields=["monitoring_category"])
    Member.objects.filter(pk=zhang.pk).update(health="disabled", disability_grade="1", disability_type="肢体残疾")

    def health(client) -> tuple:
        row = {r["姓名"]: r for r in _ledger(client, "members")}["张大山"]
        return row["健康状况"], row["残疾等级"], row["残疾类别"]

    assert health(login(personas.official)) == ("（已隐去）", "（已隐去）", "（已隐去）")
    assert health(login(personas.county_officer)) == ("残疾", "一级", "肢体残疾")


def test_the_household_page_print_and_api_hide_health_from_an_official(personas, people, login):
    zhang = people["zhang"]
    Member.objects.filter(pk=zhang.pk).update(health="disabled", disability_grade="1", disability_type="肢体残疾")
    household = zhang.household_id
    official, cadre = login(personas.official), login(personas.cadre_a)
    for url in (f"/households/{household}/?tab=members", f"/households/{household}/form/print/"):
        assert "肢体残疾" not in official.get(url).content.decode()
        assert "健康状况（已隐去）" in official.get(url).content.decode()
        assert "残疾（一级肢体残疾）" in cadre.get(url).content.decode()
    member = official.get(f"/api/v1/members/{zhang.pk}/").json()
    assert (member["health"], member["disability_grade"], member["disability_type"]) == (None, None, None)
    member = cadre.get(f"/api/v1/members/{zhang.pk}/").json()
    assert (member["health"], member["disability_grade"], member["disability_type"]) == ("disabled", "1", "肢体残疾")
