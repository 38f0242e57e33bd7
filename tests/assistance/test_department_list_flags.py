"""Review (department) finding 2: the clerk's task list (page and API) says what is late, as the township's list does
(已到开始日期未实施, 逾期未办结: flags and filters), narrows by township and village, finds a household by a name
or an ID number (the API's ?q= was a 400; the 户编号 the clerk never sees is no longer searched), and shows a
finished measure's 办结日期."""

import datetime as dt

import pytest

from assistance.choices import MeasureStatus
from assistance.services import plans
from tests.assistance.test_department_progress import put
from tests.clock import today

pytestmark = pytest.mark.django_db
API = "/api/v1/assistance/department-measures/"


@pytest.fixture
def three(personas, monitored_a, household_c):
    """Late to start (张大山户, 城南村), overdue (赵六户, 张公渡村 in the other township), and one on time."""
    plan_a = plans.plan_create(actor=personas.county_officer, household=monitored_a)
    plan_c = plans.plan_create(actor=personas.county_officer, household=household_c)
    late = put(plan_a, starts_on=today() - dt.timedelta(days=3))
    overdue = put(
        plan_c,
        starts_on=today() - dt.timedelta(days=30),
        ends_on=today() - dt.timedelta(days=1),
        status=MeasureStatus.IN_PROGRESS,
    )
    on_time = put(plan_a, code="medical_insurance_subsidy", starts_on=today() + dt.timedelta(days=3))
    return late, overdue, on_time


def test_the_page_flags_late_measures_and_filters_them(client, personas, three):
    late, overdue, _ = three
    client.force_login(personas.clerk)

    page = client.get("/assistance/department/").content.decode()
    assert page.count("data-late-start") == 1 and page.count("data-overdue") == 1
    only_late = client.get("/assistance/department/", {"late_start": "on"})
    assert list(only_late.context["page"]) == [late]
    only_overdue = client.get("/assistance/department/", {"overdue": "on"})
    assert list(only_overdue.context["page"]) == [overdue]
    one = client.get(f"/assistance/department/{late.pk}/").content.decode()
    assert "data-late-start" in one and "请在下方登记实施情况" in one


def test_the_page_filters_by_township_and_village(client, personas, county, three):
    late, overdue, on_time = three
    client.force_login(personas.clerk)

    page = client.get("/assistance/department/").content.decode()
    assert "乡镇/村" in page and county.township2.name in page
    other = client.get("/assistance/department/", {"village": county.township2.code})
    assert list(other.context["page"]) == [overdue]
    village = client.get("/assistance/department/", {"village": county.village_a.code})
    assert list(village.context["page"]) == [late, on_time]


def test_the_api_gives_the_flags_and_takes_the_filters_and_q(client, personas, county, monitored_a, three):
    late, overdue, on_time = three
    client.force_login(personas.clerk)

    rows = {row["id"]: row for row in client.get(API).json()["results"]}
    assert (rows[late.pk]["late_start"], rows[late.pk]["overdue"]) == (True, False)
    assert (rows[overdue.pk]["late_start"], rows[overdue.pk]["overdue"]) == (False, True)
    assert (rows[on_time.pk]["late_start"], rows[on_time.pk]["overdue"]) == (False, False)

    def ids(**params):
        response = client.get(API, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(late_start="true") == [late.pk]
    assert ids(overdue="true") == [overdue.pk]
    assert ids(township=county.township2.code) == [overdue.pk]
    assert ids(village=county.village_a.code) == [late.pk, on_time.pk]
    assert ids(q="赵六") == [overdue.pk]
    assert ids(q=monitored_a.members.get(relation="head").id_number[-4:]) == [late.pk, on_time.pk]
    refused = client.get(API, {"village": "999999999999"})
    assert refused.status_code == 400 and "village" in refused.json()


def test_a_finished_measure_shows_its_completion_date(client, personas, three):
    late = three[0]
    client.force_login(personas.clerk)
    done_on = today() - dt.timedelta(days=1)
    client.post(f"/assistance/department/{late.pk}/", {"note": "已救助", "on": done_on.isoformat()})

    listed = client.get("/assistance/department/", {"status": "done"}).content.decode()
    assert f"办结日期 {done_on:%Y-%m-%d}" in listed
    one = client.get(f"/assistance/department/{late.pk}/").content.decode()
    assert "办结日期" in one and f"{done_on:%Y-%m-%d}" in one.split("办结日期")[1][:80]
    assert client.get(f"{API}{late.pk}/").json()["completed_on"] == done_on.isoformat()
