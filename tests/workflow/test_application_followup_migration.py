"""Migration workflow 0039: an application whose case was withdrawn before the follow-over existed (the new case was
opened without taking it over) follows the household's later running identification case, with the live path's
notes in both cases' records (by 系统迁移) and its audit row; the farmer's status lookup no longer says 已办结.
An application whose household has no later case, or only a refused one, keeps its withdrawn case."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import AuditEvent
from tests.workflow.applications_helpers import HEAD_ID
from tests.workflow.test_application_followup import PHONE, body
from tests.workflow.test_applications_village import apply, to_case
from workflow.choices import CaseStatus
from workflow.models import Case, CaseEvent
from workflow.selectors_application_public import application_status_lookup
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn_case(personas, county, household_a):
    """张大山's application, turned into a case that was then withdrawn (误选类别)."""
    application = apply(county.village_a)
    case = to_case(personas.cadre_a, application, household_a)
    case_withdraw(actor=personas.cadre_a, case=case, note="误选监测类别，重新发起")
    application.refresh_from_db()
    return application, case


def migrate() -> None:
    importlib.import_module("workflow.migrations.0039_application_follow_existing_cases").follow_later_cases(apps, None)


def open_case_the_old_way(monkeypatch, client, household) -> Case:
    """The household's new identification case as opened before the follow-over: the application stays behind."""
    monkeypatch.setattr("workflow.services.cases.follow_new_case", lambda **kwargs: [])
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/workflow/households/{household.pk}/cases/new/", body(channel="cadre_visit", discovered_on=today)
    )
    assert response.status_code == 302
    return Case.objects.filter(household=household).order_by("-created_at", "-pk").first()


def test_the_application_follows_the_running_case(monkeypatch, personas, login, household_a, withdrawn_case):
    application, old = withdrawn_case
    new = open_case_the_old_way(monkeypatch, login(personas.cadre_a), household_a)
    [row] = application_status_lookup(id_number=HEAD_ID, phone=PHONE)
    assert row.status_label == "已办结"

    migrate()

    application.refresh_from_db()
    assert application.case == new
    [row] = application_status_lookup(id_number=HEAD_ID, phone=PHONE)
    assert row.status_label == "核实中" and "已办结" not in row.explanation
    taken = CaseEvent.objects.get(case=new, summary__contains=f"回执号 {application.receipt_no}")
    assert taken.summary.startswith("系统迁移：承接农户自主申报")
    assert CaseEvent.objects.filter(case=old, summary__contains=f"回执号 {application.receipt_no}").exists()
    event = AuditEvent.objects.get(action="workflow.application_follow_case")
    assert (event.actor_username, event.before, event.after) == ("系统迁移", {"case": old.pk}, {"case": new.pk})
    # The case page's record tells the note.
    page = login(personas.cadre_a).get(f"/workflow/cases/{new.pk}/").content.decode()
    assert f"承接农户自主申报（回执号 {application.receipt_no}" in page

    migrate()  # run again: nothing more
    assert AuditEvent.objects.filter(action="workflow.application_follow_case").count() == 1


def test_without_a_later_running_case_the_application_stays(monkeypatch, personas, login, household_a, withdrawn_case):
    application, old = withdrawn_case
    migrate()
    application.refresh_from_db()
    assert application.case == old

    new = open_case_the_old_way(monkeypatch, login(personas.cadre_a), household_a)
    Case.objects.filter(pk=new.pk).update(status=CaseStatus.REJECTED)
    migrate()

    application.refresh_from_db()
    assert application.case == old
    assert not AuditEvent.objects.filter(action="workflow.application_follow_case").exists()
