"""The decline and to-case forms say all their errors in one round, the verification date's too (it was said only
once the other fields were right and the service was reached), under one summary with the right count (the page's
own summary is the form's count: static/js/errors.js adds no second box counting its words as an error)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from tests.workflow.applications_helpers import field_errors
from tests.workflow.test_applications_village import apply
from workflow.models import Case
from workflow.services import applications as services

pytestmark = pytest.mark.django_db


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def test_the_decline_form_says_the_future_date_with_the_other_errors(personas, login, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))

    page = (
        login(personas.cadre_a)
        .post(f"/workflow/applications/{application.pk}/decline/", {"visited_on": tomorrow(), "reason": ""})
        .content.decode()
    )

    assert services.MSG_VISIT_FUTURE in field_errors(page, "visited_on")
    assert services.MSG_NOTES_REQUIRED in page and services.MSG_REASON_REQUIRED in page
    assert services.MSG_IDENTITY_UNCONFIRMED in field_errors(page, "identity_confirmed")
    # One summary, counting the six fields (the 村两委 review's two too), marked as the form's count so the script
    # adds none.
    assert page.count('class="form-errors') == 1
    assert 'data-error-count="6"' in page and "有6项需要修改：" in page


def test_the_to_case_form_says_the_future_date_with_the_other_errors(personas, login, county, household_a):
    application = apply(county.village_a)

    page = (
        login(personas.cadre_a)
        .post(
            f"/workflow/applications/{application.pk}/to-case/",
            {"visited_on": tomorrow(), "visit_notes": "", "category": MonitoringCategory.SUDDEN_HARDSHIP},
        )
        .content.decode()
    )

    assert services.MSG_VISIT_FUTURE in field_errors(page, "visited_on")
    assert services.MSG_NOTES_REQUIRED in page
    assert not Case.objects.exists()
