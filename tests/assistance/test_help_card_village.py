"""The 明白卡's 书面或当面向本村村“两委”干部或驻村工作队申报 (work-team review, finding 2): it named the village cadres
only, though seed 000 §三(二) names 村干部和驻村工作队; and an account with no phone printed a blank 电话：, while no
user can set their own phone (only the system admin can). The card names the village's work team under 驻村工作队,
and prints a phone only where the account has one."""

import re

import pytest

from accounts.roles import Role
from households.models import Household
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(household):
    return f"/assistance/households/{household.pk}/card/print/"


def text(page: str, marker: str, end: str) -> str:
    return re.sub(r"<[^>]+>", "", page.split(marker)[1].split(end)[0])


def test_the_card_names_the_villages_work_team_beside_its_cadres(personas, login, county, household_a):
    UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, last_name="王", first_name="队员"
    )
    UserFactory(username="team_b", role=Role.WORK_TEAM, region_path=county.village_b.path, last_name="外村")
    personas.cadre_a.phone = "13800000001"
    personas.cadre_a.save(update_fields=["phone"])

    page = login(personas.cadre_a).get(url(household_a)).content.decode()

    line = text(page, "data-card-village>", "</li>")
    assert "村“两委”干部 cadre_a（13800000001）" in line
    assert "驻村工作队 王队员" in line
    assert "外村" not in line  # another village's team is not this village's


def test_a_village_person_without_a_phone_is_listed_without_a_blank_phone(personas, login, county, household_a):
    UserFactory(username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, last_name="王队员")
    Household.objects.filter(pk=household_a.pk).update(help_contact=personas.cadre_a)

    page = login(personas.cadre_a).get(url(household_a)).content.decode()

    line = text(page, "data-card-village>", "</li>")
    contact = text(page, "data-card-contact>", "</p>")
    assert line.endswith("村“两委”干部 cadre_a；驻村工作队 王队员") and "电话" not in line
    # The help contact's line keeps its blank 联系电话 for the household to write in (test_help_card_contact_phone).
    assert contact == "帮扶责任人（联系人）：cadre_a　联系电话：＿＿＿＿＿＿＿＿"
