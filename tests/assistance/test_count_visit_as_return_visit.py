"""A 走访 saved without "同时作为帮扶回访" ticked is counted afterwards from the plan page (将此次走访记为回访): the
plan said 未作为帮扶回访 beside 已逾期 and the same trip had to be entered again through ＋ 记录回访."""

import datetime as dt
import re

import pytest

from accounts.models import AuditEvent
from assistance.models import Plan, ReturnVisit
from assistance.services import contacts, plans, visits
from households.models import Visit
from tests.assistance.measured import measured
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    """A monthly plan whose return visit was due five days ago; cadre_a is the household's help contact."""
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=5))
    plan.refresh_from_db()
    return plan


def record_plain_visit(client, plan) -> Visit:
    findings = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
    form = {"visited_on": today().isoformat(), "kind": "monthly", "notes": "家中正常", **dict.fromkeys(findings, "on")}
    client.post(f"/households/{plan.household_id}/visits/new/", form)  # the box left unticked
    return Visit.objects.get(household=plan.household)


def last_visit(client, plan) -> str:
    page = client.get(f"/assistance/households/{plan.household_id}/").content.decode()
    return re.search(r"<dd data-last-visit>(.*?)</dd>", page, re.S).group(1)


def count_url(plan, visit) -> str:
    return f"/assistance/plans/{plan.pk}/visits/{visit.pk}/count/"


def test_the_visitor_counts_the_saved_visit_from_the_plan_page(personas, login, plan):
    client = login(personas.cadre_a)
    visit = record_plain_visit(client, plan)
    assert "将此次走访记为回访" in last_visit(client, plan)
    confirm = client.get(count_url(plan, visit)).content.decode()
    assert f"将 {today():%Y-%m-%d} 的月度走访" in confirm and "帮扶成效" in confirm and "家中正常" in confirm

    response = client.post(count_url(plan, visit), {"effect": "good", "note": "已务工"}, follow=True)

    due = today() + dt.timedelta(days=30)
    plan.refresh_from_db()
    assert plan.next_return_due == due
    return_visit = ReturnVisit.objects.get(plan=plan)
    assert return_visit.visit == visit and Visit.objects.filter(household=plan.household).count() == 1
    assert (return_visit.effect, return_visit.note, return_visit.recorded_by) == ("good", "已务工", personas.cadre_a)
    visit.refresh_from_db()
    assert visit.notes == "家中正常\n同时作为帮扶回访，帮扶成效：成效明显。已务工。"
    page = response.content.decode()
    assert f"已将 {today():%Y-%m-%d} 的月度走访记为帮扶回访，下次回访 {due:%Y-%m-%d}。" in page
    last = last_visit(client, plan)
    assert "已作为帮扶回访" in last and "将此次走访记为回访" not in last
    assert "张大山" not in client.get("/assistance/return-visits/?show=overdue").content.decode()
    assert AuditEvent.objects.filter(action="assistance.return_visit", summary__contains="由月度走访补记").exists()


def test_another_user_is_told_the_visitor_may_and_is_refused(personas, login, plan):
    visit = record_plain_visit(login(personas.cadre_a), plan)
    township = login(personas.township)

    last = last_visit(township, plan)
    response = township.post(count_url(plan, visit), {"effect": "good"})

    assert "将此次走访记为回访" not in last and "走访人本人可将其记为回访" in last
    assert visits.MSG_NOT_VISITOR in response.content.decode()
    assert not ReturnVisit.objects.exists()


def test_without_an_effect_nothing_is_counted_and_the_field_says_so(personas, login, plan):
    client = login(personas.cadre_a)
    visit = record_plain_visit(client, plan)

    response = client.post(count_url(plan, visit), {"note": "已务工"})

    assert response.status_code == 200 and visits.MSG_BAD_EFFECT in response.content.decode()
    visit.refresh_from_db()
    assert not ReturnVisit.objects.exists() and visit.notes == "家中正常"


def test_a_visit_counted_once_is_not_counted_again(personas, login, plan):
    client = login(personas.cadre_a)
    visit = record_plain_visit(client, plan)
    client.post(count_url(plan, visit), {"effect": "good"})

    again = client.post(count_url(plan, visit), {"effect": "fair"})

    assert visits.MSG_ALREADY_COUNTED in again.content.decode()
    assert ReturnVisit.objects.get().effect == "good"


def count_api(client, plan, **body):
    return client.post(
        f"/api/v1/assistance/plans/{plan.pk}/return-visits/from-visit/", body, content_type="application/json"
    )


def test_the_api_counts_a_visit_posted_without_as_return_visit(personas, login, plan):
    client = login(personas.cadre_a)
    posted = client.post(
        "/api/v1/visits/",
        {"household": plan.household_id, "visited_on": today().isoformat(), "kind": "monthly", **ALL_SECURED},
        content_type="application/json",
    )
    visit = Visit.objects.get(pk=posted.json()["id"])

    response = count_api(client, plan, visit=visit.pk, effect="fair", note="措施落实中")

    assert response.status_code == 201, response.json()
    due = today() + dt.timedelta(days=30)
    assert response.json()["next_return_due"] == due.isoformat()
    return_visit = ReturnVisit.objects.get(plan=plan)
    assert (return_visit.visit, return_visit.effect, return_visit.note) == (visit, "fair", "措施落实中")
    assert Visit.objects.filter(household=plan.household).count() == 1


def test_the_api_refuses_with_the_pages_reasons(personas, login, plan, household_c):
    visit = record_plain_visit(login(personas.cadre_a), plan)

    not_visitor = count_api(login(personas.township), plan, visit=visit.pk, effect="good")
    no_effect = count_api(login(personas.cadre_a), plan, visit=visit.pk)
    unseen = count_api(login(personas.cadre_a), plan, visit=visit.pk + 1000, effect="good")

    assert not_visitor.status_code == 400 and not_visitor.json()["detail"] == visits.MSG_NOT_VISITOR
    assert no_effect.status_code == 400 and "effect" in no_effect.json()
    assert unseen.status_code == 400 and unseen.json()["visit"] == ["该走访记录不存在或不在您的管辖范围内。"]
    assert not ReturnVisit.objects.exists()


def test_the_visit_forms_effect_and_note_are_asked_only_once_the_box_is_ticked(personas, login, plan):
    page = login(personas.township).get(f"/households/{plan.household_id}/visits/new/").content.decode()

    # The part the box shows: from its opening to the end of the return-visit fieldset (the script after it).
    opening = '<div data-return-fields data-shown-by="return-as_return_visit" data-shown-for="on">'
    part = page[page.index(opening) : page.index("js/shown_for.js")]
    assert 'name="return-effect"' in part and 'name="return-note"' in part
    assert 'name="return-as_return_visit"' not in part
    assert "js/shown_for.js" in page and "不必再另记回访" in page


def test_the_page_reopened_after_counting_offers_no_form_only_the_way_back(personas, login, plan):
    client = login(personas.cadre_a)
    visit = record_plain_visit(client, plan)
    back = f'href="/assistance/households/{plan.household_id}/"'
    assert "← 返回帮扶方案" in client.get(count_url(plan, visit)).content.decode()  # a way back before counting too
    client.post(count_url(plan, visit), {"effect": "good"})

    page = client.get(count_url(plan, visit)).content.decode()

    assert visits.MSG_ALREADY_COUNTED in page
    assert 'name="effect"' not in page and 'name="note"' not in page and "记为帮扶回访</button>" not in page
    assert "请评价帮扶成效" not in page
    assert page.count(back) >= 2 and "← 返回帮扶方案" in page
