"""The ledgers name a help contact without an account (包保单位人员) with their unit and phone in the 帮扶联系人 column,
the phone masked as 联系电话 is for those who read phones masked; opened in LibreOffice as an office would."""

import pytest

from assistance.services import contacts
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _export(client, code):
    return download(client.post("/reports/export/", {"ledger": code}))


def _cells(header, rows, head_name):
    row = next(r for r in rows if r[header.index("户主姓名")] == head_name)
    return row[header.index("帮扶联系人")]


def test_the_monitored_household_ledger_names_the_person_and_their_phone(personas, registry, login):
    contacts.help_contact_assign(
        actor=personas.township,
        household=registry.a1,
        person_name="王建国",
        person_unit="县农业农村局",
        person_phone="13812345678",
    )
    personas.township.last_name, personas.township.first_name = "刘", "强"
    personas.township.save(update_fields=["last_name", "first_name"])
    contacts.help_contact_assign(actor=personas.township, household=registry.b1, contact=personas.township)

    data = _export(login(personas.county_officer), "monitored_households")
    header, rows = ledger_table(read_xlsx(data))

    assert _cells(header, rows, "张三") == "王建国（县农业农村局，13812345678）"
    assert _cells(header, rows, "赵六") == "刘强"  # an account, as before
    csv_header, csv_rows = ledger_table(libreoffice_csv(data))
    assert _cells(csv_header, csv_rows, "张三") == "王建国（县农业农村局，13812345678）"
    read_header, read_rows = ledger_table(read_xlsx(_export(login(personas.official), "monitored_households")))
    assert _cells(read_header, read_rows, "张三") == "王建国（县农业农村局，138****5678）"


def test_the_unvisited_list_names_the_person_with_a_landline_masked_for_a_reader(personas, registry, login):
    contacts.help_contact_assign(
        actor=personas.township,
        household=registry.a1,
        person_name="王建国",
        person_unit="县人民医院",
        person_phone="0792-3221234",
    )

    full_header, full = ledger_table(read_xlsx(_export(login(personas.county_officer), "unvisited")))
    read_header, read = ledger_table(read_xlsx(_export(login(personas.official), "unvisited")))

    assert _cells(full_header, full, "张三") == "王建国（县人民医院，0792-3221234）"
    assert _cells(read_header, read, "张三") == "王建国（县人民医院，079****1234）"
