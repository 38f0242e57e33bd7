"""Two submissions by the same farmer at the same moment, and two cadres acting on one application at once,
each on their own database connection."""

import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import MonitoringCategory
from tests.workflow.applications_helpers import HEAD_ID
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application, ApplicationLink, ApplicationSupplement
from workflow.services import application_public as public
from workflow.services import applications as services

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*calls: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except ApplicationError as error:
            results.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def submit(village) -> Callable[[], str]:
    return lambda: public.application_submit(
        village=village,
        name="张大山",
        id_number=HEAD_ID,
        phone="13812345678",
        risk_types=["medical_cost"],
        situation="老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        consent=True,
    )


def test_two_simultaneous_submissions_make_one_application_and_a_supplement(county, audit_log_flushable):
    receipts = run_together(submit(county.village_a), submit(county.village_a))
    assert len(set(receipts)) == 2
    application = Application.objects.get()
    assert {application.receipt_no, ApplicationSupplement.objects.get().receipt_no} == set(receipts)


def test_two_cadres_turning_one_application_into_a_case(personas, county, household_a, audit_log_flushable):
    application = Application.objects.get(receipt_no=submit(county.village_a)())

    def to_case(actor) -> Callable[[], object]:
        return lambda: services.application_to_case(
            actor=actor,
            application=application,
            household=household_a,
            visited_on=timezone.localdate(),
            visit_notes="入户核实属实。",
            risk_types=["medical_cost"],
            category=MonitoringCategory.SUDDEN_HARDSHIP,
            identity_confirmed=True,
        )

    results = run_together(to_case(personas.cadre_a), to_case(personas.township))
    assert sum(isinstance(result, Case) for result in results) == 1
    assert services.MSG_STALE in results
    assert Case.objects.count() == 1
    assert Application.objects.get().status == ApplicationStatus.CASE_OPENED


def test_two_first_posters_and_a_regeneration_at_once_leave_one_working_code(personas, county, audit_log_flushable):
    village = county.village_a
    results = run_together(
        lambda: public.application_link_for(actor=personas.cadre_a, village=village),
        lambda: public.application_link_for(actor=personas.township, village=village),
        lambda: public.application_link_rotate(actor=personas.county_officer, village=village),
    )
    assert all(isinstance(result, ApplicationLink) for result in results), results
    active = ApplicationLink.objects.get(village=village, revoked_at__isnull=True)
    # The rotation waited for, or was waited for by, the first poster: whoever printed last holds the active code.
    assert active.pk == max(result.pk for result in results)
