"""A department clerk cannot learn where a person of its files lives (review alerts finding 1): no village,
township, household or ordering by place narrows its outcomes, in the API or on /alerts/outcomes/ (a 400 in
Chinese), and its search never matches the registry's household head."""

import pytest
from django.utils import timezone

from alerts.selectors import MSG_CLERK_REGISTRY_PARAM
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.fixture
def reported(clerks, people):
    """李秀英 (household of 张大山, village A) and 王五 (village C) reported by the health department."""
    rows = [["李秀英", people["li"].id_number, "未参保", "10"], ["王五", people["wang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return people


def registry_params(county, people) -> list[tuple[str, str]]:
    household = people["li"].household
    return [
        ("village", county.village_a.code),
        ("village", county.township.code),
        ("township", county.township.code),
        ("region", county.village_a.code),
        ("household", str(household.pk)),
        ("head_name", household.head_name),
        ("ordering", "region_path"),
        ("order", "village"),
        ("sort", "household__village"),
    ]


def test_the_api_refuses_every_registry_parameter_to_a_clerk(clerks, county, reported, login):
    client = login(clerks["health"])
    assert client.get("/api/v1/alerts/").json()["count"] == 2

    for name, value in registry_params(county, reported):
        response = client.get("/api/v1/alerts/", {name: value})

        assert response.status_code == 400, (name, response.content.decode()[:200])
        assert "李秀英" not in response.content.decode() and "王五" not in response.content.decode()
    said = client.get("/api/v1/alerts/", {"village": county.village_a.code}).json()["village"][0]
    assert said == MSG_CLERK_REGISTRY_PARAM.format(name="village")


def test_an_unknown_parameter_lists_to_a_clerk_only_the_parameters_a_clerk_may_send(clerks, personas, login):
    said = login(clerks["health"]).get("/api/v1/alerts/", {"villge": "x"}).json()["villge"][0]
    offered = said.split("可用：")[1].rstrip("。").split("、")

    assert offered == ["status", "level", "outcome", "feed_type", "q", "page", "page_size", "format"]
    assert "village" in login(personas.county_officer).get("/api/v1/alerts/", {"villge": "x"}).json()["villge"][0]


def test_a_blank_registry_parameter_is_refused_to_a_clerk_as_one_it_does_not_take(clerks, login):
    said = login(clerks["health"]).get("/api/v1/alerts/", {"village": ""}).json()["village"][0]

    assert said.startswith("本接口没有“village”这个查询参数") and "village" not in said.split("可用：")[1]


def test_the_outcomes_page_refuses_them_alike(clerks, county, reported, login):
    client = login(clerks["health"])
    assert "李秀英" in client.get("/alerts/outcomes/").content.decode()

    for name, value in registry_params(county, reported):
        response = client.get("/alerts/outcomes/", {name: value})
        page = response.content.decode()

        assert response.status_code == 400, name
        assert MSG_CLERK_REGISTRY_PARAM.format(name=name) in page
        assert "李秀英" not in page and "王五" not in page
        assert "查询条件有误，未列出预警。" in page and "还没有生成预警" not in page


def test_the_clerks_search_never_matches_the_household_head(clerks, reported, login):
    client = login(clerks["health"])

    assert client.get("/api/v1/alerts/", {"q": "张大山"}).json()["count"] == 0
    assert "李秀英" not in client.get("/alerts/outcomes/", {"q": "张大山"}).content.decode()
    assert client.get("/api/v1/alerts/", {"q": "李秀英"}).json()["count"] == 1


def test_registry_staff_still_filter_by_village(personas, county, reported, login):
    client = login(personas.county_officer)

    names = [
        a["person_name"] for a in client.get("/api/v1/alerts/", {"village": county.village_a.code}).json()["results"]
    ]

    assert names == ["李秀英"]
