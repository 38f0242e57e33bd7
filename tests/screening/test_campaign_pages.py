"""The campaign pages as the township and the county supervise with them: removing a 排查人 asks first; progress
rolls up by township; the household list filters the way a cadre works; the ledgers export their own campaign."""

import datetime as dt

import pytest

from households.choices import Relation
from households.services import registry
from screening.models import CampaignAssignment
from screening.services import campaigns
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=5),
    }


def _household(actor, village, name, sequence, household_type="ordinary", group=None):
    rows = [member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)]
    return registry.household_create(
        actor=actor, village=village, members=rows, household_type=household_type, group=group
    )


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county,
        villages=[county.village_a, county.village_b, county.village_c], phases=[field_phase()],
    )  # fmt: skip


@pytest.fixture
def assignment(campaign, personas, county):
    return campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )


def _name(user):
    return user.get_full_name() or user.username


# --- #12 removing a 排查人 ---


def test_removing_a_screener_asks_first_naming_who_and_where(assignment, personas, login):
    page = login(personas.township).get(f"/campaigns/{assignment.campaign_id}/").content.decode()

    question = f"确定取消{_name(personas.cadre_a)}在城南村的排查任务？"
    assert f'data-confirm-submit="{question}"' in page
    assert f'aria-label="取消{_name(personas.cadre_a)}在城南村的排查任务"' in page


def test_removing_says_who_was_removed_and_an_ended_campaign_keeps_its_screeners(assignment, personas, login):
    from screening.services import campaign_close

    client = login(personas.township)
    removed = client.post(f"/campaigns/assignments/{assignment.pk}/remove/", follow=True).content.decode()
    again = campaigns.assignment_add(
        actor=personas.township, campaign=assignment.campaign, village=assignment.village, cadre=personas.cadre_a
    )
    campaign_close.campaign_close(actor=personas.county_officer, campaign=assignment.campaign, acknowledged=True)
    refused = client.post(f"/campaigns/assignments/{again.pk}/remove/", follow=True).content.decode()

    assert f"已取消{_name(personas.cadre_a)}在城南村的排查任务。" in removed
    assert "已于" in refused and CampaignAssignment.objects.filter(pk=again.pk).exists()


# --- #5 progress by township ---


@pytest.fixture
def screened(campaign, personas, county, assignment):
    """城南村 (涂埠镇): 2 households, one screened at risk and proposed; 城北村 (涂埠镇): 1, none screened;
    张公渡村 (虬津镇): 1, screened. Only 城南村 has a screener."""
    a1 = _household(personas.cadre_a, county.village_a, "张大山", 11)
    _household(personas.cadre_a, county.village_a, "刘一", 33)
    _household(personas.cadre_b, county.village_b, "王五", 55)
    c1 = _household(personas.county_officer, county.village_c, "孙七", 77)
    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=a1, at_risk=True, propose_monitoring=True,
        answers={"3": {"checked": ["housing_2"], "problem": "墙体开裂"}}, risk_types=["unsafe_housing"],
    )  # fmt: skip
    campaigns.form_submit(actor=personas.county_officer, campaign=campaign, household=c1, answers={})
    return campaign


def test_the_county_sees_one_line_per_township_and_opens_a_townships_villages(screened, personas, county, login):
    client = login(personas.county_officer)

    rollup = client.get(f"/campaigns/{screened.pk}/")
    opened = client.get(f"/campaigns/{screened.pk}/", {"township": county.township.code})

    lines = {
        t.region.name: (t.villages, t.numbers["screened"], t.numbers["total"]) for t in rollup.context["townships"]
    }
    assert lines == {"涂埠镇": (2, 1, 3), "虬津镇": (1, 1, 1)}
    assert rollup.context["villages"] == []
    page = rollup.content.decode()
    assert f"?township={county.township.code}#progress" in page and "2个村未安排排查人" in page
    assert [v.name for v in opened.context["villages"]] == ["城南村", "城北村"]
    assert "未安排排查人" in opened.content.decode()


def test_a_township_sees_its_villages_with_proposals_and_unassigned_marked(screened, personas, login):
    response = login(personas.township).get(f"/campaigns/{screened.pk}/")

    assert response.context["townships"] == []
    rows = {v.name: (v.screened, v.at_risk, v.proposed, v.screeners) for v in response.context["villages"]}
    assert rows == {"城南村": (1, 1, 1, 1), "城北村": (0, 0, 0, 0)}
    assert "拟纳入1" in response.content.decode()


def test_the_api_rolls_up_by_township_and_filters_villages(screened, personas, county, login):
    client = login(personas.county_officer)
    url = f"/api/v1/campaigns/{screened.pk}/progress/"

    townships = client.get(url, {"by": "township"}).json()
    villages = client.get(url, {"township": county.township.code}).json()

    assert [
        (t["name"], t["villages"], t["screened"], t["total"], t["proposed"], t["unassigned"]) for t in townships
    ] == [
        ("涂埠镇", 2, 1, 3, 1, 1),
        ("虬津镇", 1, 1, 1, 0, 1),
    ]
    assert [(v["name"], v["township"], v["screeners"]) for v in villages] == [
        ("城南村", "涂埠镇", 1),
        ("城北村", "涂埠镇", 0),
    ]
    assert client.get(url, {"by": "county"}).status_code == 400


# --- #9 the household list's filters ---


@pytest.fixture
def village_a_households(campaign, personas, county):
    """城南村: 张大山 (一组, 脱贫户, screened at risk and proposed), 刘一 (一般农户, a current screening hit),
    陈三 (一般农户 but 边缘易致贫户, screened, nothing found)."""
    from households.models import Household
    from screening.models import ScreeningResult

    zhang = _household(personas.township, county.village_a, "张大山", 11, "lifted_out", group=county.group_a)
    liu = _household(personas.cadre_a, county.village_a, "刘一", 33)
    chen = _household(personas.cadre_a, county.village_a, "陈三", 55)
    Household.objects.filter(pk=chen.pk).update(monitoring_category="marginal")
    ScreeningResult.objects.create(
        household=liu,
        region_path=liu.region_path,
        status="hit",
        reasons=["人均纯收入低于监测标准"],
        first_hit_on=today(),
    )
    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=zhang, at_risk=True, propose_monitoring=True,
        answers={"3": {"checked": ["housing_2"], "problem": "墙体开裂"}}, risk_types=["unsafe_housing"],
    )  # fmt: skip
    campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=chen, answers={})
    return zhang, liu, chen


def _listed(client, campaign, **params):
    response = client.get(f"/campaigns/{campaign.pk}/households/", params)
    return [h.head_name for h in response.context["page"]], response.content.decode()


def test_the_list_filters_by_group_household_type_hit_and_judgement(campaign, village_a_households, personas, login):
    client = login(personas.cadre_a)
    group = village_a_households[0].group

    assert _listed(client, campaign, group=group.code)[0] == ["张大山"]
    assert _listed(client, campaign, kind="lifted_out")[0] == ["张大山"]
    assert _listed(client, campaign, kind="monitored")[0] == ["陈三"]
    assert _listed(client, campaign, kind="ordinary")[0] == ["刘一"]
    assert _listed(client, campaign, hit="yes")[0] == ["刘一"]
    assert _listed(client, campaign, judged="proposed")[0] == ["张大山"]
    assert sorted(_listed(client, campaign, judged="at_risk")[0]) == ["张大山"]


def test_the_list_marks_hits_and_judgements_and_leads_to_identification(
    campaign, village_a_households, personas, login
):
    zhang, liu, _ = village_a_households
    client = login(personas.cadre_a)

    _, page = _listed(client, campaign)
    _, proposed = _listed(client, campaign, judged="proposed")

    assert "系统筛查：待处理" in page and f"/screening/?q={liu.number}" in page
    assert "疑似风险" in page and "拟纳入" in page
    assert 'id="group"' in page and zhang.group.name in page  # one village: its groups are offered
    assert f"/workflow/households/{zhang.pk}/cases/new/?from_form=" in proposed and "发起识别纳入" in proposed


def test_a_county_picks_a_village_before_its_groups(campaign, village_a_households, personas, county, login):
    client = login(personas.county_officer)

    _, everywhere = _listed(client, campaign)
    _, in_a = _listed(client, campaign, village=county.village_a.code)

    assert 'id="group"' not in everywhere
    assert 'id="group"' in in_a


# --- #10 labels ---


def test_the_campaign_list_counts_the_villages_a_cadre_sees(campaign, personas, login):
    cadre = login(personas.cadre_a).get("/campaigns/").content.decode()
    county_page = login(personas.county_officer).get("/campaigns/").content.decode()

    assert "本辖区1个村" in cadre and "3个村" not in cadre
    assert "3个村" in county_page and "本辖区" not in county_page


def test_the_new_campaign_page_says_xiang_for_a_xiang(personas, county, login):
    from households.models import Region

    Region.objects.filter(pk=county.township2.pk).update(name="江上乡")

    page = login(personas.county_officer).get("/campaigns/new/").content.decode()

    assert "江上乡</strong>（全选本乡 1 个村）" in page
    assert "涂埠镇</strong>（全选本镇 2 个村）" in page


def test_progress_and_summary_answer_as_the_schema_says_lists_of_rows(screened, personas, county, login):
    client = login(personas.county_officer)
    schema = openapi(client)
    base = "/api/v1/campaigns/{id}/"

    for rest, params in (("progress/", {}), ("progress/", {"by": "township"}), ("summary/", {})):
        response = client.get(f"/api/v1/campaigns/{screened.pk}/{rest}", params)
        assert isinstance(response.json(), list) and response.json(), response.content.decode()
        assert_matches_schema(schema, base + rest, "get", response)
    summary = schema["paths"][base + "summary/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert summary["type"] == "array"
