"""Pages and API lists given nonsense in their query parameters answer with a page or a Chinese 400, never a
server error (the lists, filters and reports added in the 2026-12-03 session among them)."""

import pytest

pytestmark = pytest.mark.django_db

BAD = {
    "page": "abc",
    "date": "2026-02-30",
    "date_from": "x",
    "date_to": "2026-13-01",
    "region": "999",
    "village": "%00",
    "township": "abc",
    "group": "x" * 300,
    "grid": "abc",
    "status": "nope",
    "kind": "nope",
    "period": "decade",
    "step": "nope",
    "channel": "nope",
    "green": "maybe",
    "show": "nope",
    "q": "'; drop table x; --",
    "batch": "-1",
    "feed_type": "abc",
    "start": "x",
    "end": "2026-13-01",
    "quarter": "2026Q9",
    "household_kind": "nope",
    "page_size": "-5",
    "min_days": "abc",
}
PAGES = [
    "/workflow/cases/",
    "/workflow/",
    "/workflow/batches/",
    "/workflow/batches/submission/",
    "/households/",
    "/reports/performance/",
    "/reports/performance/export/",
    "/reports/dashboard/",
    "/assistance/",
    "/assistance/contacts/",
    "/screening/",
    "/alerts/",
    "/alerts/uploads/",
    "/alerts/punctuality/",
    "/alerts/unregistered/",
    "/assistance/measures/",
    "/assistance/employment/",
    # added on 2026-12-04 (twentieth machine)
    "/reports/entry/",
    "/reports/campaign-gaps/",
    "/reports/",
    "/workflow/tasks/",
]
APIS = [
    "/api/v1/cases/",
    "/api/v1/households/",
    "/api/v1/assistance/plans/",
    "/api/v1/reports/performance/",
    "/api/v1/reports/entry/",
    "/api/v1/reports/campaign-gaps/",
    "/api/v1/reports/national/",
    "/api/v1/reports/dashboard/",
    "/api/v1/batches/queue/",
    "/api/v1/members/",
    "/api/v1/regions/",
    "/api/v1/alerts/",
    "/api/v1/assistance/measures/",
    "/api/v1/assistance/claims/",
    "/api/v1/assistance/department-measures/",
    "/api/v1/data-checks/",
]


@pytest.mark.parametrize("role", ["township", "county_officer", "cadre_a", "official"])
def test_nonsense_parameters_never_give_a_server_error(personas, login, role):
    client = login(getattr(personas, role))
    for url in PAGES:
        for name, value in BAD.items():
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, response.status_code)
    for url in APIS:
        for name, value in BAD.items():
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, response.status_code)
            if response.status_code == 400:
                assert any("\u4e00" <= ch <= "\u9fff" for ch in response.content.decode()), (url, name)


@pytest.mark.parametrize("role", ["township", "cadre_a", "clerk"])
def test_the_sessions_new_pages_take_nonsense_too(personas, login, county, role):
    """The pages added on 2026-12-03 (thirteenth machine): the batch announcement, the 采集表, the transfer search,
    the campaign summary export, the feed upload form with a chosen period."""
    from tests.factories import HouseholdFactory, MemberFactory

    household_a = HouseholdFactory(village=county.village_a)
    member = MemberFactory(household=household_a, name="张大山", relation="head")
    client = login(getattr(personas, role))
    urls = [
        f"/workflow/announcement/{county.township.code}/print/",
        f"/households/{household_a.pk}/form/print/",
        f"/households/members/{member.pk}/transfer/",
        "/alerts/uploads/",
    ]
    for url in urls:
        for name, value in {**BAD, "period": "2026-99Z"}.items():
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, response.status_code)


@pytest.mark.parametrize("role", ["township", "cadre_a", "county_officer"])
def test_the_pages_and_parameters_of_2026_12_05_evening_take_nonsense_too(personas, login, county, role):
    """The pages and parameters added on 2026-12-05 (twenty-sixth machine): the data checks' 乡镇 filter, the
    监督电话 page, the applications' 待办/超期 views, the measure list's 已到开始日期未实施 filter, the member page's
    ?field= and ?next= from a finding, the case and green-channel forms' ?from_visit=, the dashboard's step links."""
    from tests.factories import HouseholdFactory, MemberFactory

    household = HouseholdFactory(village=county.village_a)
    member = MemberFactory(household=household, name="张大山", relation="head")
    client = login(getattr(personas, role))
    params = {
        **BAD,
        "field": "<script>",
        "next": "//evil.example/x",
        "from_visit": "99999999999999999999999",
        "late_start": "maybe",
        "view": "nope",
        "open_step": "x" * 300,
        "acknowledged": "maybe",
    }
    urls = [
        "/households/checks/",
        "/households/checks/uninsured/",
        "/households/checks/no-such-check/",
        "/regions/phones/",
        "/workflow/applications/",
        "/assistance/measures/",
        "/workflow/cases/",
        f"/households/members/{member.pk}/edit/",
        f"/workflow/households/{household.pk}/cases/new/",
        f"/workflow/households/{household.pk}/cases/green/",
        "/api/v1/data-checks/",
        "/api/v1/assistance/measures/",
    ]
    for url in urls:
        for name, value in params.items():
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, response.status_code)
            if response.status_code == 400 and url.startswith("/api/"):
                assert any("\u4e00" <= ch <= "\u9fff" for ch in response.content.decode()), (url, name)
            if name == "next" and response.status_code == 200:
                assert "evil.example" not in response.content.decode(), (url, name)
