"""Fixtures for the reports tests: a few monitored households across two townships, hand-countable."""

import csv
import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from households.choices import HouseholdType, MonitoringCategory, Relation, RiskType
from tests.factories import HouseholdFactory, MemberFactory
from tests.reports.fixtures_departments import departments  # noqa: F401 (a fixture)

# The day the fixtures' households were registered: the county went live before every period the tests look at
# (工作成效 counts a household's visits only from the month it entered the registry).
LIVE_SINCE = dt.date(2020, 1, 6)


def registered_since(day: dt.date, *households) -> None:
    """Set the households' registration day (Household.created_at is auto_now_add, so only an update sets it)."""
    from django.utils import timezone

    from households.models import Household

    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    Household.objects.filter(pk__in=[h.pk for h in households]).update(created_at=at)
    for household in households:
        household.created_at = at


@pytest.fixture
def registry(county):
    """village A: 2 monitored households (one with a formula-like head name) + 1 ordinary; village B: 1 monitored;
    village C (other township): 1 monitored."""

    def household(village, number, head, category="", start=None, risks=(), phone="13812345678"):
        h = HouseholdFactory(
            village=village,
            number=number,
            head_name=head,
            phone=phone,
            household_type=HouseholdType.LIFTED_OUT,
            monitoring_category=category,
            monitoring_start=start,
            risk_types=list(risks),
        )
        MemberFactory(household=h, name=head, relation=Relation.HEAD)
        return h

    a1 = household(
        county.village_a,
        "360425100201001",
        "张三",
        MonitoringCategory.MARGINAL,
        dt.date(2026, 3, 1),
        [RiskType.MEDICAL_COST],
    )
    a2 = household(
        county.village_a, "360425100201002", "=1+1", MonitoringCategory.UNSTABLE_LIFTED_OUT, dt.date(2026, 6, 1)
    )
    a3 = household(county.village_a, "360425100201003", "王五")
    b1 = household(county.village_b, "360425100202001", "赵六", MonitoringCategory.MARGINAL, dt.date(2025, 12, 1))
    c1 = household(county.village_c, "360425101201001", "钱七", MonitoringCategory.SUDDEN_HARDSHIP, dt.date(2026, 1, 5))
    MemberFactory(household=a1, name="张小三", relation=Relation.SON, birth_date=dt.date(2012, 1, 1))
    registered_since(LIVE_SINCE, a1, a2, a3, b1, c1)
    return SimpleNamespace(a1=a1, a2=a2, a3=a3, b1=b1, c1=c1)


def read_xlsx(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def ledger_table(rows: list[list]) -> tuple[list, list[list]]:
    """A list ledger's header and data rows as its own columns say them: without the 序号 column the writer puts
    first and without the 合计 row under the data (test_ledger_print.py checks those); an empty ledger's
    "（无数据）" row is kept whole. Works on openpyxl rows and on LibreOffice's CSV rows alike."""
    start = next(index for index, row in enumerate(rows) if row and row[0] == "序号")
    body = []
    for row in rows[start + 1 :]:
        if all(cell in (None, "") for cell in row) or row[0] == "合计":
            continue
        body.append(row if row[0] == "（无数据）" else row[1:])
    return rows[start][1:], body


def summary_blocks(rows: list[list]) -> dict[str, dict[str, list[int]]]:
    """An 附件4 sheet read back: per unit (column A, merged down its rows), the counts per problem type (label in
    column C under "“三保障”和饮水安全", else B), its 小计 / 合计 row, and "proposed" (户数, 人数); the notes under
    the table (说明) are not a unit."""
    units: dict[str, dict[str, list[int]]] = {}
    current: dict[str, list[int]] = {}
    for row in rows[5:]:
        if str(row[0] or "").startswith("说明"):
            break
        if row[0]:
            current = units.setdefault(row[0], {"proposed": [row[6], row[7]]})
        label = row[2] or row[1]
        current[label] = list(row[3:6])
    return units


def download(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def libreoffice_csv(data: bytes) -> list[list[str]]:
    """Convert with LibreOffice, as an office PC would open it, and read back the CSV (UTF-8)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ledger.xlsx"
        source.write_bytes(data)
        subprocess.run(
            [
                "libreoffice",
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        text = (Path(folder) / "ledger.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def days_ago(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def cases(registry, personas, county):
    """Open: a3 identification discovered 20 days ago (over the 15-day limit, in a publicity step ending in
    2 days) and b1 re-mark 3 days ago. Approved: c1 inclusion (4 days), d1 inclusion then exit (39 days)."""
    from households.choices import LabourCapacity
    from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, ProcedureKind, StepKind
    from workflow.models import Case, CaseStep, Procedure, Step

    procedures = {}
    for kind in ProcedureKind.values:
        procedures[kind] = Procedure.objects.create(
            code=f"reports_{kind}", name=f"测试{kind}", kind=kind, region_prefix="360425", limit_days=15
        )
    publicity = Step.objects.create(
        procedure=procedures["identification"], order=1, code="publicity", name="村级公示", role="village_cadre",
        kind=StepKind.PUBLICITY, days=5,
    )  # fmt: skip

    def case(household, kind, discovered, status=CaseStatus.OPEN, closed=None, category=""):
        return Case.objects.create(
            kind=kind, household=household, procedure=procedures[kind], channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"], category=category, discovered_on=discovered, status=status,
            region_path=household.region_path, closed_on=closed, opened_by=personas.cadre_a,
        )  # fmt: skip

    d1 = HouseholdFactory(
        village=county.village_b, number="360425100202009", head_name="孙八", household_type=HouseholdType.ORDINARY,
        monitoring_start=dt.date(2026, 1, 2), labour_capacity=LabourCapacity.HAS_LABOUR,
    )  # fmt: skip
    MemberFactory(household=d1, name="孙八", relation=Relation.HEAD)
    registered_since(LIVE_SINCE, d1)
    overdue = case(registry.a3, CaseKind.IDENTIFICATION, days_ago(20), category=MonitoringCategory.MARGINAL)
    CaseStep.objects.create(case=overdue, step=publicity, status=CaseStepStatus.OPEN, ends_on=days_ago(-2))
    fresh = case(registry.b1, CaseKind.REMARK, days_ago(3), category=MonitoringCategory.MARGINAL)
    included = case(
        registry.c1, CaseKind.IDENTIFICATION, dt.date(2026, 1, 1), CaseStatus.APPROVED, dt.date(2026, 1, 5),
        MonitoringCategory.SUDDEN_HARDSHIP,
    )  # fmt: skip
    d1_in = case(
        d1, CaseKind.IDENTIFICATION, dt.date(2025, 12, 20), CaseStatus.APPROVED, dt.date(2026, 1, 2),
        MonitoringCategory.MARGINAL,
    )  # fmt: skip
    d1_out = case(d1, CaseKind.EXIT, dt.date(2026, 4, 1), CaseStatus.APPROVED, dt.date(2026, 5, 10))
    return SimpleNamespace(
        overdue=overdue, fresh=fresh, included=included, d1=d1, d1_in=d1_in, d1_out=d1_out, procedures=procedures
    )


@pytest.fixture
def problems(registry, personas, county):
    """A campaign over villages A and C: a1 housing (pending), a2 education (rectified), c1 water (in
    progress); an area problem of village A (industry, pending); a1 proposed for monitoring (2 members)."""
    from screening.choices_campaigns import AreaLevel, ProblemStatus, ProblemType
    from screening.models import AreaProblem, Campaign, HouseholdProblem, ScreeningForm

    campaign = Campaign.objects.create(
        name="2026年集中排查", region=county.county, region_path=county.county.path, created_by=personas.county_officer
    )
    campaign.villages.set([county.village_a, county.village_c])

    def problem(household, kind, status):
        return HouseholdProblem.objects.create(
            campaign=campaign, household=household, region_path=household.region_path, problem_type=kind,
            content=f"{household.head_name}的问题", status=status, created_by=personas.cadre_a,
        )  # fmt: skip

    problem(registry.a1, ProblemType.HOUSING, ProblemStatus.PENDING)
    problem(registry.a2, ProblemType.EDUCATION, ProblemStatus.RECTIFIED)
    problem(registry.c1, ProblemType.WATER, ProblemStatus.IN_PROGRESS)
    AreaProblem.objects.create(
        campaign=campaign, level=AreaLevel.VILLAGE, region=county.village_a, region_path=county.village_a.path,
        problem_type=ProblemType.INDUSTRY, content="产业项目未见效", created_by=personas.township,
    )  # fmt: skip
    ScreeningForm.objects.create(
        campaign=campaign, household=registry.a1, region_path=registry.a1.region_path, filled_by=personas.cadre_a,
        filled_on=dt.date(2026, 3, 1), at_risk=True, propose_monitoring=True,
    )  # fmt: skip
    return campaign
