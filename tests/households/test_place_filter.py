"""The 范围 of a list narrowed to a township or a village (households.place_filter): named by its code or its region
path, under its township, with the way back to the whole scope keeping the list's other filters; nothing is named
for a place out of the user's scope or for places that do not nest (tests/reports/test_dashboard_place_filter.py
for the lists the dashboard opens)."""

import pytest
from django.http import QueryDict

from households.place_filter import place_filter, place_named, place_narrow, place_refused
from households.region_filter import NO_REGION

pytestmark = pytest.mark.django_db


def test_a_village_is_named_under_its_township_and_cleared_keeping_the_other_filters(personas, county):
    query = QueryDict(f"show=overdue&village={county.village_a.code}&page=2&kind=a&kind=b")

    place = place_filter(actor=personas.county_officer, path="/x/", query=query)

    assert place is not None and place.region == county.village_a and place.label == "涂埠镇城南村"
    assert place.clear_url == "/x/?show=overdue&kind=a&kind=b"


def test_a_township_is_named_by_its_code_or_its_path(personas, county):
    for value in (county.township2.code, county.township2.path):
        place = place_filter(actor=personas.county_officer, path="/x/", query={"township": value})
        assert place is not None and place.label == "虬津镇" and place.clear_url == "/x/"


def test_a_village_outside_the_township_given_is_no_place(personas, county):
    query = {"township": county.township2.code, "village": county.village_a.code, "show": "overdue"}

    assert place_filter(actor=personas.county_officer, path="/x/", query=query) is None
    both = place_filter(actor=personas.county_officer, path="/x/", query=query | {"township": county.township.path})
    assert both is not None and both.label == "涂埠镇城南村" and both.clear_url == "/x/?show=overdue"


def test_a_place_out_of_scope_or_unknown_is_no_place(personas, county):
    township = personas.township  # 涂埠镇

    assert place_filter(actor=township, path="/x/", query={"village": county.village_c.code}) is None
    assert place_filter(actor=township, path="/x/", query={"village": "360425999999"}) is None
    assert place_filter(actor=township, path="/x/", query={"show": "overdue"}) is None


def test_a_list_without_a_place_or_with_one_out_of_scope_says_none(personas, county, login):
    client = login(personas.township)

    assert "data-place-filter" not in client.get("/assistance/return-visits/?show=overdue").content.decode()
    assert "data-place-filter" not in client.get(f"/households/?village={county.village_c.code}").content.decode()
    assert (
        "范围：<strong>涂埠镇城南村</strong>"
        in client.get(f"/households/?village={county.village_a.code}").content.decode()
    )


def test_a_place_the_user_may_not_list_is_refused_and_no_place_is_not(personas, county):
    township = personas.township  # 涂埠镇

    for query in (
        {"village": county.village_c.code},
        {"township": county.township2.path, "show": "overdue"},
        {"village": "360425999999"},
        {"township": county.township.code, "village": county.village_c.code},
    ):
        assert place_refused(actor=township, query=query), query
    for query in ({"show": "overdue"}, {"village": county.village_a.code}, {"township": county.township.path}):
        assert not place_refused(actor=township, query=query), query


def test_a_place_narrows_the_filters_unless_the_form_chose_one_and_a_refused_one_matches_nothing(personas, county):
    township = place_named(actor=personas.county_officer, query={"township": county.township.code})
    refused = place_named(actor=personas.township, query={"village": county.village_c.code})

    filters: dict = {"status": "open"}
    place_narrow(filters, township)
    assert filters == {"status": "open", "region": county.township.path}
    chosen = {"village": county.village_a.code}
    place_narrow(chosen, township, key="township", unless="village")
    assert chosen == {"village": county.village_a.code}  # the village picked in the form is narrower
    for filters in ({}, {"region": county.village_a.path}):
        place_narrow(filters, refused)
        assert filters["region"] == NO_REGION  # never the whole scope, nor the form's own pick
    none: dict = {}
    place_narrow(none, None)
    assert none == {}


def test_the_household_list_names_its_place_above_the_filters_and_renews_it_when_htmx_swaps_the_rows(
    personas, county, login
):
    client = login(personas.township)

    page = client.get(f"/households/?visited_last_month=no&village={county.village_a.code}").content.decode()
    rows = client.get(f"/households/?village={county.village_b.code}", HTTP_HX_REQUEST="true").content.decode()
    cleared = client.get("/households/?visited_last_month=no", HTTP_HX_REQUEST="true").content.decode()

    assert page.find('data-place-filter="360425100201"') < page.find('class="filters') and page.count("范围：") == 1
    assert '<div id="place-filter" hx-swap-oob="true"><p class="notice small place-filter"' in rows
    assert "范围：<strong>涂埠镇城北村</strong>" in rows
    assert '<div id="place-filter" hx-swap-oob="true"></div>' in cleared
