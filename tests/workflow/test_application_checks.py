"""What the village sees and checks on a self-application before it turns it into a case (review cadre findings 5, 6
and 11): an ID number the registry holds under another name; a household already monitored, said on the page
rather than after the whole verification is typed; a verification dated before the application or in the future."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.choices import MonitoringCategory
from households.models import Visit
from tests.workflow.test_applications_village import apply, to_case
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application
from workflow.services import applications as services
from workflow.services.case_opening import MSG_IDENT_MONITORED

pytestmark = pytest.mark.django_db

MISMATCH = "档案中该号码登记为 张大山"


def detail(client, application):
    return client.get(f"/workflow/applications/{application.pk}/").content.decode()


# Finding 5: the applicant's ID number is on file under another name


def test_an_id_number_on_file_under_another_name_is_said_prominently(personas, login, county, household_a):
    application = apply(county.village_a, name="王五")  # 张大山's number

    page = detail(login(personas.cadre_a), application)

    assert MISMATCH in page and "申报人填写的是“王五”" in page
    assert page.index(MISMATCH) < page.index("回执号")  # above the facts, not below the actions


def test_the_same_name_says_nothing(personas, login, county, household_a):
    application = apply(county.village_a, name="张 大山")  # a space typed on a phone is not another name

    assert "档案中该号码登记为" not in detail(login(personas.cadre_a), application)


def test_a_name_outside_the_cadre_s_scope_is_never_shown(personas, login, county, household_a, household_b):
    """王五 is registered in 城北村 (cadre_b's): 城南村's cadre learns nothing of him from an application there."""
    number = household_b.members.get().id_number
    application = apply(county.village_a, name="赵六", id_number=number)

    page = detail(login(personas.cadre_a), application)

    assert "档案中该号码登记为" not in page and "王五" not in page


# Finding 6: the household is already monitored


def test_a_monitored_household_s_application_is_not_offered_as_a_case(personas, login, county, monitored_a):
    application = apply(county.village_a)
    client = login(personas.cadre_a)

    page = detail(client, application)

    assert "该户已是监测对象（边缘易致贫户，2025-03-01 纳入监测），不能重复识别纳入。" in page
    assert "记录入户核实并转为识别案件" not in page and f"/applications/{application.pk}/to-case/" not in page
    assert f"/households/{monitored_a.pk}/visits/new/" in page and "办结申报" in page
    # Reached anyway (an old link): back to the application, with the reason.
    response = client.get(f"/workflow/applications/{application.pk}/to-case/", follow=True)
    assert response.redirect_chain[-1][0] == f"/workflow/applications/{application.pk}/"
    assert MSG_IDENT_MONITORED in response.content.decode()


def test_closing_a_monitored_household_s_application_starts_from_a_reason_that_says_so(
    personas, login, county, monitored_a
):
    application = apply(county.village_a)
    client = login(personas.cadre_a)
    services.application_start_verification(actor=personas.cadre_a, application=application)

    page = client.get(f"/workflow/applications/{application.pk}/decline/").content.decode()
    assert services.REASON_MONITORED in page

    data = {
        "visited_on": timezone.localdate().isoformat(),
        "visit_notes": "入户核实：住院属实。",
        "identity_confirmed": "on",
    }
    response = client.post(
        f"/workflow/applications/{application.pk}/decline/", {**data, "reason": services.REASON_MONITORED}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    # Closed as 已是监测对象, not declined (the farmer reads no 未予纳入: tests/workflow/test_application_monitored).
    assert application.status == ApplicationStatus.MONITORED and application.decline_reason == services.REASON_MONITORED


def test_the_service_still_refuses_and_the_page_keeps_what_was_typed(personas, login, county, household_a):
    """The household became monitored between the page and the post: refused by case_open, the typing kept."""
    application = apply(county.village_a)
    client = login(personas.cadre_a)
    assert client.get(f"/workflow/applications/{application.pk}/to-case/").status_code == 200
    household_a.monitoring_category = MonitoringCategory.MARGINAL
    household_a.save(update_fields=["monitoring_category"])

    response = client.post(
        f"/workflow/applications/{application.pk}/to-case/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "透析属实，每月自付三千元。",
            "risk_types": ["medical_cost"],
            "category": MonitoringCategory.SUDDEN_HARDSHIP,
            "identity_confirmed": "on",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200 and MSG_IDENT_MONITORED in page
    assert "透析属实，每月自付三千元。" in page
    assert not Case.objects.exists() and not Visit.objects.exists()


# Finding 11: the verification date


def _submitted_days_ago(application, days):
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    application.refresh_from_db()


def test_a_verification_before_the_application_is_refused(personas, county, household_a):
    application = apply(county.village_a)
    _submitted_days_ago(application, 3)
    applied_on = timezone.localdate() - dt.timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        to_case(personas.cadre_a, application, household_a, visited_on=applied_on - dt.timedelta(days=1))

    assert error.value.message_dict == {
        "visited_on": [services.MSG_VISIT_BEFORE_APPLIED.format(date=f"{applied_on:%Y-%m-%d}")]
    }
    assert not Visit.objects.exists() and not Case.objects.exists()
    case = to_case(personas.cadre_a, application, household_a, visited_on=applied_on)  # the same day will do
    assert case.discovered_on == applied_on


def test_a_verification_in_the_future_is_refused_with_the_other_errors(personas, county, household_a):
    application = apply(county.village_a)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        to_case(personas.cadre_a, application, household_a, visited_on=tomorrow, visit_notes=" ")

    assert error.value.message_dict == {
        "visited_on": [services.MSG_VISIT_FUTURE],
        "visit_notes": [services.MSG_NOTES_REQUIRED],
    }


def test_the_to_case_page_shows_the_date_error_and_keeps_the_typing(personas, login, county, household_a):
    application = apply(county.village_a)
    _submitted_days_ago(application, 2)

    response = login(personas.cadre_a).post(
        f"/workflow/applications/{application.pk}/to-case/",
        {
            "visited_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
            "visit_notes": "入户核实：透析属实。",
            "risk_types": ["medical_cost"],
            "category": MonitoringCategory.SUDDEN_HARDSHIP,
        },
    )

    page = response.content.decode()
    assert "入户核实日期不能早于申报提交日期" in page and "入户核实：透析属实。" in page
    assert not Case.objects.exists()
