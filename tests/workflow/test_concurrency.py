"""Two people acting on the same step at once, each on their own database connection."""

import threading

import pytest
from django.db import connections

from config.errors import ApplicationError
from households.choices import MonitoringCategory
from tests.workflow.helpers import case_act, sign_consent
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.cases import case_open


@pytest.mark.django_db(transaction=True)
def test_two_people_acting_on_one_step(personas, household_a, audit_log_flushable):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village step passes only with it
    barrier = threading.Barrier(2)
    results: list[str] = []

    def act(note: str) -> None:
        try:
            barrier.wait(timeout=10)
            case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, note=note)
            results.append("ok")
        except ApplicationError as error:
            results.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(f"第{i}人",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["ok", "“村级评议”环节已由他人办理，请刷新后查看。"]
    assert CaseStep.objects.get(case=case, step__code="village_review").status == CaseStepStatus.DONE
    assert CaseStep.objects.get(case=case, step__code="village_publicity").status == CaseStepStatus.OPEN
    assert CaseEvent.objects.filter(case=case, action="case_act").count() == 1
