"""Review (assistance) finding 2: a measure still 计划中 after its start date has passed is flagged
已到开始日期未实施 on the plan page, the measure page and the list rows, can be listed alone (page and API), and is
counted on the assistance page and on the township's and county's home page."""

import datetime as dt

import pytest

from accounts.tiles import tiles_for
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import plans
from tests.clock import today

pytestmark = pytest.mark.django_db

FLAG = "已到开始日期未实施"


def put(plan, code, starts_on, status=MeasureStatus.PLANNED):
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_unit="县民政局",
        responsible_person="王干部",
        created_by=plan.created_by,
        starts_on=starts_on,
        status=status,
    )


@pytest.fixture
def measures(personas, monitored_a):
    """Planned and started last week (late); planned today (not late yet); started last week and under way."""
    plan = plans.plan_create(actor=personas.county_officer, household=monitored_a)
    last_week = today() - dt.timedelta(days=7)
    return {
        "late": put(plan, "temporary_relief", last_week),
        "today": put(plan, "charity", today()),
        "under_way": put(plan, "fangpinbao", last_week, MeasureStatus.IN_PROGRESS),
    }


def test_the_list_flags_and_narrows_to_measures_late_to_start(personas, login, measures):
    client = login(personas.cadre_a)

    whole = client.get("/assistance/measures/").content.decode()
    late = client.get("/assistance/measures/", {"late_start": "on"}).content.decode()

    assert whole.count("data-late-start") == 1 and "只看已到开始日期未实施" in whole
    rows = late[late.index("<tbody>") : late.index("</tbody>")]
    assert ">临时救助</a>" in rows and ">慈善救助</a>" not in rows and ">防贫保</a>" not in rows
    assert "共 1 项已到开始日期未实施的措施" in late


def test_the_plan_and_measure_pages_flag_it(personas, login, monitored_a, measures):
    client = login(personas.cadre_a)

    plan_page = client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()
    late_page = client.get(f"/assistance/measures/{measures['late'].pk}/").content.decode()
    today_page = client.get(f"/assistance/measures/{measures['today'].pk}/").content.decode()

    assert plan_page.count("data-late-start") == 1 and FLAG in plan_page
    assert "data-late-start" in late_page and "data-late-start" not in today_page


def test_the_api_says_late_start_and_filters_by_it(personas, login, measures):
    client = login(personas.county_officer)

    rows = client.get("/api/v1/assistance/measures/").json()["results"]
    late = client.get("/api/v1/assistance/measures/", {"late_start": "true"}).json()["results"]
    one = client.get(f"/api/v1/assistance/measures/{measures['late'].pk}/").json()

    assert {row["measure_code"]: row["late_start"] for row in rows} == {
        "temporary_relief": True,
        "charity": False,
        "fangpinbao": False,
    }
    assert [row["measure_code"] for row in late] == ["temporary_relief"] and one["late_start"] is True
    assert client.get("/api/v1/assistance/measures/", {"late_start": "no"}).status_code == 400


def test_the_assistance_page_and_the_townships_home_count_them(personas, login, measures):
    index = login(personas.cadre_a).get("/assistance/").content.decode()

    assert 'href="/assistance/measures/?late_start=on"' in index
    tile = index[index.index("?late_start=on") :]
    assert tile[: tile.index("</a>")].count('<span class="tile-count">1</span>') == 1
    tiles = {tile["label"]: tile for tile in tiles_for(personas.township)}
    assert tiles["已到开始日期未实施的帮扶措施"]["count"] == 1
    assert tiles["已到开始日期未实施的帮扶措施"]["url"] == "/assistance/measures/?late_start=on"
    assert "已到开始日期未实施的帮扶措施" not in {tile["label"] for tile in tiles_for(personas.cadre_a)}


def test_both_filters_say_each_note_in_its_own_sentence(personas, login, measures):
    """Both 只看逾期未办结 and 只看已到开始日期未实施 on: the two notes are not run into one garbled sentence."""
    client = login(personas.cadre_a)

    page = client.get("/assistance/measures/", {"overdue": "on", "late_start": "on"}).content.decode()

    assert "终止已到开始日期" not in page
    assert "请落实后办结，或写明原因后终止。</p>" in page
    assert "请落实后改为“实施中”，或核实后修改开始日期。</p>" in page
    assert "共 0 项既逾期未办结、又已到开始日期未实施的措施。" in page
