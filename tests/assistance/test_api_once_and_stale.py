"""The API's retries and stale reads (as the pages' config.once and shown status): a client retrying a return-visit
POST records one return visit; a claim decision or a measure's 办理 sent with the status the client read is refused
(409) when someone else has moved the record on since, and nothing is written."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from assistance.models import InsuranceClaim, MeasureType, ReturnVisit
from assistance.services import claims, measure_status, measures, plans
from assistance.services.claims import MSG_DECIDED_MEANWHILE
from assistance.services.measure_status import MSG_STATUS_MOVED
from config.api_once import ONCE_HEADER
from households.choices import HouseholdType, Relation
from households.models import Visit
from households.services import registry
from tests.assistance.conftest import monitor
from tests.assistance.measured import measured
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


def post_return_visit(client, plan, *, headers=None, **fields):
    body = {"visited_on": today().isoformat(), "effect": "good", "note": "按时复诊", **fields}
    url = f"/api/v1/assistance/plans/{plan.pk}/return-visits/"
    return client.post(url, body, content_type="application/json", headers=headers or {})


class TestReturnVisitRetries:
    def test_the_same_token_sent_twice_records_one_return_visit_201_then_200(self, personas, login, plan):
        client, token = login(personas.cadre_a), str(uuid.uuid4())

        first = post_return_visit(client, plan, once=token)
        again = post_return_visit(client, plan, headers={ONCE_HEADER: token})

        assert (first.status_code, again.status_code) == (201, 200), again.json()
        assert first.json()["next_return_due"] == again.json()["next_return_due"]
        assert ReturnVisit.objects.filter(plan=plan).count() == 1
        assert Visit.objects.filter(household=plan.household).count() == 1

    def test_a_token_used_for_another_plan_records_this_plans_return_visit(self, personas, login, county, plan):
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
        assert post_return_visit(client, plan, once=token).status_code == 201

        assert post_return_visit(client, other, once=token).status_code == 201
        assert ReturnVisit.objects.filter(plan=other).count() == ReturnVisit.objects.filter(plan=plan).count() == 1

    def test_a_malformed_token_is_a_400_in_chinese(self, personas, login, plan):
        response = post_return_visit(login(personas.cadre_a), plan, once="第一次")

        assert response.status_code == 400
        assert "UUID" in response.json()["once"][0]
        assert not ReturnVisit.objects.filter(plan=plan).exists()


@pytest.fixture
def claim(personas, plan):
    return claims.claim_create(
        actor=personas.cadre_a, household=plan.household, cause="illness", amount=Decimal("6000"), occurred_on=today()
    )


def decide(client, claim, **fields):
    url = f"/api/v1/assistance/claims/{claim.pk}/decide/"
    return client.post(url, fields, content_type="application/json")


class TestClaimDecisionOnAnOldRead:
    def test_a_claim_approved_since_the_client_read_it_is_not_rejected(self, personas, login, claim):
        # given: the client read the claim as 已申报; the county approved it since
        read = login(personas.county_officer).get(f"/api/v1/assistance/claims/{claim.pk}/").json()["status"]
        claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved", approved_amount=6000)
        # when: the client rejects it, saying what it read
        response = decide(
            login(personas.county_officer), claim, status="rejected", note="材料不全", expected_status=read
        )
        # then: 409 with the service's message, and the claim stays approved
        assert response.status_code == 409
        assert response.json()["detail"] == MSG_DECIDED_MEANWHILE.format(now="已核准")
        assert InsuranceClaim.objects.get(pk=claim.pk).status == "approved"

    def test_the_status_read_still_current_is_decided(self, personas, login, claim):
        response = decide(
            login(personas.county_officer),
            claim,
            status="approved",
            approved_amount="5000",
            expected_status=claim.status,
        )

        assert response.status_code == 200, response.json()
        assert InsuranceClaim.objects.get(pk=claim.pk).status == "approved"

    def test_without_expected_status_the_decision_is_unchecked_as_before(self, personas, login, claim):
        claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved", approved_amount=6000)

        response = decide(login(personas.county_officer), claim, status="paid", paid_amount="6000")

        assert response.status_code == 200, response.json()
        assert InsuranceClaim.objects.get(pk=claim.pk).status == "paid"


@pytest.fixture
def measure(personas, plan):
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=plan.household.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="刘医生",
    )


def set_status(client, measure, **fields):
    url = f"/api/v1/assistance/measures/{measure.pk}/status/"
    return client.post(url, fields, content_type="application/json")


class TestMeasureStatusOnAnOldRead:
    def test_a_measure_started_since_the_client_read_it_is_not_stopped(self, personas, login, measure):
        read = login(personas.cadre_a).get(f"/api/v1/assistance/measures/{measure.pk}/").json()["status"]
        measure_status.measure_set_status(actor=personas.township, measure=measure, status="in_progress")

        response = set_status(
            login(personas.cadre_a), measure, status="stopped", note="户主不愿签约", expected_status=read
        )

        assert response.status_code == 409
        assert response.json()["detail"] == MSG_STATUS_MOVED.format(now="实施中")
        measure.refresh_from_db()
        assert measure.status == "in_progress"

    def test_without_expected_status_the_measure_moves_as_before(self, personas, login, measure):
        response = set_status(login(personas.cadre_a), measure, status="in_progress")

        assert response.status_code == 200, response.json()
        measure.refresh_from_db()
        assert measure.status == "in_progress"

    def test_an_unknown_expected_status_is_a_400(self, personas, login, measure):
        response = set_status(login(personas.cadre_a), measure, status="in_progress", expected_status="whatever")

        assert response.status_code == 400
        measure.refresh_from_db()
        assert measure.status == "planned"
