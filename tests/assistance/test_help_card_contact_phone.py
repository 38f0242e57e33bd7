"""The 明白卡's 帮扶责任人（联系人） line (reviewer's finding 3): a contact with no phone on file printed the name and
nothing else, while a card with no contact at all printed a blank 联系电话 line. The blank line is printed whenever the
phone is empty, so the household can write the number in when the contact gives it."""

import datetime as dt
import re

import pytest

from assistance.models import HelpContactAssignment
from households.models import Household

pytestmark = pytest.mark.django_db

BLANK = "＿＿＿＿＿＿＿＿"


def contact_line(client, household) -> str:
    page = client.get(f"/assistance/households/{household.pk}/card/print/").content.decode()
    return re.sub(r"<[^>]+>", "", page.split("data-card-contact>")[1].split("</p>")[0])


def test_an_account_contact_without_a_phone_gets_the_blank_phone_line(personas, login, household_a):
    personas.cadre_a.phone = ""
    personas.cadre_a.save(update_fields=["phone"])
    Household.objects.filter(pk=household_a.pk).update(help_contact=personas.cadre_a)

    line = contact_line(login(personas.cadre_a), household_a)

    assert line == f"帮扶责任人（联系人）：cadre_a　联系电话：{BLANK}"


def test_a_person_contact_without_a_phone_gets_the_blank_phone_line_after_the_unit(personas, login, household_a):
    HelpContactAssignment.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        person_name="周建军",
        person_unit="县农业农村局",
        starts_on=dt.date(2026, 1, 5),
        assigned_by=personas.township,
    )

    line = contact_line(login(personas.cadre_a), household_a)

    assert line == f"帮扶责任人（联系人）：周建军（县农业农村局）　联系电话：{BLANK}"


def test_a_contact_with_a_phone_prints_it_and_no_blank(personas, login, household_a):
    personas.cadre_a.phone = "13800000001"
    personas.cadre_a.save(update_fields=["phone"])
    Household.objects.filter(pk=household_a.pk).update(help_contact=personas.cadre_a)

    line = contact_line(login(personas.cadre_a), household_a)

    assert line == "帮扶责任人（联系人）：cadre_a　联系电话：13800000001"


def test_no_contact_still_prints_both_blanks(personas, login, household_a):
    line = contact_line(login(personas.cadre_a), household_a)

    assert line == f"帮扶责任人（联系人）：＿＿＿＿＿＿　联系电话：{BLANK}"
