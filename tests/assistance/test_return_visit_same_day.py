"""A return visit the same as one the cadre recorded for the plan that day (the page saved, BACK pressed, the page
back under a new token, 保存回访 pressed again) is asked about, as the household's visit page asks it: nothing is
recorded until 仍要另记一次 is ticked (households.services.visit_same_day). The API answers 409 unless the request says
confirm_same_visit."""

import pytest

from assistance.models import ReturnVisit
from assistance.services import plans
from households.models import Visit
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def fresh_page(client, plan, **fields):
    """The return-visit page as opened anew (a new token), filled in."""
    form = page_form(
        client.get(f"/assistance/plans/{plan.pk}/return-visits/new/").content.decode(), having="visited_on"
    )
    form.update(effect="poor", note="务工不稳定，收入仍偏低", **fields)
    return form


def test_the_same_return_visit_sent_again_from_a_new_page_is_asked_about_not_recorded(personas, login, plan):
    # given: a return visit saved from its page
    cadre, url = login(personas.cadre_a), f"/assistance/plans/{plan.pk}/return-visits/new/"
    assert cadre.post(url, fresh_page(cadre, plan)).status_code == 302
    first = ReturnVisit.objects.get(plan=plan)
    # when: the same content comes again under a new token (BACK on the phone, 保存回访 pressed again)
    again = cadre.post(url, fresh_page(cadre, plan))
    # then: nothing recorded; the page names the return visit and asks 仍要另记一次
    assert again.status_code == 200
    page = again.content.decode()
    notice = page.split("data-same-visit", 1)[1].split("</div>", 1)[0]
    assert f"{today():%Y-%m-%d} 已为该户记录过一次内容相同的帮扶回访（成效不明显" in notice
    assert "仍要另记一次" in notice and 'name="confirm_same_visit"' in notice
    assert list(ReturnVisit.objects.filter(plan=plan)) == [first]
    assert Visit.objects.filter(household=plan.household).count() == 1


def test_ticking_the_box_records_the_second_return_visit_of_the_day(personas, login, plan):
    cadre, url = login(personas.cadre_a), f"/assistance/plans/{plan.pk}/return-visits/new/"
    cadre.post(url, fresh_page(cadre, plan))
    asked = page_form(cadre.post(url, fresh_page(cadre, plan)).content.decode(), having="visited_on")

    response = cadre.post(url, {**asked, "confirm_same_visit": "on"})

    assert response.status_code == 302
    assert ReturnVisit.objects.filter(plan=plan).count() == 2


def test_the_box_is_not_on_the_page_before_it_is_asked(personas, login, plan):
    page = login(personas.cadre_a).get(f"/assistance/plans/{plan.pk}/return-visits/new/").content.decode()

    assert "confirm_same_visit" not in page and "data-same-visit" not in page


def test_another_effect_the_same_day_is_recorded_without_asking(personas, login, plan):
    cadre, url = login(personas.cadre_a), f"/assistance/plans/{plan.pk}/return-visits/new/"
    cadre.post(url, fresh_page(cadre, plan))

    response = cadre.post(url, {**fresh_page(cadre, plan), "effect": "fair"})

    assert response.status_code == 302
    assert sorted(ReturnVisit.objects.filter(plan=plan).values_list("effect", flat=True)) == ["fair", "poor"]


def post_return_visit(client, plan, **fields):
    body = {"visited_on": today().isoformat(), "effect": "poor", "note": "务工不稳定", **fields}
    url = f"/api/v1/assistance/plans/{plan.pk}/return-visits/"
    return client.post(url, body, content_type="application/json")


def test_the_api_answers_409_for_the_same_return_visit_unless_confirmed(personas, login, plan):
    client = login(personas.cadre_a)
    assert post_return_visit(client, plan).status_code == 201
    visit = Visit.objects.get(household=plan.household)

    again = post_return_visit(client, plan)
    assert again.status_code == 409
    assert "confirm_same_visit" in again.json()["detail"] and again.json()["extra"]["visit"] == visit.pk
    assert ReturnVisit.objects.filter(plan=plan).count() == 1

    assert post_return_visit(client, plan, confirm_same_visit=True).status_code == 201
    assert ReturnVisit.objects.filter(plan=plan).count() == 2
