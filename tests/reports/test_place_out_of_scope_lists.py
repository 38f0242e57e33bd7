"""A list asked for a place outside the user's scope answers as the case list does: it says so at the top (the 范围
line, households.place_filter.MSG_PLACE_REFUSED, with 清除范围) and lists nothing, never the whole scope (review: as
涂埠镇, the monthly entry named the error but listed the whole township, the return visits said "没有逾期未回访的
帮扶方案" beside a summary of 2 overdue). Each list is checked to list something over the whole scope, so its empty
answer is the refusal's, not the data's."""

import datetime as dt

import pytest

from assistance.models import Plan
from assistance.services import plans
from households.place_filter import MSG_PLACE_REFUSED
from tests.clock import today

pytestmark = pytest.mark.django_db

# Each list with the place parameter(s) it takes, in the spelling its links use (a code; the return visits' path).
LISTS = [
    ("/households/", "village"),
    ("/households/", "township"),
    ("/assistance/?show=without_plan", "township"),
    ("/assistance/contacts/?show=needs_contact", "village"),
    ("/assistance/return-visits/?show=overdue", "township_path"),
    ("/workflow/cases/", "village"),
    ("/workflow/cases/", "township"),
    ("/workflow/overdue/", "township"),
    ("/workflow/overdue/", "village"),
    ("/reports/entry/", "village"),
    ("/reports/entry/", "township"),
    ("/reports/campaign-gaps/", "township"),
    ("/alerts/?status=all", "village"),
]


@pytest.fixture
def overdue_plans(personas, registry, cases):
    """A plan overdue for its return visit in each township (the return visits' summary counts both)."""
    for household in (registry.a1, registry.c1):
        plan = Plan.objects.filter(household=household).first()
        plan = plan or plans.plan_create(actor=personas.county_officer, household=household)
        Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=3))


def url(path: str, param: str, region) -> str:
    name, value = ("township", region.path) if param == "township_path" else (param, region.code)
    return f"{path}{'&' if '?' in path else '?'}{name}={value}"


@pytest.mark.parametrize(("path", "param"), LISTS)
def test_a_place_out_of_scope_is_said_and_lists_nothing(
    personas, county, cases, departments, overdue_plans, login, path, param
):
    client = login(personas.township)  # 涂埠镇; 虬津镇 and its 张公渡村 are not theirs
    whole = client.get(path)
    assert whole.context["page"].paginator.count > 0, "the whole scope lists something"
    other = county.township2 if param.startswith("township") else county.village_c

    response = client.get(url(path, param, other))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert page.count("data-place-refused") == 1 and MSG_PLACE_REFUSED in page
    assert "data-place-clear" in page and "data-place-filter=" not in page


@pytest.mark.parametrize(("path", "param"), LISTS)
def test_a_place_in_scope_is_named_at_the_top_above_the_filters(
    personas, county, cases, departments, overdue_plans, login, path, param
):
    client = login(personas.township)
    place = county.township if param.startswith("township") else county.village_a

    page = client.get(url(path, param, place)).content.decode()

    assert page.count("data-place-filter=") == 1 and "data-place-refused" not in page
    filters = page.find('class="filters')
    assert filters == -1 or page.find("data-place-filter=") < filters, "the 范围 line comes before the filters"


def test_the_return_visits_of_a_township_out_of_scope_do_not_say_none_are_overdue(
    personas, county, cases, departments, overdue_plans, login
):
    client = login(personas.township)

    page = client.get(f"/assistance/return-visits/?show=overdue&township={county.township2.path}").content.decode()

    assert "没有逾期未回访的帮扶方案" not in page and "未列出任何帮扶方案" in page


def test_the_monthly_entry_of_a_village_out_of_scope_offers_no_download_of_the_whole_scope(
    personas, county, cases, departments, login
):
    client = login(personas.township)

    page = client.get(f"/reports/entry/?village={county.village_c.code}").content.decode()

    assert 'value="entry_missing"' not in page and "本月应录入的农户都已录入信息" not in page


def test_the_alert_worklist_says_a_village_out_of_scope_once_and_not_as_a_filter_left_out(
    personas, county, departments, login
):
    client = login(personas.township)

    page = client.get(f"/alerts/?village={county.village_c.code}").content.decode()

    assert "data-filter-errors" not in page and "未按此条件筛选" not in page and "data-place-refused" in page


def test_a_township_named_on_the_case_list_and_the_alert_worklist_narrows_them_as_their_line_says(
    personas, county, cases, departments, login
):
    from alerts.models import Alert

    client = login(personas.county_officer)
    township = county.township2

    case_page = client.get(f"/workflow/cases/?township={township.code}")
    alert_page = client.get(f"/alerts/?status=all&township={township.code}")

    assert "范围：<strong>虬津镇</strong>" in case_page.content.decode()
    assert [case.household.village.parent for case in case_page.context["page"]] == [township]
    expected = Alert.objects.filter(region_path__startswith=township.path).count()
    assert alert_page.context["page"].paginator.count == expected < Alert.objects.count()
