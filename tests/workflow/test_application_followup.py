"""A self-application whose identification case was withdrawn (撤回) is not over for the farmer: the household's next
identification case, opened from the household's 发起识别/退出, starts from the application (channel 农户自主申报, the
application's date as discovery date, from which seed 001 §三's 15 days count) and takes it over, so the status
lookup shows it being handled (核实中) instead of done (已办结); the withdrawn case stays in the record."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from tests.workflow.applications_helpers import HEAD_ID
from tests.workflow.test_applications_village import apply, to_case
from tests.workflow.test_case_openings import _checked, _selected
from workflow.choices import CaseStatus, Channel
from workflow.models import Case, CaseEvent
from workflow.models.applications import Application
from workflow.selectors_application_public import application_status_lookup
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def body(**overrides) -> dict:
    values = {
        "kind": "identification",
        "channel": "self_application",
        "risk_types": ["medical_cost"],
        "national_risk_types": ["illness"],
        "category": "sudden_hardship",
        "discovered_on": "",
    }
    return values | overrides


@pytest.fixture
def withdrawn(personas, county, household_a):
    """张大山 applied four days ago; the case it was turned into was withdrawn (误选类别)."""
    application = apply(county.village_a)
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=4))
    application.refresh_from_db()
    case = to_case(personas.cadre_a, application, household_a)
    case_withdraw(actor=personas.cadre_a, case=case, note="误选监测类别，重新发起")
    application.refresh_from_db()
    return application, case


def applied_on(application) -> dt.date:
    return timezone.localtime(application.submitted_at).date()


def test_the_new_case_form_starts_from_the_application(personas, login, household_a, withdrawn):
    application, _ = withdrawn
    [row] = application_status_lookup(id_number=HEAD_ID, phone=PHONE)
    assert row.status_label == "已办结"

    form = login(personas.cadre_a).get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()

    assert _selected(form, "channel") == [Channel.SELF_APPLICATION]
    assert f'name="discovered_on" value="{applied_on(application).isoformat()}"' in form
    assert _checked(form, "risk_types") == ["medical_cost"]
    assert f"回执号 {application.receipt_no}" in form and "该申报随新案件办理" in form


def test_the_new_case_takes_the_application_over_and_the_farmer_sees_it_running(
    personas, login, household_a, withdrawn
):
    application, old = withdrawn
    response = login(personas.cadre_a).post(
        f"/workflow/households/{household_a.pk}/cases/new/",
        body(discovered_on=applied_on(application).isoformat()),
    )

    assert response.status_code == 302
    new = Case.objects.get(household=household_a, status=CaseStatus.OPEN)
    application.refresh_from_db()
    assert application.case == new and new.channel == Channel.SELF_APPLICATION
    assert new.discovered_on == applied_on(application)
    [row] = application_status_lookup(id_number=HEAD_ID, phone=PHONE)
    assert (row.status_label, row.status) == ("核实中", "verifying")
    assert "已办结" not in row.explanation
    # The withdrawn case stays as it was, and both records say where the application went.
    old.refresh_from_db()
    assert old.status == CaseStatus.WITHDRAWN
    assert CaseEvent.objects.filter(case=old, summary__contains=f"回执号 {application.receipt_no}").exists()
    taken_over = f"承接农户自主申报（回执号 {application.receipt_no}"
    assert CaseEvent.objects.filter(case=new, summary__contains=taken_over).exists()
    event = AuditEvent.objects.get(action="workflow.application_follow_case")
    assert (event.before, event.after) == ({"case": old.pk}, {"case": new.pk})
    # The new case's 来源与材料 names the application; the application's page links the running case.
    client = login(personas.cadre_a)
    assert f"/workflow/applications/{application.pk}/" in client.get(f"/workflow/cases/{new.pk}/").content.decode()
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert f"/workflow/cases/{new.pk}/" in page


def test_a_case_ended_otherwise_keeps_its_application(personas, login, household_a, withdrawn):
    """Only a withdrawn case hands its application on: after a refused one, a new case is the cadre's own."""
    application, old = withdrawn
    Case.objects.filter(pk=old.pk).update(status=CaseStatus.REJECTED)

    form = login(personas.cadre_a).get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()
    assert _selected(form, "channel") != [Channel.SELF_APPLICATION] and "该申报随新案件办理" not in form
    today = timezone.localdate().isoformat()
    response = login(personas.cadre_a).post(
        f"/workflow/households/{household_a.pk}/cases/new/", body(channel="cadre_visit", discovered_on=today)
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.case == old
    assert not AuditEvent.objects.filter(action="workflow.application_follow_case").exists()
