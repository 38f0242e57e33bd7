"""Return visits through the API as an integrator uses them (API review): a retry's key reused with another visit
is refused (409), not answered with the first visit as saved; the plan's return visits are read back with their
帮扶成效 as code and label; a note too long is refused at ``note``, the field the client sent."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from assistance.models import Plan, ReturnVisit
from assistance.services import plans
from config.api_once import ONCE_HEADER
from households.choices import HouseholdType, Relation
from households.models import Visit
from households.services import registry
from tests.assistance.conftest import monitor
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - dt.timedelta(days=10))  # visits since
    plan.refresh_from_db()
    return plan


def url(plan):
    return f"/api/v1/assistance/plans/{plan.pk}/return-visits/"


def post(client, plan, *, headers=None, **fields):
    body = {"visited_on": today().isoformat(), "effect": "good", **fields}
    return client.post(url(plan), body, content_type="application/json", headers=headers or {})


class TestKeyReused:
    def test_a_key_sent_again_with_another_visit_is_a_409_and_records_nothing(self, personas, login, plan):
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        assert post(client, plan, once=token).status_code == 201

        other = post(
            client, plan, once=token, visited_on=(today() - dt.timedelta(days=1)).isoformat(), effect="poor", note="x"
        )

        assert other.status_code == 409, other.json()
        assert other.json()["detail"].startswith("该提交令牌（once 或 Idempotency-Key）已用于另一内容的提交")
        assert list(ReturnVisit.objects.filter(plan=plan).values_list("effect", flat=True)) == ["good"]
        assert Visit.objects.filter(household=plan.household).count() == 1

    def test_the_same_visit_again_in_header_or_body_with_defaults_spelt_out_is_still_a_200(self, personas, login, plan):
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        first = post(client, plan, once=token)

        again = post(client, plan, headers={ONCE_HEADER: token}, note="")

        assert (first.status_code, again.status_code) == (201, 200), again.json()
        assert ReturnVisit.objects.filter(plan=plan).count() == 1

    def test_another_user_sending_the_key_is_refused(self, personas, login, plan):
        token = str(uuid.uuid4())
        assert post(login(personas.cadre_a), plan, once=token).status_code == 201

        other = post(login(personas.township), plan, once=token)

        assert other.status_code == 409, other.json()
        assert ReturnVisit.objects.filter(plan=plan).count() == 1

    def test_a_key_used_for_another_plan_still_records_that_plans_visit(self, personas, login, county, plan):
        household = registry.household_create(
            actor=personas.cadre_a,
            village=county.village_a,
            members=[member_row("赵六", Relation.HEAD, dt.date(1972, 4, 9), 77)],
            household_type=HouseholdType.ORDINARY,
        )
        other = measured(
            plans.plan_create(actor=personas.township, household=monitor(household, risks=["medical_cost"]))
        )
        client, token = login(personas.cadre_a), str(uuid.uuid4())
        assert post(client, plan, once=token).status_code == 201

        assert post(client, other, once=token).status_code == 201
        assert ReturnVisit.objects.filter(plan=other).count() == 1


class TestRead:
    def test_the_plans_return_visits_come_newest_first_with_effect_code_and_label(self, personas, login, plan):
        client = login(personas.cadre_a)
        post(client, plan, visited_on=(today() - dt.timedelta(days=3)).isoformat(), effect="poor", note="未复诊")
        post(client, plan, effect="good", note="按时复诊")

        response = client.get(url(plan))

        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == 2
        newest, older = body["results"]
        assert (newest["effect"], newest["effect_display"], newest["note"]) == ("good", "成效明显", "按时复诊")
        assert (older["effect"], older["effect_display"], older["visited_on"]) == (
            "poor",
            "成效不明显",
            (today() - dt.timedelta(days=3)).isoformat(),
        )
        visit = ReturnVisit.objects.get(plan=plan, effect="good")
        assert newest["visitor"] == personas.cadre_a.username
        assert newest["visitor_name"] == personas.cadre_a.get_short_name()
        assert (newest["id"], newest["plan"], newest["visit"]) == (visit.pk, plan.pk, visit.visit_id)
        assert newest["created_at"]
        assert_matches_schema(openapi(client), "/api/v1/assistance/plans/{id}/return-visits/", "get", response)

    def test_the_list_is_paged(self, personas, login, plan):
        client = login(personas.cadre_a)
        for days in (1, 2):
            post(client, plan, visited_on=(today() - dt.timedelta(days=days)).isoformat())

        response = client.get(url(plan), {"page_size": 1})

        assert response.json()["count"] == 2 and len(response.json()["results"]) == 1

    def test_a_plan_outside_the_callers_scope_is_a_404(self, personas, login, plan):
        post(login(personas.cadre_a), plan)

        response = login(personas.cadre_b).get(url(plan))

        assert response.status_code == 404


def test_a_note_too_long_is_refused_at_note_as_the_return_visits_own_words(personas, login, plan):
    response = post(login(personas.cadre_a), plan, note="好" * 5000)

    assert response.status_code == 400
    errors = response.json()
    assert "notes" not in errors, errors
    assert errors["note"][0].startswith("回访情况不能超过")
    assert "（现有5000字）" in errors["note"][0]
    assert not ReturnVisit.objects.filter(plan=plan).exists()


def test_the_page_says_a_note_too_long_at_its_回访情况_field(personas, login, plan):
    url = f"/assistance/plans/{plan.pk}/return-visits/new/"
    cadre = login(personas.cadre_a)
    form = page_form(cadre.get(url).content.decode(), having="visited_on")
    form.update(effect="good", note="好" * 2100)

    response = cadre.post(url, form)

    assert response.status_code == 200
    assert response.context["form"].errors["note"][0].startswith("回访情况不能超过")
    assert not ReturnVisit.objects.filter(plan=plan).exists()
