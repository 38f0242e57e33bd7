"""A visit whose form never asked 两不愁三保障 (an alert's verification, a declined self-application's) is not shown
with 是/否 answers nobody gave (review: the visit ledger read the household's copied record as the visit's finding):
the 走访台账 says 本次未核, its summary counts no problem for it, the visit API gives null with findings_checked false,
and the household's history names no problem found by it."""

import datetime as dt

import pytest

from households.api_visits import MSG_FINDING_NULL
from households.choices import VisitKind
from households.models import Visit
from households.services.visits import visit_record
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(registry, personas):
    """a1's record says water is not safe. This month: an alert's verification of a1, a monthly visit of a1 that
    answers water 否 itself, and a declined application's verification of a2 (whose water is not safe either)."""
    for household in (registry.a1, registry.a2):
        household.water_ok = False
        household.save(update_fields=["water_ok"])
    day = today() - dt.timedelta(days=1) if today().day > 1 else today()
    alert = visit_record(
        actor=personas.cadre_a, household=registry.a1, visited_on=day, kind=VisitKind.ALERT, notes="核实部门预警"
    )
    monthly = visit_record(
        actor=personas.cadre_a,
        household=registry.a1,
        visited_on=today(),
        findings={"water_ok": False, "medical_ok": True},
        notes="入户",
    )
    declined = visit_record(
        actor=personas.cadre_a, household=registry.a2, visited_on=today(), kind=VisitKind.APPLICATION, notes="不予纳入"
    )
    Application.objects.create(
        receipt_no="R1",
        village=registry.a2.village,
        region_path=registry.a2.region_path,
        name="申报人",
        id_number="360425199001011234",
        phone="13800000000",
        situation="看病花钱多",
        consent_version="v1",
        status=ApplicationStatus.DECLINED,
        visit=declined,
    )
    return {"alert": alert, "monthly": monthly, "declined": declined}


def test_the_visit_ledger_says_unchecked_for_visits_that_asked_no_findings(personas, recorded, login):
    client = login(personas.cadre_a)
    response = client.post("/reports/export/", {"ledger": "visits", "date_from": today().replace(day=1).isoformat()})
    rows = read_xlsx(download(response))

    _, body = ledger_table(rows)
    findings = {(row[2], row[4]): row[9:14] for row in body}
    assert findings[("360425100201001", "预警核实")] == ["本次未核"] * 5
    assert findings[("360425100201002", "申报核实")] == ["本次未核"] * 5
    assert findings[("360425100201001", "月度走访")] == ["是", "是", "是", "是", "否"]
    # Only the monthly visit found a problem: the copied 否 of the other two is nobody's finding.
    assert "发现“两不愁三保障”或饮水问题 1 次" in rows[1][0]


def test_the_visit_api_gives_null_findings_for_an_alert_verification(personas, recorded, login, registry):
    client = login(personas.cadre_a)

    listed = client.get(f"/api/v1/visits/?household={registry.a1.pk}").json()["results"]

    shown = {item["kind"]: item for item in listed}
    assert shown["alert"]["findings_checked"] is False
    assert [shown["alert"][name] for name in ("food_clothing_ok", "water_ok")] == [None, None]
    assert shown["monthly"]["findings_checked"] is True and shown["monthly"]["water_ok"] is False
    one = client.get(f"/api/v1/visits/{recorded['alert'].pk}/").json()
    assert one["findings_checked"] is False and one["housing_ok"] is None


def test_the_api_refuses_a_null_finding_when_recording(personas, login, registry):
    body = {"household": registry.a1.pk, "visited_on": today().isoformat(), "water_ok": None}

    refused = login(personas.cadre_a).post("/api/v1/visits/", body, content_type="application/json")

    assert refused.status_code == 400 and refused.json()["water_ok"] == [MSG_FINDING_NULL]
    assert not Visit.objects.filter(household=registry.a1).exists()


def test_the_history_names_no_problem_found_by_an_alert_verification(personas, recorded, registry, login):
    page = login(personas.cadre_a).get(f"/households/{registry.a1.pk}/?tab=history").content.decode()

    assert "月度走访" in page and "发现问题：饮水安全无保障" in page
    alert_summary = registry.a1.events.get(summary__startswith="预警核实").summary
    assert "发现问题" not in alert_summary and alert_summary in page
