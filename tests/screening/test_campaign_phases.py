"""A campaign's phases when it is edited: the field screening phase keeps the forms already filled inside it, a
phase is given once, and a PATCH that lists some phases changes those and keeps the others."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.services import registry
from screening.choices_campaigns import PhaseKind
from screening.services import campaigns
from screening.services.campaign_edit import MSG_FIELD_AFTER_FORMS, MSG_FIELD_BEFORE_FORMS, campaign_update
from tests.clock import today
from tests.households.conftest import member_row, numbered

pytestmark = pytest.mark.django_db


def _day(offset: int) -> dt.date:
    return today() + dt.timedelta(days=offset)


def campaign_phases() -> list:
    return [
        {"kind": "mobilization", "starts_on": _day(-20), "ends_on": _day(-15)},
        {"kind": "field_screening", "starts_on": _day(-15), "ends_on": _day(10)},
        {"kind": "rectification", "starts_on": _day(10), "ends_on": _day(20)},
        {"kind": "summary", "starts_on": _day(20), "ends_on": _day(21)},
    ]


DUPLICATE = campaigns.MSG_PHASE_DUPLICATE.format(phase="入户排查")


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=campaign_phases(),
    )  # fmt: skip


@pytest.fixture
def filled(campaign, personas, county):
    """Two forms, dated 5 days ago and yesterday."""
    for sequence, offset in ((11, -5), (33, -1)):
        rows = [member_row(numbered("户主", sequence), Relation.HEAD, dt.date(1970, 1, 1), sequence)]
        household = registry.household_create(
            actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
        )
        campaigns.form_submit(
            actor=personas.cadre_a, campaign=campaign, household=household, answers={}, filled_on=_day(offset)
        )
    return campaign


def _with_field(starts_on, ends_on):
    return [
        p if p["kind"] != "field_screening" else {**p, "starts_on": starts_on, "ends_on": ends_on}
        for p in campaign_phases()
    ]


def test_the_field_phase_may_not_start_after_the_first_form_nor_end_before_the_last(filled, personas, county):
    for phases, message in (
        (_with_field(_day(-3), _day(10)), MSG_FIELD_AFTER_FORMS.format(date=_day(-5).isoformat())),
        (_with_field(_day(-15), _day(-2)), MSG_FIELD_BEFORE_FORMS.format(date=_day(-1).isoformat())),
    ):
        with pytest.raises(ValidationError) as refused:
            campaign_update(
                actor=personas.county_officer, campaign=filled, name=filled.name, villages=[county.village_a],
                phases=phases,
            )  # fmt: skip
        assert refused.value.message_dict["phases"] == [message]
    assert filled.phases.get(kind=PhaseKind.FIELD_SCREENING).starts_on == _day(-15)

    campaign_update(
        actor=personas.county_officer, campaign=filled, name=filled.name, villages=[county.village_a],
        phases=_with_field(_day(-5), _day(-1)),
    )  # fmt: skip
    assert filled.phases.get(kind=PhaseKind.FIELD_SCREENING).starts_on == _day(-5)


def test_a_phase_given_twice_is_refused_on_creation(personas, county, login):
    field = campaign_phases()[1]
    twice = [field, {**field, "starts_on": _day(-3)}]

    with pytest.raises(ValidationError) as refused:
        campaigns.campaign_create(
            actor=personas.county_officer, name="重复", region=county.county, villages=[county.village_a], phases=twice
        )
    response = login(personas.county_officer).post(
        "/api/v1/campaigns/",
        {
            "name": "dup",
            "region": county.county.code,
            "villages": [county.village_a.code],
            "phases": [
                {**p, "starts_on": p["starts_on"].isoformat(), "ends_on": p["ends_on"].isoformat()} for p in twice
            ],
        },
        content_type="application/json",
    )

    assert refused.value.message_dict["phases"] == [DUPLICATE]
    assert response.status_code == 400 and DUPLICATE in response.content.decode()


def test_a_patch_listing_one_phase_changes_it_and_keeps_the_others(campaign, personas, login):
    new_end = _day(12)

    response = login(personas.county_officer).patch(
        f"/api/v1/campaigns/{campaign.pk}/",
        {"phases": [{"kind": "field_screening", "starts_on": _day(-15).isoformat(), "ends_on": new_end.isoformat()}]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert [(p["kind"], p["ends_on"]) for p in response.json()["phases"]] == [
        ("mobilization", _day(-15).isoformat()),
        ("field_screening", new_end.isoformat()),
        ("rectification", _day(20).isoformat()),
        ("summary", _day(21).isoformat()),
    ]


def test_the_api_refuses_the_reviewers_patch_and_a_duplicate_in_a_patch(filled, personas, login):
    client = login(personas.county_officer)
    # The reviewer moved it after the forms (2026-12-20 for forms of 12-03/04); here within the other phases' order.
    late = {"kind": "field_screening", "starts_on": _day(-3).isoformat(), "ends_on": _day(10).isoformat()}

    moved = client.patch(f"/api/v1/campaigns/{filled.pk}/", {"phases": [late]}, content_type="application/json")
    twice = client.patch(
        f"/api/v1/campaigns/{filled.pk}/",
        {"phases": [late, {**late, "starts_on": _day(-15).isoformat()}]},
        content_type="application/json",
    )

    assert moved.status_code == 400
    assert MSG_FIELD_AFTER_FORMS.format(date=_day(-5).isoformat()) in moved.content.decode()
    assert twice.status_code == 400 and DUPLICATE in twice.content.decode()
    assert filled.phases.count() == 4


def test_the_edit_page_shows_the_refusal(filled, personas, county, login):
    data = {"name": filled.name, "villages": [county.village_a.pk]}
    for phase in _with_field(_day(-3), _day(10)):
        data[f"{phase['kind']}_starts_on"] = phase["starts_on"].isoformat()
        data[f"{phase['kind']}_ends_on"] = phase["ends_on"].isoformat()

    response = login(personas.county_officer).post(f"/campaigns/{filled.pk}/edit/", data)

    assert response.status_code == 200
    assert MSG_FIELD_AFTER_FORMS.format(date=_day(-5).isoformat()) in response.content.decode()


def test_a_phase_date_in_year_1_or_9999_is_a_typing_slip_refused_on_the_api_and_the_edit_page(
    campaign, personas, county, login
):
    """The date picker takes 0001-… and 9999-…: they were saved, and the campaign ran for millennia."""
    client = login(personas.county_officer)
    phases = [
        {"kind": "field_screening", "starts_on": _day(-15).isoformat(), "ends_on": "9999-12-31"},
    ]
    created = client.post(
        "/api/v1/campaigns/",
        {"name": "笔误", "region": county.county.code, "villages": [county.village_a.code], "phases": phases},
        content_type="application/json",
    )
    data = {"name": campaign.name, "villages": [county.village_a.pk]}
    for phase in _with_field(dt.date(1, 1, 1), _day(10)):
        data[f"{phase['kind']}_starts_on"] = phase["starts_on"].isoformat()
        data[f"{phase['kind']}_ends_on"] = phase["ends_on"].isoformat()
    edited = client.post(f"/campaigns/{campaign.pk}/edit/", data)

    late = campaigns.MSG_PHASE_YEAR.format(phase="入户排查", day="9999-12-31", low=2000, high=2100)
    early = campaigns.MSG_PHASE_YEAR.format(phase="入户排查", day="0001-01-01", low=2000, high=2100)
    assert created.status_code == 400 and late in created.json()["phases"], created.content.decode()
    assert edited.status_code == 200 and early in edited.content.decode()
    campaign.refresh_from_db()
    assert campaign.phases.get(kind=PhaseKind.FIELD_SCREENING).starts_on == _day(-15)
