"""Read-only officials read no diagnosis or disability per person (review official_ledgers, finding 8): the alert
pages, the API and the alerts ledger show a health feed's rule name with the detail hidden, and the member ledger
hides the disability grade and kind; those who keep the registry, and the department that sent the row, see it."""

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
    return [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :] if any(row)]


def test_an_official_reads_the_rule_not_the_diagnosis_on_pages_and_in_the_api(personas, alert, login):
    official = login(personas.official)
    for url in ("/alerts/?status=all", f"/alerts/{alert.pk}/"):
        page = official.get(url).content.decode()
        assert "白血病" not in page and "新增大病患者：（已隐去）" in page
    data = official.get(f"/api/v1/alerts/{alert.pk}/").json()
    assert data["detail"] == "新增大病患者：（已隐去）"

    assert "白血病" in login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()
    assert "白血病" in login(personas.clerk).get("/alerts/outcomes/").content.decode()


def test_the_alerts_ledger_hides_the_diagnosis_from_an_official_only(personas, alert, login):
    (row,) = _ledger(login(personas.official), "alert_verification")
    assert row["预警内容"] == "新增大病患者：（已隐去）"
    (row,) = _ledger(login(personas.county_officer), "alert_verification")
    assert "白血病" in row["预警内容"]


def test_the_member_ledger_hides_the_disability_from_an_official(personas, people, login):
    from households.choices import MonitoringCategory

    zhang = people["zhang"]
    zhang.household.monitoring_category = MonitoringCategory.MARGINAL
    zhang.household.save(update_fields=["monitoring_category"])
    Member.objects.filter(pk=zhang.pk).update(health="disabled", disability_grade="1", disability_type="肢体残疾")

    rows = {r["姓名"]: r for r in _ledger(login(personas.official), "members")}
    assert (rows["张大山"]["残疾等级"], rows["张大山"]["残疾类别"]) == ("（已隐去）", "（已隐去）")
    rows = {r["姓名"]: r for r in _ledger(login(personas.county_officer), "members")}
    assert (rows["张大山"]["残疾等级"], rows["张大山"]["残疾类别"]) == ("一级", "肢体残疾")
