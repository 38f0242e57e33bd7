"""A return visit rated 成效不明显 asks for the measures to be adjusted (000 §三(三)7: 跟踪帮扶效果落实; 000 §四:
缺什么补什么): the message after saving it links to adding a measure to the plan; the return-visit page lists the plans
whose latest return visit was so rated (回访成效不明显), and the village's and the township's home page counts them."""

import pytest

from accounts.tiles import tiles_for
from assistance.effect_prompt import ADJUST_LABEL, MSG_ADJUST
from assistance.selectors import plan_list, poor_effect_count
from assistance.services import contacts, plans, visits
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db

TILE = "回访成效不明显的帮扶户"


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def rate(personas, plan, effect, note=""):
    visits.return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect=effect, note=note)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_saving_a_poor_return_visit_prompts_to_adjust_the_measures_with_a_link(personas, login, plan):
    cadre, url = login(personas.cadre_a), f"/assistance/plans/{plan.pk}/return-visits/new/"
    form = page_form(cadre.get(url).content.decode(), having="visited_on")
    form.update(effect="poor", note="务工不稳定")

    response = cadre.post(url, form, follow=True)

    said = messages_of(response)
    link = f'<a href="/assistance/plans/{plan.pk}/measures/new/" data-adjust-measures>{ADJUST_LABEL}</a>'
    assert said[0] == "已记录帮扶回访。"
    assert said[1] == f"{MSG_ADJUST} {link}"
    assert "请调整帮扶措施" in said[1] and link in response.content.decode()


def test_a_good_return_visit_prompts_nothing_more(personas, login, plan):
    cadre, url = login(personas.cadre_a), f"/assistance/plans/{plan.pk}/return-visits/new/"
    form = page_form(cadre.get(url).content.decode(), having="visited_on")
    form.update(effect="good")

    assert messages_of(cadre.post(url, form, follow=True)) == ["已记录帮扶回访。"]


def test_a_visit_counted_as_a_poor_return_visit_prompts_on_the_visit_page_too(personas, login, plan):
    contacts.help_contact_assign(actor=personas.township, household=plan.household, contact=personas.cadre_a)
    findings = dict.fromkeys(("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok"), "on")
    body = {"visited_on": today().isoformat(), "kind": "monthly", **findings}
    body |= {"return-as_return_visit": "on", "return-effect": "poor", "return-note": "仍无稳定收入"}

    response = login(personas.cadre_a).post(f"/households/{plan.household_id}/visits/new/", body, follow=True)

    assert any(
        MSG_ADJUST in said and f"/assistance/plans/{plan.pk}/measures/new/" in said for said in messages_of(response)
    )


def test_the_list_holds_the_plans_whose_latest_return_visit_was_poor(personas, county, plan, household_c):
    other = measured(plans.plan_create(actor=personas.county_officer, household=household_c))
    rate(personas, plan, "good")
    rate(personas, plan, "poor", "仍无稳定收入")  # the latest
    visits.return_visit_record(actor=personas.county_officer, plan=other, visited_on=today(), effect="poor")
    visits.return_visit_record(actor=personas.county_officer, plan=other, visited_on=today(), effect="fair")

    listed = plan_list(actor=personas.county_officer, filters={"return_visit": "poor"})

    assert [(p.pk, p.latest_return_visit_on) for p in listed] == [(plan.pk, today())]
    assert poor_effect_count(actor=personas.county_officer) == 1
    assert poor_effect_count(actor=personas.cadre_b) == 0  # another village's plan


def test_the_return_visit_page_has_the_tab_and_the_column(personas, login, plan):
    rate(personas, plan, "poor")

    page = login(personas.township).get("/assistance/return-visits/?show=poor").content.decode()

    assert "回访成效不明显" in page and "<th>成效不明显</th>" in page
    cards = page.split('<ul class="cards">', 1)[1]
    assert "张大山" in cards and "成效不明显" in cards and f"/assistance/plans/{plan.pk}/measures/new/" in cards
    row = page.split("<td>城南村</td>", 1)[1].split("</tr>", 1)[0]
    assert f'href="?show=poor&village={plan.household.village.path}"' in row


def test_a_plan_rated_again_leaves_the_tab(personas, login, plan):
    rate(personas, plan, "poor")
    rate(personas, plan, "good", "已稳定务工")

    page = login(personas.cadre_a).get("/assistance/return-visits/?show=poor").content.decode()

    assert "没有最近一次回访成效不明显的帮扶户。" in page


def test_the_village_and_the_township_see_the_tile_the_county_does_not(personas, plan):
    rate(personas, plan, "poor")

    for user in (personas.cadre_a, personas.township):
        tile = {t["label"]: t for t in tiles_for(user)}[TILE]
        assert (tile["count"], tile["url"]) == (1, "/assistance/return-visits/?show=poor")
    assert TILE not in {t["label"] for t in tiles_for(personas.county_officer)}


def test_the_api_filters_the_plans_whose_latest_return_visit_was_poor(personas, login, plan):
    rate(personas, plan, "poor")

    response = login(personas.township).get("/api/v1/assistance/plans/?return_visit=poor")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [plan.pk]
