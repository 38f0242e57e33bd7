"""Per finding, not per visit: an alert's or application's verification and a plan's 帮扶回访 take the household's
两不愁三保障/饮水 as they stand, but a box the cadre changed there is their finding (review: the ledger and the visit
API said 未核查 for such a whole visit, or 是/否 for all five as if checked). The visit keeps which it stated
(stated_findings); the 走访台账, the visit API and the household's 走访记录 tab say 本次未核 for the rest."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from accounts.models import AuditEvent
from households.choices import VisitKind
from households.models import Visit
from households.services.visits import visit_record
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db

FINDINGS = ["food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok"]
ALL_OK = dict.fromkeys(FINDINGS, True)


@pytest.fixture
def return_visit(registry, personas):
    """a1's record says water is not safe; a return visit's form (all five boxes, as it opened) comes back with
    housing unticked by the cadre and water left as it stood."""
    registry.a1.water_ok = False
    registry.a1.save(update_fields=["water_ok"])
    return visit_record(
        actor=personas.cadre_a,
        household=registry.a1,
        visited_on=today(),
        kind=VisitKind.RETURN,
        findings=ALL_OK | {"housing_ok": False, "water_ok": False},
        notes="回访",
    )


def test_a_return_visit_states_only_the_box_its_cadre_changed(return_visit, registry):
    assert return_visit.stated_findings == ["housing_ok"]
    registry.a1.refresh_from_db()
    assert registry.a1.housing_ok is False and registry.a1.water_ok is False
    summary = registry.a1.events.get(summary__startswith="帮扶回访").summary
    assert "发现问题：住房安全无保障" in summary and "饮水" not in summary


def test_a_monthly_visit_states_all_five(registry, personas):
    visit = visit_record(actor=personas.cadre_a, household=registry.a1, visited_on=today(), findings={})
    assert visit.stated_findings == FINDINGS


def test_the_visit_ledger_says_per_item_what_a_return_visit_did_not_state(personas, return_visit, login):
    client = login(personas.cadre_a)
    response = client.post("/reports/export/", {"ledger": "visits", "date_from": today().replace(day=1).isoformat()})
    rows = read_xlsx(download(response))

    _, body = ledger_table(rows)
    findings = {(row[2], row[4]): row[9:14] for row in body}
    assert findings[("360425100201001", "帮扶回访")] == ["本次未核", "本次未核", "本次未核", "否", "本次未核"]
    assert "发现“两不愁三保障”或饮水问题 1 次" in rows[1][0]


def test_the_visit_api_gives_stated_findings_and_null_for_the_rest(personas, return_visit, login):
    one = login(personas.cadre_a).get(f"/api/v1/visits/{return_visit.pk}/").json()

    assert one["stated_findings"] == ["housing_ok"]
    assert one["findings_checked"] is False
    assert one["housing_ok"] is False
    assert [one[name] for name in ("food_clothing_ok", "education_ok", "medical_ok", "water_ok")] == [None] * 4


def test_the_visits_tab_says_which_findings_the_visit_did_not_state(personas, return_visit, registry, login):
    page = login(personas.cadre_a).get(f"/households/{registry.a1.pk}/?tab=visits").content.decode()

    assert "两不愁三保障及饮水：" in page
    assert '<span data-finding="housing_ok">住房安全 <strong>否</strong></span>' in page
    assert '<span data-finding="water_ok" class="muted">饮水安全（本次未核）</span>' in page


def test_the_migration_reads_existing_visits_from_their_history(registry, personas):
    """Visits recorded before: a 月度走访 stated all five; a return visit the boxes its recording changed, taken from
    its audit event; an alert verification that changed none, nothing."""
    day = today() - dt.timedelta(days=1)
    monthly = visit_record(actor=personas.cadre_a, household=registry.a1, visited_on=day, findings={})
    back = visit_record(
        actor=personas.cadre_a,
        household=registry.a1,
        visited_on=today(),
        kind=VisitKind.RETURN,
        findings=ALL_OK | {"medical_ok": False},
    )
    alert = visit_record(actor=personas.cadre_a, household=registry.a2, visited_on=today(), kind=VisitKind.ALERT)
    Visit.objects.update(stated_findings=[])
    assert AuditEvent.objects.filter(object_type="households.visit", object_id=str(back.pk)).exists()

    importlib.import_module("households.migrations.0027_visit_stated_findings").stated(apps, None)

    stated = dict(Visit.objects.values_list("pk", "stated_findings"))
    assert stated == {monthly.pk: FINDINGS, back.pk: ["medical_ok"], alert.pk: []}


def test_the_visits_tab_says_in_one_line_that_a_visit_stated_none(personas, registry, login):
    visit_record(actor=personas.cadre_a, household=registry.a1, visited_on=today(), kind=VisitKind.ALERT, notes="核实")

    page = login(personas.cadre_a).get(f"/households/{registry.a1.pk}/?tab=visits").content.decode()

    assert "两不愁三保障及饮水：本次未核（沿用该户原有记录）" in page
    assert 'data-finding="water_ok"' not in page
