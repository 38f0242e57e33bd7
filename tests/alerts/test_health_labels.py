"""Review rev-official 5 and 12. A health rule's or feed's name is itself a health detail beside a person's name
(梁文兵：新增大病患者), so a read-only role reads the department's generic label (卫健部门预警, 医保部门预警) on the
alert list and page, in the API, on the household's alert panel and in the alerts ledger; the county officer reads
the names. And guidance written for those who act (choose an outcome, check a person) is not shown to a role that
has no form."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from alerts.models import Alert
from alerts.services.verification import alert_verify
from households.choices import MonitoringCategory
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db

ILLNESS = "health-serious-illness"  # rule and feed both named 新增大病患者
MEDICAL = "medical-cost-rural"  # 医保: 高额医疗费用（其他农村参保人员）, rule 年度累计个人自付医疗费用超过阈值
HEALTH_NAMES = ("新增大病患者", "高额医疗费用", "年度累计个人自付医疗费用超过阈值")


@pytest.fixture
def alerts(clerks, people):
    today = timezone.localdate()
    zhang, wang = people["zhang"], people["wang"]
    ingest(clerks["health"], ILLNESS, csv_file([["张大山", zhang.id_number, "白血病", f"{today:%Y-%m-%d}"]],
                                               header=header_of(ILLNESS)), today=today)  # fmt: skip
    ingest(clerks["medical_insurance"], MEDICAL, csv_file([["王五", wang.id_number, "30000", "25000"]],
                                                          header=header_of(MEDICAL)), today=today)  # fmt: skip
    return {a.feed_type.code: a for a in Alert.objects.select_related("feed_type")}


def cards(page: str) -> list[str]:
    """The alert cards of a list (the filter's select keeps the feed names: they name no one)."""
    return page.split('<li class="card row-card">')[1:]


def test_an_official_reads_the_departments_label_not_the_health_rule_or_feed_beside_a_name(personas, alerts, login):
    official, officer = login(personas.official), login(personas.county_officer)

    listed = cards(official.get("/alerts/?status=all").content.decode())
    assert len(listed) == 2
    for card in listed:
        assert not any(name in card for name in HEALTH_NAMES), card
    text = "".join(listed)
    assert "卫健部门预警：（已隐去）" in text and "医保部门预警：（已隐去）" in text
    for code, label in ((ILLNESS, "卫健部门预警"), (MEDICAL, "医保部门预警")):
        page = official.get(f"/alerts/{alerts[code].pk}/").content.decode()
        assert not any(name in page for name in HEALTH_NAMES)
        assert f"{alerts[code].person_name}：{label}</h1>" in page

    listed = "".join(cards(officer.get("/alerts/?status=all").content.decode()))
    assert "新增大病患者" in listed and "高额医疗费用（其他农村参保人员）" in listed and "白血病" in listed
    page = officer.get(f"/alerts/{alerts[ILLNESS].pk}/").content.decode()
    assert "张大山：新增大病患者</h1>" in page


def test_the_household_alert_panel_names_no_health_rule_to_an_official(personas, alerts, login):
    household = alerts[ILLNESS].household_id
    url = f"/households/{household}/?tab=alerts"
    page = login(personas.official).get(url).content.decode()
    assert "卫健部门预警" in page and "新增大病患者" not in page
    assert "新增大病患者" in login(personas.county_officer).get(url).content.decode()


def test_the_api_gives_an_official_the_label_and_no_rule_or_feed_id(personas, alerts, login):
    alert = alerts[ILLNESS]
    data = login(personas.official).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert (data["rule_name"], data["feed_type_name"], data["detail"]) == ("卫健部门预警",) * 2 + (
        "卫健部门预警：（已隐去）",
    )
    assert data["rule"] is None and data["feed_type"] is None
    assert not any(name in str(data) for name in HEALTH_NAMES)
    listed = login(personas.official).get("/api/v1/alerts/?status=pending").json()["results"]
    assert {row["rule_name"] for row in listed} == {"卫健部门预警", "医保部门预警"}

    data = login(personas.county_officer).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert (data["rule_name"], data["feed_type_name"]) == ("新增大病患者", "新增大病患者")
    assert data["rule"] == alert.rule_id and data["feed_type"] == alert.feed_type_id
    assert "新增大病患者" in data["repeat_hold"]["text"]


def _ledger(client) -> list[dict]:
    response = client.post("/reports/export/", {"ledger": "alert_verification"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    at = next(i for i, row in enumerate(rows) if "姓名（部门数据）" in row)
    return [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :] if any(row)]


def test_the_alerts_ledger_gives_an_official_the_departments_label(personas, alerts, login):
    shown = {r["姓名（部门数据）"]: r for r in _ledger(login(personas.official))}
    # 数据类型 names the department; the rule and the detail say hidden, not the same label twice more (review alrt).
    assert (shown["张大山"]["数据类型"], shown["张大山"]["预警规则"], shown["张大山"]["预警内容"]) == (
        "卫健部门预警",
        "（已隐去）",
        "（已隐去）",
    )
    assert (shown["王五"]["数据类型"], shown["王五"]["预警规则"]) == ("医保部门预警", "（已隐去）")

    shown = {r["姓名（部门数据）"]: r for r in _ledger(login(personas.county_officer))}
    assert (shown["张大山"]["数据类型"], shown["张大山"]["预警规则"]) == ("新增大病患者", "新增大病患者")
    assert shown["王五"]["预警规则"] == "年度累计个人自付医疗费用超过阈值"


def test_the_outcome_guidance_is_for_those_who_verify_only(personas, alerts, login):
    alert = alerts[ILLNESS]
    household = alert.household
    household.monitoring_category = MonitoringCategory.MARGINAL
    household.save(update_fields=["monitoring_category"])
    url = f"/alerts/{alert.pk}/"

    assert "data-hint-monitored" not in login(personas.official).get(url).content.decode()
    for acting in (personas.cadre_a, personas.county_officer):
        assert "data-hint-monitored" in login(acting).get(url).content.decode()


def test_the_unregistered_checking_guidance_is_for_those_who_check_only(personas, clerks, login):
    guidance = "请逐人核查：应建档的交村建档"
    assert guidance not in login(personas.official).get("/alerts/unregistered/").content.decode()
    assert guidance in login(personas.county_officer).get("/alerts/unregistered/").content.decode()


def test_the_visit_that_verified_a_health_alert_shows_its_notes_only_to_those_who_read_health(personas, alerts, login):
    illness = alerts[ILLNESS]
    alert_verify(actor=personas.cadre_a, alert=illness, outcome="not_at_risk", visited_on=timezone.localdate(),
                 note="白血病已治愈，医保报销后自付不多")  # fmt: skip
    household = illness.household
    official, cadre = login(personas.official), login(personas.cadre_a)

    page = official.get(f"/households/{household.pk}/?tab=visits").content.decode()
    assert "白血病" not in page and "（核实部门预警的走访，详情已隐去）" in page
    assert "白血病" in cadre.get(f"/households/{household.pk}/?tab=visits").content.decode()
    listed = official.get(f"/api/v1/visits/?household={household.pk}").json()
    rows = listed.get("results", listed)
    assert rows and all("白血病" not in row["notes"] for row in rows)
    response = official.post("/reports/export/", {"ledger": "visits"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert not any("白血病" in cell for cell in cells) and "（核实部门预警的走访，详情已隐去）" in cells
