"""An exclusion fact bars an inclusion (workflow.services.exclusion_rules; seed 003 §二2(2) "…家中有消费型轿车、家中有
财政供养人员、企业高管等不得确定为监测对象"): an identification is not opened for a household with an active such fact
(service, page, API), and the county's approval asks again (single, batch, API), since a fact may be recorded while
the procedure runs, unless the county overruled it with 不予排除; a withdrawn fact or one the county only weighs
(commercial property) refuses nothing. The case page shows the facts."""

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import MonitoringCategory, Relation
from households.models import Household
from screening.choices import ExclusionKind, ResultStatus
from screening.models import ScreeningResult
from screening.services.results import exclusion_add, exclusion_retract, result_override_exclusion
from tests.clock import today
from tests.workflow.helpers import act_after_publicity
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import Case, CaseStep
from workflow.services.batches import BatchConflict, CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕9号"
CAR = "家中有消费型轿车（张大山）"


def car(personas, household):
    head = household.members.get(relation=Relation.HEAD)
    return exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, member=head)


def overrule(personas, household):
    result, _ = ScreeningResult.objects.get_or_create(
        household=household,
        defaults={"region_path": household.region_path, "status": ResultStatus.EXCLUDED, "first_hit_on": today()},
    )
    ScreeningResult.objects.filter(pk=result.pk).update(status=ResultStatus.EXCLUDED)
    result.refresh_from_db()
    result_override_exclusion(actor=personas.county_officer, result=result, justification="该车为农用运输车辆")


def test_an_identification_is_not_opened_for_a_household_with_a_car(personas, login, household_a):
    car(personas, household_a)
    with pytest.raises(ApplicationError) as error:
        open_case(personas, household_a)
    message = error.value.message
    assert CAR in message and "不能发起识别纳入" in message and "不得确定为监测对象" in message
    assert "不予排除" in message and "撤销该排除情形" in message

    client = login(personas.cadre_a)
    page = client.post(
        f"/workflow/households/{household_a.pk}/cases/new/",
        {
            "kind": "identification",
            "channel": "cadre_visit",
            "risk_types": ["medical_cost"],
            "category": MonitoringCategory.SUDDEN_HARDSHIP,
            "discovered_on": today().isoformat(),
        },
    ).content.decode()
    assert CAR in page and "不能发起识别纳入" in page
    api = client.post(
        "/api/v1/cases/",
        {
            "household": household_a.pk,
            "kind": "identification",
            "channel": "cadre_visit",
            "risk_types": ["medical_cost"],
            "category": MonitoringCategory.SUDDEN_HARDSHIP,
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and CAR in api.content.decode()
    assert not Case.objects.exists()


def test_a_withdrawn_or_weighed_fact_refuses_nothing(personas, household_a):
    fact = car(personas, household_a)
    exclusion_retract(actor=personas.cadre_a, fact=fact, reason="误录，车辆为邻居所有")
    exclusion_add(actor=personas.cadre_a, household=household_a, kind=ExclusionKind.COMMERCIAL_PROPERTY)
    assert open_case(personas, household_a).status == CaseStatus.OPEN


def test_the_countys_overruling_lets_the_inclusion_open(personas, household_a):
    car(personas, household_a)
    overrule(personas, household_a)
    assert open_case(personas, household_a).status == CaseStatus.OPEN


def test_the_county_approval_asks_again_alone_in_a_batch_and_through_the_api(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "county_approval")
    car(personas, household_a)  # a department feed found the car while the procedure ran
    case.refresh_from_db()

    with pytest.raises(ApplicationError, match=CAR):
        act_after_publicity(
            actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
            document_number=NUMBER,
        )  # fmt: skip
    with pytest.raises(BatchConflict) as batch:
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number=NUMBER,
            decided_on=timezone.localdate(),
        )
    assert CAR in batch.value.message
    client = login(personas.approver)
    single = {"step_code": "county_approval", "outcome": "pass", "document_number": NUMBER}
    api = client.post(f"/api/v1/cases/{case.pk}/act/", single, content_type="application/json")
    assert api.status_code == 400 and CAR in api.content.decode()
    # The case page names the fact and the way out before the approver presses 通过.
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "data-exclusions" in page and "不得纳入" in page and CAR in page
    assert not Household.objects.get(pk=household_a.pk).monitoring_category
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN

    overrule(personas, household_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "县级不予排除" in page and "该车为农用运输车辆" in page
    act_after_publicity(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS, document_number=NUMBER
    )
    assert Household.objects.get(pk=household_a.pk).monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP
