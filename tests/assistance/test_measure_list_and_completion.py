"""Review findings 7, 8 and 9: the measure list narrows to a township or village, a start-date range and the
overdue (逾期未办结, marked on the row and counted on a tile); a measure is completed on the date given, after a
confirmation; the plan page shows the labour capacity the rules use."""

import datetime as dt

import pytest

from accounts.tiles import tiles_for
from assistance import fit
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import plans
from households.choices import LabourCapacity
from households.models import Household
from tests.clock import today

pytestmark = pytest.mark.django_db


def put(plan, code, **fields):
    """A measure as it stands in the table (some from before the date rules), written straight."""
    values = {"starts_on": today() - dt.timedelta(days=60), "status": MeasureStatus.PLANNED, **fields}
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_unit="县民政局",
        responsible_person="王干部",
        created_by=plan.created_by,
        **values,
    )


@pytest.fixture
def spread(personas, monitored_a, household_c):
    """城南村 (涂埠镇): one measure overdue, one due later, one overdue but done; 张公渡村 (虬津镇): one overdue."""
    plan_a = plans.plan_create(actor=personas.county_officer, household=monitored_a)
    plan_c = plans.plan_create(actor=personas.county_officer, household=household_c)
    yesterday = today() - dt.timedelta(days=1)
    return {
        "late_a": put(plan_a, "temporary_relief", ends_on=yesterday, starts_on=dt.date(2026, 1, 10)),
        "later_a": put(plan_a, "charity", ends_on=today() + dt.timedelta(days=30), starts_on=dt.date(2026, 5, 1)),
        "done_a": put(
            plan_a,
            "fangpinbao",
            ends_on=yesterday,
            status=MeasureStatus.DONE,
            completed_on=yesterday,
            starts_on=dt.date(2026, 2, 1),
        ),
        "late_c": put(
            plan_c,
            "housing_renovation",
            ends_on=yesterday,
            status=MeasureStatus.IN_PROGRESS,
            starts_on=dt.date(2026, 3, 1),
        ),
    }


def names(page):
    """The measures listed (the rows, not the navigation, which has a 防贫保 link too)."""
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    return {name for name in ("临时救助", "慈善救助", "防贫保", "农村危房改造") if f">{name}</a>" in rows}


def test_the_county_narrows_the_list_to_a_township_or_a_village(personas, login, county, spread):
    client = login(personas.county_officer)

    whole = client.get("/assistance/measures/").content.decode()
    township = client.get("/assistance/measures/", {"village": county.township2.code}).content.decode()
    village = client.get("/assistance/measures/", {"village": county.village_a.code}).content.decode()

    assert "乡镇/村" in whole and f'value="{county.township2.code}"' in whole
    assert names(whole) == {"临时救助", "慈善救助", "防贫保", "农村危房改造"}
    assert names(township) == {"农村危房改造"}
    assert names(village) == {"临时救助", "慈善救助", "防贫保"}


def test_the_list_filters_by_start_date(personas, login, spread):
    page = login(personas.county_officer).get(
        "/assistance/measures/", {"date_from": "2026-02-01", "date_to": "2026-03-31"}
    )

    assert names(page.content.decode()) == {"防贫保", "农村危房改造"}
    reversed_range = {"date_from": "2026-03-01", "date_to": "2026-01-01"}
    wrong = login(personas.county_officer).get("/assistance/measures/", reversed_range)
    assert "“至”的日期不能早于“自”的日期。" in wrong.content.decode()


def test_overdue_measures_are_marked_filtered_and_counted_on_a_tile(personas, login, spread):
    client = login(personas.county_officer)

    whole = client.get("/assistance/measures/").content.decode()
    overdue = client.get("/assistance/measures/", {"overdue": "on"}).content.decode()

    assert whole.count("data-overdue") == 2  # the done one is not overdue, the later one not yet
    assert names(overdue) == {"临时救助", "农村危房改造"} and "共 2 项" in overdue
    tiles = {tile["label"]: tile for tile in tiles_for(personas.county_officer)}
    assert tiles["逾期未办结的帮扶措施"]["count"] == 2
    assert tiles["逾期未办结的帮扶措施"]["url"] == "/assistance/measures/?overdue=on"
    cadre_tiles = {tile["label"]: tile for tile in tiles_for(personas.cadre_a)}
    assert cadre_tiles["逾期未办结的帮扶措施"]["count"] == 1  # their village only


def test_the_api_filters_the_same_way_and_says_overdue(personas, login, county, spread):
    client = login(personas.county_officer)

    overdue = client.get("/api/v1/assistance/measures/", {"overdue": "yes"}).json()["results"]
    township = client.get("/api/v1/assistance/measures/", {"region": county.township2.code}).json()["results"]
    dated = client.get("/api/v1/assistance/measures/", {"date_from": "2026-04-01"}).json()["results"]
    bad = client.get("/api/v1/assistance/measures/", {"date_from": "2026-13-01"})

    assert {row["measure_code"] for row in overdue} == {"temporary_relief", "housing_renovation"}
    assert all(row["overdue"] for row in overdue)
    assert [row["measure_code"] for row in township] == ["housing_renovation"]
    assert [(row["measure_code"], row["overdue"]) for row in dated] == [("charity", False)]
    assert bad.status_code == 400 and "date_from" in bad.json()


def test_the_status_form_records_the_completion_date_given(personas, login, spread):
    late = spread["late_a"]
    client = login(personas.cadre_a)

    page = client.get(f"/assistance/measures/{late.pk}/").content.decode()
    assert "完成日期" in page and f'value="{today():%Y-%m-%d}"' in page
    assert "data-confirm-rules=" in page and "改后不能再修改或撤回" in page  # asked before the final statuses
    future = client.post(
        f"/assistance/measures/{late.pk}/",
        {"action": "status", "status": "done", "note": "已发放", "on": f"{today() + dt.timedelta(days=2):%Y-%m-%d}"},
    )
    assert "完成日期不能晚于今天。" in future.content.decode()
    done_on = today() - dt.timedelta(days=20)
    response = client.post(
        f"/assistance/measures/{late.pk}/",
        {"action": "status", "status": "done", "note": "已发放临时救助金", "on": f"{done_on:%Y-%m-%d}"},
    )

    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, late.completed_on, late.completed_by) == (MeasureStatus.DONE, done_on, personas.cadre_a)


def test_the_api_takes_the_completion_date_too(personas, login, spread):
    late = spread["late_a"]
    done_on = today() - dt.timedelta(days=5)

    response = login(personas.cadre_a).post(
        f"/api/v1/assistance/measures/{late.pk}/status/",
        {"status": "done", "note": "已发放", "on": f"{done_on:%Y-%m-%d}"},
        content_type="application/json",
    )

    assert response.status_code == 200 and response.json()["completed_on"] == f"{done_on:%Y-%m-%d}"


def test_the_plan_page_shows_the_labour_capacity_the_rules_use_and_flags_the_field(personas, login, monitored_a):
    # 张大山 is an ordinary labourer: the rules read 有劳动能力, whatever the household's field says.
    Household.objects.filter(pk=monitored_a.pk).update(labour_capacity=LabourCapacity.PARTIAL)
    monitored_a.refresh_from_db()
    plans.plan_create(actor=personas.township, household=monitored_a)

    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/").content.decode()

    facts = page[page.index("<dt>劳动能力</dt>") : page.index("<dt>帮扶联系人</dt>")]
    assert "有劳动能力" in facts and "与户档案不符" in facts
    assert "户档案登记的劳动能力为“弱劳动能力或半劳动能力”，按在世成员的劳动技能应为“有劳动能力”" in facts
    assert f"/households/{monitored_a.pk}/edit/" in facts
    dibao = MeasureType.objects.get(code="dibao")
    question = fit.risk_mismatch(
        measure_type=dibao, household=monitored_a, members=monitored_a.members.all(), today=today()
    )
    assert "户档案登记为“弱劳动能力或半劳动能力”" in question


def test_a_plan_page_whose_field_agrees_says_nothing_more(personas, login, monitored_a):
    plans.plan_create(actor=personas.township, household=monitored_a)  # field 有劳动能力, as the members say

    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/").content.decode()

    assert "与户档案不符" not in page and "data-labour-note" not in page


def test_the_api_overdue_flag_takes_true_false_1_0_and_lists_the_allowed_values(personas, login, spread):
    # The same yes/no flags as the case list (config.api.YesFilter): a script sending ?overdue=true got a 400.
    client = login(personas.county_officer)
    everything = {row["id"] for row in client.get("/api/v1/assistance/measures/").json()["results"]}

    def codes(value: str) -> set[str]:
        response = client.get("/api/v1/assistance/measures/", {"overdue": value})
        assert response.status_code == 200, response.content.decode()[:300]
        return {row["measure_code"] for row in response.json()["results"]}

    for value in ("yes", "true", "TRUE", "1"):
        assert codes(value) == {"temporary_relief", "housing_renovation"}, value
    for value in ("no", "false", "0"):  # "not overdue" is no filter: refused rather than read as "everything"
        assert client.get("/api/v1/assistance/measures/", {"overdue": value}).status_code == 400, value
    assert len(everything) > 2
    bad = client.get("/api/v1/assistance/measures/", {"overdue": "on"})
    assert bad.status_code == 400, bad.content
    assert "“on”不是可用的取值，可用：yes、true、1（" in bad.content.decode()
