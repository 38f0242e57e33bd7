"""A masked ID number in a ledger comes with the birth year only: the full birth date beside it (digits 7–14 of the
number) would give the whole number back to a read-only role."""

import datetime as dt

import pytest

from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def rows_of(client, code):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code})))
    return ledger_table(rows)


def test_the_member_ledger_gives_an_official_the_birth_year_beside_the_masked_number(personas, registry, login):
    header, official = rows_of(login(personas.official), "members")
    _, officer = rows_of(login(personas.county_officer), "members")
    son = registry.a1.members.get(name="张小三")
    column = header.index("出生日期")

    shown = next(row for row in official if row[5] == "张小三")
    assert shown[6] == son.id_number[:4] + "*" * 10 + son.id_number[-4:]
    assert shown[column] == "2012年"
    full = next(row for row in officer if row[5] == "张小三")
    assert full[6] == son.id_number and full[column] == dt.datetime(2012, 1, 1)


def test_the_labour_ledger_gives_an_official_the_birth_year_beside_the_masked_number(personas, departments, login):
    header, official = rows_of(login(personas.official), "labour_employment")
    _, officer = rows_of(login(personas.county_officer), "labour_employment")
    column = header.index("出生日期")

    shown = next(row for row in official if row[7] == "张三")
    full = next(row for row in officer if row[7] == "张三")
    assert "**********" in shown[8] and shown[6] == "138****5678"
    assert full[column].year > 1900 and shown[column] == f"{full[column].year}年"
