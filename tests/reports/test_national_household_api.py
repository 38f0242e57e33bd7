"""The household API's 国家系统标注 is the ledger's and the pending list's: computed from the household's decided
cases and their marks, not the value the go-live import stored (review reports finding 4)."""

import pytest

from households.choices import NationalMarking
from households.models import Household
from reports.ledgers.households import HOUSEHOLD_COLUMNS
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db

MARKING = [column.header for column in HOUSEHOLD_COLUMNS].index("国家系统标注")


def api_marking(client, household):
    data = client.get(f"/api/v1/households/{household.pk}/").json()
    return data["national_marking"], data["national_marking_display"]


def ledger_marking(client, number):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": "monitored_households"})))
    return next(row[MARKING] for row in ledger_table(rows)[1] if row[3] == number)


def test_a_household_reads_pending_until_its_decided_cases_are_marked_then_marked(personas, cases, login):
    Household.objects.filter(pk=cases.d1.pk).update(monitoring_category="marginal")
    client = login(personas.county_officer)
    assert cases.d1.national_marking == NationalMarking.NOT_APPLICABLE

    assert api_marking(client, cases.d1) == ("pending", "待标注")
    assert ledger_marking(client, cases.d1.number) == "待标注"
    listed = client.get("/api/v1/households/", {"q": "孙八"}).json()["results"]
    assert [row["national_marking"] for row in listed] == ["pending"]

    marked = client.post(
        "/api/v1/reports/national/", {"cases": [cases.d1_in.pk, cases.d1_out.pk]}, content_type="application/json"
    )

    assert marked.status_code == 200
    assert api_marking(client, cases.d1) == ("marked", "已标注")
    assert ledger_marking(client, cases.d1.number) == "已标注"


def test_a_household_without_decided_cases_reads_what_the_import_said(personas, registry, login):
    Household.objects.filter(pk=registry.a1.pk).update(national_marking=NationalMarking.MARKED)
    client = login(personas.county_officer)

    assert api_marking(client, registry.a1) == ("marked", "已标注")
    assert api_marking(client, registry.a2) == ("n_a", "无需标注")
