"""A decline rests on a home visit made after the village started the verification, and on a 村两委 review held after
that visit (seed 000 §三(三)2: 上户核实, then the village's meeting decides): before, a review dated before the visit,
and a visit dated before 开始核实, were taken (only the submission date was checked), on the page and in the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.clock import today
from tests.workflow.applications_helpers import field_errors
from tests.workflow.test_applications_village import apply, decline, to_case, visit_post
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application
from workflow.services import application_decline_review as review
from workflow.services import applications as services

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture
def verifying(personas, county, household_a):
    """Submitted 10 days ago, verification started 6 days ago."""
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        submitted_at=now - dt.timedelta(days=10), verification_started_at=now - dt.timedelta(days=6)
    )
    application.refresh_from_db()
    return application


def _started_on(application: Application) -> str:
    return f"{timezone.localtime(application.verification_started_at).date():%Y-%m-%d}"


def test_the_review_may_not_predate_the_visit(personas, verifying):
    with pytest.raises(ValidationError) as refused:
        decline(personas.cadre_a, verifying, "收入稳定。", visited_on=days_ago(2), review_on=days_ago(4))

    assert refused.value.message_dict == {
        "review_on": [review.MSG_REVIEW_BEFORE_VISIT.format(date=f"{days_ago(2):%Y-%m-%d}")]
    }
    verifying.refresh_from_db()
    assert verifying.status == ApplicationStatus.VERIFYING and verifying.review_on is None

    done = decline(personas.cadre_a, verifying, "收入稳定。", visited_on=days_ago(6), review_on=days_ago(6))

    assert (done.status, done.verified_on, done.review_on) == (ApplicationStatus.DECLINED, days_ago(6), days_ago(6))


def test_the_visit_may_not_predate_the_start_of_the_verification(personas, verifying):
    with pytest.raises(ValidationError) as refused:
        decline(personas.cadre_a, verifying, "", visited_on=days_ago(8), review_on=days_ago(7))

    # Every error at once; the review is not compared with a visit date that does not stand.
    assert refused.value.message_dict == {
        "visited_on": [services.MSG_VISIT_BEFORE_STARTED.format(date=_started_on(verifying))],
        "reason": [services.MSG_REASON_REQUIRED],
    }
    with pytest.raises(ValidationError) as to_case_refused:
        to_case(personas.cadre_a, verifying, verifying_household(verifying), visited_on=days_ago(8))
    assert "不能早于开始核实的日期" in to_case_refused.value.message_dict["visited_on"][0]


def verifying_household(application: Application):
    return services.applicant_household(application)


def test_the_decline_page_says_both_dates_errors_at_their_fields(personas, login, verifying):
    client = login(personas.cadre_a)
    url = f"/workflow/applications/{verifying.pk}/decline/"

    form = client.get(url).content.decode()
    assert f"不早于开始核实的日期（{_started_on(verifying)}）" in form and "评议日期不早于入户核实日期" in form

    early_review = client.post(
        url, {**visit_post("收入稳定。"), "visited_on": days_ago(2).isoformat(), "review_on": days_ago(4).isoformat()}
    ).content.decode()
    early_visit = client.post(
        url,
        {**visit_post("收入稳定。"), "visited_on": days_ago(8).isoformat(), "review_opinion": ""},
    ).content.decode()

    assert "不能早于入户核实日期" in field_errors(early_review, "review_on")
    assert f"不能早于开始核实的日期（{_started_on(verifying)}）" in field_errors(early_visit, "visited_on")
    assert review.MSG_REVIEW_OPINION_REQUIRED in field_errors(early_visit, "review_opinion")
    verifying.refresh_from_db()
    assert verifying.status == ApplicationStatus.VERIFYING


def test_the_api_refuses_a_review_before_the_visit(personas, login, verifying):
    client = login(personas.cadre_a)
    body = {
        **visit_post("收入稳定。"),
        "identity_confirmed": True,
        "visited_on": days_ago(1).isoformat(),
        "review_on": days_ago(5).isoformat(),
    }

    refused = client.post(f"/api/v1/applications/{verifying.pk}/decline/", body, content_type="application/json")

    assert refused.status_code == 400
    assert review.MSG_REVIEW_BEFORE_VISIT.format(date=f"{days_ago(1):%Y-%m-%d}") in refused.content.decode()
    verifying.refresh_from_db()
    assert verifying.status == ApplicationStatus.VERIFYING and verifying.visit_id is None
