"""The API takes 民族 as the pages do: one of the 56 groups of GB/T 3304 or 其他 (households.ethnicity), a short
form read as the full name. The household form and the member pages offer only that list; POST /api/v1/households/
and /members/ stored any text ("汉族人", "Han"), which then split every count by 民族."""

import datetime as dt

import pytest

from households.models import Household, Member
from households.services.members import MSG_ETHNICITY
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def test_a_household_with_an_ethnicity_off_the_list_is_refused_at_the_members_field(personas, county, login):
    members = [
        member_row("孙大", "head", dt.date(1980, 2, 2), 17, ethnicity="汉族人"),
        member_row("孙二", "son", dt.date(2000, 2, 2), 29, ethnicity="苗"),
    ]
    body = {"village": county.village_a.code, "household_type": "ordinary", "members": members}

    response = login(personas.cadre_a).post("/api/v1/households/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"members": {"0": {"ethnicity": [MSG_ETHNICITY.format(value="汉族人")]}}}
    assert not Household.objects.exists()


def test_a_member_added_or_edited_through_the_api_takes_the_list_too(personas, county, login, household_a):
    client = login(personas.cadre_a)
    row = {**member_row("孙小", "son", dt.date(2010, 5, 5), 55), "household": household_a.pk, "ethnicity": "Han"}
    row["student_stage"], row["joined_reason"] = "junior", "moved_in"

    added = client.post("/api/v1/members/", row, content_type="application/json")
    assert added.status_code == 400 and added.json()["ethnicity"] == [MSG_ETHNICITY.format(value="Han")]

    added = client.post("/api/v1/members/", {**row, "ethnicity": "畲"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["ethnicity"] == "畲族"
    member = Member.objects.get(pk=added.json()["id"])
    edited = client.patch(f"/api/v1/members/{member.pk}/", {"ethnicity": "火星族"}, content_type="application/json")
    assert edited.status_code == 400 and "ethnicity" in edited.json()
    member.refresh_from_db()
    assert member.ethnicity == "畲族"


def test_an_old_record_off_the_list_may_still_be_edited_elsewhere(personas, county, login, household_a):
    member = household_a.members.get(relation="head")
    Member.objects.filter(pk=member.pk).update(ethnicity="穿青人")
    response = login(personas.cadre_a).patch(
        f"/api/v1/members/{member.pk}/", {"name": "张大海"}, content_type="application/json"
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.ethnicity == "穿青人" and member.name == "张大海"
