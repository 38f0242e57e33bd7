"""A procedure's steps on the configuration site: the audit log records what an edit changed."""

import pytest

from accounts.audit import UNCHANGED
from accounts.models import AuditEvent
from workflow.models import Step

pytestmark = pytest.mark.django_db


def step_data(step, **overrides):
    data = {
        "procedure": step.procedure_id,
        "order": step.order,
        "code": step.code,
        "name": step.name,
        "role": step.role,
        "kind": step.kind,
        "days": step.days or "",
        "day_type": step.day_type,
    }
    data |= {name: "on" for name in ("parallel_with_next", "skippable_when_clear") if getattr(step, name)}
    return data | overrides


def test_a_step_edit_records_only_what_changed(personas, login):
    step = Step.objects.get(procedure__code="yongxiu_identification", code="village_publicity")
    client = login(personas.system_admin)

    client.post(f"/admin/workflow/step/{step.pk}/change/", step_data(step))
    client.post(
        f"/admin/workflow/step/{step.pk}/change/",
        step_data(step, days="7", day_type="working"),
    )

    unchanged, changed = AuditEvent.objects.filter(action="workflow.step_save").order_by("pk")
    assert unchanged.summary.endswith(UNCHANGED) and (
        unchanged.before,
        unchanged.after,
    ) == (None, None)
    assert changed.before == {"days": step.days, "day_type": step.day_type}
    assert changed.after == {"days": 7, "day_type": "working"}
