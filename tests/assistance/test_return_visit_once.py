"""A double tap, or a phone resending the return-visit page, records one return visit (concurrency review
finding 5): the page carries a token made when it was shown, and the same page posted again finds the visit it
already recorded."""

import uuid

import pytest

from assistance.models import ReturnVisit
from assistance.services import plans, visits
from households.models import Visit
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form
from tests.clock import today
from tests.together import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def test_the_same_return_visit_page_posted_twice_records_one_visit(personas, login, plan):
    # given: the cadre's return-visit page, filled in
    url = f"/assistance/plans/{plan.pk}/return-visits/new/"
    cadre = login(personas.cadre_a)
    page = cadre.get(url).content.decode()
    assert "data-submit-once" in page  # the browser is asked to send it once, too (static/js/submit_once.js)
    form = page_form(page, having="visited_on")
    form.update(effect="good", note="已签约家庭医生，按时复诊")
    # when: it is sent twice (a double tap, or the phone retrying after a lost answer)
    first, second = cadre.post(url, form), cadre.post(url, form)
    # then: one return visit and one household visit, and both answers lead to the plan
    assert ReturnVisit.objects.filter(plan=plan).count() == 1
    assert Visit.objects.filter(household=plan.household).count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/assistance/households/{plan.household_id}/"


def test_two_pages_opened_separately_record_two_visits(personas, login, plan):
    url = f"/assistance/plans/{plan.pk}/return-visits/new/"
    cadre = login(personas.cadre_a)
    for note in ("第一次回访", "第二次回访"):
        form = page_form(cadre.get(url).content.decode(), having="visited_on")
        form.update(effect="fair", note=note)
        assert cadre.post(url, form).status_code == 302
    assert ReturnVisit.objects.filter(plan=plan).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_the_same_page_at_the_same_moment_record_one_visit(personas, monitored_a, audit_log_flushable):
    # given a plan, and two requests carrying the same page's token at once (two phones' retries, a double tap)
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    token = uuid.uuid4()
    results = at_once(
        lambda: (
            visits.return_visit_record(
                actor=personas.cadre_a, plan=plan, visited_on=today(), effect="good", note="按时复诊", once=token
            ).repeated
        )
    )
    # then one is recorded and the other finds it
    assert sorted(results) == [False, True]
    assert ReturnVisit.objects.filter(plan=plan).count() == 1
    assert Visit.objects.filter(household=plan.household).count() == 1
