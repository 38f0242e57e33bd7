"""The household list filtered by a place that is not the user's says so and lists nothing, instead of silently
showing the whole township (review township finding 11); the API list is empty for such a place."""

import pytest

pytestmark = pytest.mark.django_db

MSG_VILLAGE = "所选村不存在或不在您的管辖范围内。"


def rows(page: str) -> str:
    return page.split('id="household-rows"')[1] if 'id="household-rows"' in page else page


def test_an_unknown_village_code_is_said_and_lists_no_household(household_a, household_b, personas, login):
    client = login(personas.township)

    page = client.get("/households/?village=999999999999").content.decode()

    assert MSG_VILLAGE in page
    assert "共 0 户" in page and "张大山" not in rows(page) and "王五" not in rows(page)


def test_another_township_s_village_is_said_as_well(household_a, personas, login, county):
    page = login(personas.township).get(f"/households/?village={county.village_c.code}").content.decode()

    assert MSG_VILLAGE in page and "共 0 户" in page


def test_the_message_comes_with_the_rows_an_htmx_filter_replaces(household_a, personas, login):
    partial = login(personas.township).get("/households/?village=999999999999", HTTP_HX_REQUEST="true")

    assert MSG_VILLAGE in partial.content.decode() and "共 0 户" in partial.content.decode()


def test_a_village_in_scope_filters_without_a_message(household_a, household_b, personas, login, county):
    page = login(personas.township).get(f"/households/?village={county.village_a.code}").content.decode()

    assert MSG_VILLAGE not in page and "共 1 户" in page and "张大山" in page and "王五" not in rows(page)


def test_places_whose_filter_the_page_leaves_out_are_checked_too(household_a, household_b, personas, login, county):
    # A village cadre has no village filter, a township officer no township filter; a link may still carry one.
    cadre = login(personas.cadre_a)
    other_village = cadre.get(f"/households/?village={county.village_b.code}").content.decode()
    own_village = cadre.get(f"/households/?village={county.village_a.code}").content.decode()
    township = login(personas.township).get(f"/households/?township={county.township2.code}").content.decode()

    assert MSG_VILLAGE in other_village and "共 0 户" in other_village
    assert MSG_VILLAGE not in own_village and "共 1 户" in own_village
    assert "所选乡镇不存在或不在您的管辖范围内。" in township and "共 0 户" in township


def test_a_group_of_another_village_is_said(household_a, personas, login, county):
    page = login(personas.cadre_b).get(f"/households/?group={county.group_a.code}").content.decode()

    assert "所选村民小组不存在或不在您的管辖范围内" in page and "共 0 户" in page


def test_the_api_refuses_a_place_out_of_scope(household_a, household_b, personas, login, county):
    client = login(personas.township)

    unknown = client.get("/api/v1/households/?village=999999999999")
    elsewhere = client.get(f"/api/v1/households/?village={county.village_c.code}")
    own = client.get(f"/api/v1/households/?village={county.village_a.code}").json()

    # A 400 naming the parameter (config.api.choice_param's rule), not an empty list read as an empty village.
    assert (unknown.status_code, elsewhere.status_code) == (400, 400)
    assert "village" in unknown.json() and "village" in elsewhere.json()
    assert own["count"] == 1
