"""The measure catalogue's edits on the configuration site, as the audit log records them: what changed, before and
after, in words; a save that changed nothing says so."""

import pytest

from accounts.audit import UNCHANGED
from accounts.audit_labels import change_line, changes_in_words
from accounts.models import AuditEvent
from assistance.models import MeasureCategory, MeasureType

pytestmark = pytest.mark.django_db


def type_data(measure_type, **overrides):
    data = {
        "category": measure_type.category_id,
        "code": measure_type.code,
        "name": measure_type.name,
        "default_department": measure_type.default_department,
        "co_departments": measure_type.co_departments,
        "default_unit_name": measure_type.default_unit_name,
        "risk_types": measure_type.risk_types,
        "order": measure_type.order,
        "description": measure_type.description,
    }
    data |= {name: "on" for name in ("for_member", "is_active") if getattr(measure_type, name)}
    return data | overrides


def audit_lines(reader, event):
    """The event's changes as the audit log page shows them to `reader`."""
    return [
        change_line(c) for c in changes_in_words(reader, event.object_type, event.action, event.before, event.after, {})
    ]


def test_saving_a_measure_type_unchanged_records_no_change_whatever_the_order_of_its_risk_types(personas, login):
    measure_type = MeasureType.objects.get(code="tech_training")
    assert measure_type.risk_types == ["business_failure", "low_income"]  # the form lists low_income first

    response = login(personas.system_admin).post(
        f"/admin/assistance/measuretype/{measure_type.pk}/change/", type_data(measure_type)
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="assistance.measure_type_save")
    assert event.summary == f"保存帮扶措施目录：{measure_type.name}{UNCHANGED}"
    assert (event.before, event.after) == (None, None)


def test_a_measure_types_new_category_and_risk_types_are_recorded_before_and_after_in_words(personas, login):
    measure_type = MeasureType.objects.get(code="tech_training")
    employment = MeasureCategory.objects.get(code="employment")
    industry = measure_type.category.name

    login(personas.system_admin).post(
        f"/admin/assistance/measuretype/{measure_type.pk}/change/",
        type_data(measure_type, category=employment.pk, risk_types=["low_income", "unemployment"]),
    )

    event = AuditEvent.objects.get(action="assistance.measure_type_save")
    assert event.before == {"category": industry, "risk_types": ["business_failure", "low_income"]}
    assert event.after == {"category": employment.name, "risk_types": ["low_income", "unemployment"]}
    assert audit_lines(personas.audit_admin, event) == [
        f"帮扶类别：{industry} → {employment.name}",
        "对应风险类型：生产经营失败、人均纯收入低于监测范围 → 人均纯收入低于监测范围、主要劳动力失岗6个月以上",
    ]


def test_a_category_edit_records_only_what_changed(personas, login):
    category = MeasureCategory.objects.get(code="employment")
    client = login(personas.system_admin)
    data = {"code": category.code, "name": category.name, "order": category.order}

    client.post(f"/admin/assistance/measurecategory/{category.pk}/change/", data)
    client.post(f"/admin/assistance/measurecategory/{category.pk}/change/", data | {"name": "就业帮扶（含公益岗位）"})

    unchanged, renamed = AuditEvent.objects.filter(action="assistance.category_save").order_by("pk")
    assert unchanged.summary.endswith(UNCHANGED) and (unchanged.before, unchanged.after) == (None, None)
    assert (renamed.before, renamed.after) == ({"name": category.name}, {"name": "就业帮扶（含公益岗位）"})
