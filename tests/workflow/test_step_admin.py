"""A procedure's steps on the configuration site: the roles offered are those the service accepts, the rules above
the form are the service's, and the audit log records what an edit changed."""

import pytest

from accounts.audit import UNCHANGED
from accounts.choices import Role
from accounts.models import AuditEvent
from tests.workflow.test_procedure_admin import step_data
from workflow.models import Step
from workflow.services.procedure_config import MSG_REVIEW_ONLY_PUBLICITY, STEP_ROLES

pytestmark = pytest.mark.django_db


def saved_here():
    """The step saves audited by the test (migration 0040 audits its own, as 系统迁移, when the database is built)."""
    return AuditEvent.objects.filter(action="workflow.step_save").exclude(actor_username="系统迁移")


def test_only_the_roles_the_service_accepts_are_offered(personas, login):
    step = Step.objects.get(procedure__code="yongxiu_identification", code="village_publicity")

    form = login(personas.system_admin).get(f"/admin/workflow/step/{step.pk}/change/").context["adminform"].form

    offered = {value for value, _ in form.fields["role"].choices if value}
    assert offered == STEP_ROLES
    assert Role.DEPARTMENT_CLERK not in offered and Role.SYSTEM_ADMIN not in offered


def test_the_rules_say_a_publicity_may_have_no_days(personas, login):
    # Laiyuan's 村级评议公示 runs 5 days since 0027; a county's publicity may still leave the days blank.
    step = Step.objects.get(procedure__code="laiyuan_identification", code="village_review_publicity")
    Step.objects.filter(pk=step.pk).update(days=None, day_type="")
    step.refresh_from_db()
    assert (step.kind, step.days) == ("publicity", None)

    client = login(personas.system_admin)
    page = client.get(f"/admin/workflow/step/{step.pk}/change/").content.decode()
    response = client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step, name="村级评议并公示"))

    assert "公示环节须填写公示天数和天数口径" not in page
    assert "公示环节可不填公示天数" in page
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, step.days) == ("村级评议并公示", None)


def test_a_step_edit_records_only_what_changed(personas, login):
    step = Step.objects.get(procedure__code="yongxiu_identification", code="village_publicity")
    client = login(personas.system_admin)

    client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step))
    client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step, days="7", day_type="working"))

    unchanged, changed = saved_here().order_by("pk")
    assert unchanged.summary.endswith(UNCHANGED) and (unchanged.before, unchanged.after) == (None, None)
    assert changed.before == {"days": step.days, "day_type": step.day_type}
    assert changed.after == {"days": 7, "day_type": "working"}


def test_with_review_is_edited_on_a_publicity_and_audited(personas, login):
    # 0027 made Laiyuan's 村级评议公示 the village review too; the county may set or clear it on the step's page.
    step = Step.objects.get(procedure__code="laiyuan_identification", code="village_review_publicity")
    assert step.with_review
    client = login(personas.system_admin)
    page = client.get(f"/admin/workflow/step/{step.pk}/change/").content.decode()
    assert 'name="with_review"' in page and "含村级评议" in page and "只用于公示环节" in page

    cleared = step_data(step)
    del cleared["with_review"]
    assert client.post(f"/admin/workflow/step/{step.pk}/change/", cleared).status_code == 302
    step.refresh_from_db()
    assert not step.with_review
    assert client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step, with_review="on")).status_code == 302
    step.refresh_from_db()
    assert step.with_review

    cleared_event, set_event = saved_here().order_by("pk")
    assert (cleared_event.before, cleared_event.after) == ({"with_review": True}, {"with_review": False})
    assert (set_event.before, set_event.after) == ({"with_review": False}, {"with_review": True})


def test_with_review_is_refused_on_a_step_that_is_not_a_publicity(personas, login):
    step = Step.objects.get(procedure__code="laiyuan_identification", code="township_check")
    client = login(personas.system_admin)

    page = client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step, with_review="on")).content.decode()

    assert MSG_REVIEW_ONLY_PUBLICITY in page
    step.refresh_from_db()
    assert not step.with_review
    assert not saved_here().exists()
