"""The 走访台账's 走访情况 reads as the visits tab and the API read a visit's notes (households.privacy.
shown_visit_notes): before, an official's download carried a self-application's 入户核实 notes (an illness, a son's
phone and ID number) in full; only an alert's verification was hidden."""

import datetime as dt

import pytest

from households import privacy
from households.choices import VisitKind
from households.idnumber import make, mask
from households.models import Visit
from households.privacy import MSG_ALERT_VISIT_NOTES, MSG_VISIT_NOTES_HIDDEN
from tests.clock import today
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db

SON_ID = make("360425", dt.date(1992, 12, 13), 1)
SON_PHONE = "13698765432"
NOTES = f"自主申报入户核实：妻子乳腺癌晚期化疗中，儿子电话{SON_PHONE}，身份证{SON_ID}"
MASKED = f"自主申报入户核实：妻子乳腺癌晚期化疗中，儿子电话136****5432，身份证{mask(SON_ID)}"
MONTHLY = "户主腰椎间盘突出，暂不能务工"


@pytest.fixture
def visits(registry, personas):
    """Three visits of 张三's household this month: a self-application's verification, a monthly visit, an alert's
    verification; and one of 王五's with no notes."""

    def visit(household, kind, notes):
        return Visit.objects.create(
            household=household,
            region_path=household.region_path,
            visited_on=today(),
            visitor=personas.cadre_a,
            kind=kind,
            notes=notes,
        )

    visit(registry.a1, VisitKind.APPLICATION, NOTES)
    visit(registry.a1, VisitKind.MONTHLY, MONTHLY)
    visit(registry.a1, VisitKind.ALERT, "白血病已治愈")
    visit(registry.a3, VisitKind.MONTHLY, "")


def _notes(client) -> dict[str, list[str]]:
    """走访情况 by 走访类型."""
    header, rows = ledger_table(read_xlsx(download(client.post("/reports/export/", {"ledger": "visits"}))))
    kind, notes = header.index("走访类型"), header.index("走访情况")
    shown: dict[str, list[str]] = {}
    for row in rows:
        shown.setdefault(row[kind], []).append(row[notes] or "")
    return shown


def test_an_officials_ledger_carries_no_visits_notes(personas, login, visits):
    shown = _notes(login(personas.official))

    assert shown == {
        "申报核实": [MSG_VISIT_NOTES_HIDDEN],
        "月度走访": [MSG_VISIT_NOTES_HIDDEN, ""],
        "预警核实": [MSG_ALERT_VISIT_NOTES],
    }


def test_the_county_officer_reads_the_notes_as_written(personas, login, visits):
    shown = _notes(login(personas.county_officer))

    assert shown == {"申报核实": [NOTES], "月度走访": [MONTHLY, ""], "预警核实": ["白血病已治愈"]}


def test_a_role_that_reads_health_with_numbers_masked_reads_them_masked_in_the_ledger(
    personas, login, visits, monkeypatch
):
    """As on the page and in the API (tests/households/test_visit_notes_privacy.py); LibreOffice reads it so too."""
    monkeypatch.setattr(privacy, "sees_health", lambda user: True)
    client = login(personas.official)
    data = download(client.post("/reports/export/", {"ledger": "visits"}))

    header, rows = ledger_table(libreoffice_csv(data))

    notes = [row[header.index("走访情况")] for row in rows]
    assert MASKED in notes and MONTHLY in notes and "白血病已治愈" in notes
    assert not any(SON_PHONE in cell or SON_ID in cell for row in rows for cell in row)
