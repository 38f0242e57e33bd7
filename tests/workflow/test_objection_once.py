"""Review finding 5 (公示异议): a double tap or a phone resending the post recorded two identical open objections.
The page carries a token (config.once), stored on the objection under a unique constraint: the same page posted
again records nothing more and says the objection is already recorded."""

import re
import uuid

import pytest

from config.once import MSG_REPEATED
from tests.together import at_once
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.models import CaseEvent, Objection
from workflow.services.objections import objection_record

CONTENT = "该户有小轿车一辆，家庭收入不实。"


def _at_publicity(personas, household):
    case = open_case(personas, household)
    walk_to(personas, case, "village_publicity")
    return case


@pytest.mark.django_db
def test_the_same_objection_page_posted_twice_records_one_objection(personas, login, household_a):
    case = _at_publicity(personas, household_a)
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/objections/new/"
    page = client.get(f"{url}?step=village_publicity").content.decode()
    token = re.search(r'name="once" value="([0-9a-f-]{36})"', page).group(1)
    assert "data-submit-once" in page  # the browser holds the button after the first tap, too
    post = {"step_code": "village_publicity", "raised_by_name": "李四", "content": CONTENT, "once": token}

    first = client.post(url, post)
    again = client.post(url, post, follow=True)  # the phone resends the post it got no answer to

    assert first.status_code == 302 and again.redirect_chain[-1][0] == f"/workflow/cases/{case.pk}/"
    assert MSG_REPEATED.format(noun="异议登记") in again.content.decode()
    assert Objection.objects.filter(case_step__case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, action="objection_add").count() == 1
    # A new page is a new objection: the token is the page's, not the case's.
    fresh = re.search(r'name="once" value="([0-9a-f-]{36})"', client.get(url).content.decode()).group(1)
    assert fresh != token
    client.post(url, {**post, "once": fresh})
    assert Objection.objects.filter(case_step__case=case).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_page_at_once_record_one_objection(personas, household_a, audit_log_flushable):
    case = _at_publicity(personas, household_a)
    token = uuid.uuid4()
    results = at_once(
        lambda: (
            objection_record(
                actor=personas.cadre_a,
                case=case,
                step_code="village_publicity",
                raised_by_name="李四",
                content=CONTENT,
                once=token,
            ).repeated
        )
    )

    assert sorted(results, key=str) == [False, True]
    assert Objection.objects.filter(case_step__case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, action="objection_add").count() == 1
