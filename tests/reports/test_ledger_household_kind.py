"""The 户类型 filter of the ledgers page narrows the ledgers of monitored households to one category (or the
lifted-out among them) and the file's heading line says so (review reports finding 2)."""

import pytest

from households.choices import HouseholdType
from households.models import Household
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def export(client, code, **filters):
    return download(client.post("/reports/export/", {"ledger": code, **filters}))


def test_a_category_chosen_narrows_the_monitored_household_ledger_and_is_named_in_its_heading(
    personas, registry, login
):
    data = export(login(personas.county_officer), "monitored_households", household_kind="sudden_hardship")
    rows = read_xlsx(data)

    assert [row[4] for row in ledger_table(rows)[1]] == ["钱七"]
    assert "户类型：监测对象：突发严重困难户" in rows[1][0]
    shown = libreoffice_csv(data)
    assert "户类型：监测对象：突发严重困难户" in shown[1][0] and any("钱七" in row for row in shown)
    assert not any("张三" in row for row in shown)


def test_the_lifted_out_among_the_monitored_and_their_members(personas, registry, login):
    Household.objects.filter(pk=registry.a1.pk).update(household_type=HouseholdType.ORDINARY)
    client = login(personas.county_officer)

    households = read_xlsx(export(client, "monitored_households", household_kind="lifted_out"))
    members = read_xlsx(export(client, "members", household_kind="marginal"))

    assert [row[4] for row in ledger_table(households)[1]] == ["'=1+1", "赵六", "钱七"]
    assert {row[5] for row in ledger_table(members)[1]} == {"张三", "张小三", "赵六"}
    assert "钱七" not in {cell for row in ledger_table(members)[1] for cell in row}
    assert "户类型：监测对象：边缘易致贫户" in members[1][0]


def test_the_page_says_which_ledgers_read_the_household_type(personas, registry, login):
    page = login(personas.county_officer).get("/reports/").content.decode()

    assert "户类型只用于“监测对象台账”、“监测对象家庭成员台账”" in page


def test_the_statistics_line_names_the_household_type_its_counts_follow(personas, registry, login):
    """Review finding (fix_recent 4): the line over the summaries left out the 户类型 though they follow it."""
    client = login(personas.county_officer)

    chosen = client.get("/reports/", {"household_kind": "lifted_out"}).content.decode()
    unchosen = client.get("/reports/").content.decode()

    line = chosen[chosen.index("data-summary-scope") :][:400]
    assert "户类型“脱贫户”（“监测对象台账”、“监测对象家庭成员台账”" in line
    assert "户类型“" not in unchosen[unchosen.index("data-summary-scope") :][:400]
