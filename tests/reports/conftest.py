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
    return SimpleNamespace(a1=a1, a2=a2, a3=a3, b1=b1, c1=c1)


def read_xlsx(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


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
