"""The measure catalogue, edited on the configuration site: validated and audited here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import UNCHANGED, audit_changes, audit_record, model_snapshot
from accounts.choices import Department
from assistance.models import MeasureCategory, MeasureType
from households.choices import RiskType

MSG_CODE_TAKEN = "编码“{code}”已被使用。"
MSG_RISK_UNKNOWN = "未知的风险类型：{codes}。"
MSG_DEPARTMENT_UNKNOWN = "未知的部门：{codes}。"
MSG_CO_IS_DEFAULT = "{department}已是默认责任部门，不必再勾选为协同部门。"
CATEGORY_FIELDS = ["code", "name", "order"]
TYPE_FIELDS = [
    "category",
    "code",
    "name",
    "default_department",
    "co_departments",
    "default_unit_name",
    "risk_types",
    "for_member",
    "order",
    "is_active",
    "description",
]


@transaction.atomic
def category_save(*, actor: Any, category: MeasureCategory | None, **values: Any) -> MeasureCategory:
    category = category or MeasureCategory()
    if MeasureCategory.objects.filter(code=values["code"]).exclude(pk=category.pk).exists():
        raise ValidationError({"code": MSG_CODE_TAKEN.format(code=values["code"])})
    before = model_snapshot(category, CATEGORY_FIELDS) if category.pk else None
    for name, value in values.items():
        setattr(category, name, value)
    category.full_clean(validate_unique=False)
    category.save()
    old, new = audit_changes(before, model_snapshot(category, CATEGORY_FIELDS))
    audit_record(
        actor=actor,
        action="assistance.category_save",
        summary=f"保存帮扶类别：{category.name}" + (UNCHANGED if before and new is None else ""),
        target=category,
        before=old,
        after=new,
    )
    return category


@transaction.atomic
def measure_type_save(*, actor: Any, measure_type: MeasureType | None, **values: Any) -> MeasureType:
    measure_type = measure_type or MeasureType()
    if MeasureType.objects.filter(code=values["code"]).exclude(pk=measure_type.pk).exists():
        raise ValidationError({"code": MSG_CODE_TAKEN.format(code=values["code"])})
    unknown = [code for code in values.get("risk_types") or [] if code not in RiskType.values]
    if unknown:
        raise ValidationError({"risk_types": MSG_RISK_UNKNOWN.format(codes="、".join(unknown))})
    if "co_departments" in values:
        values["co_departments"] = _co_departments(values["co_departments"], values.get("default_department", ""))
    before = _type_snapshot(measure_type) if measure_type.pk else None
    for name, value in values.items():
        setattr(measure_type, name, value)
    measure_type.full_clean(validate_unique=False)
    measure_type.save()
    # Risk types and co-departments compare as sets (audit_changes): the form lists them in its own order.
    old, new = audit_changes(before, _type_snapshot(measure_type))
    audit_record(
        actor=actor,
        action="assistance.measure_type_save",
        summary=f"保存帮扶措施目录：{measure_type.name}" + (UNCHANGED if before and new is None else ""),
        target=measure_type,
        before=old,
        after=new,
    )
    return measure_type


def _type_snapshot(measure_type: MeasureType) -> dict[str, Any]:
    """Every field the form edits; the category by name (the log reads it, not its row id)."""
    return model_snapshot(measure_type, TYPE_FIELDS) | {"category": measure_type.category.name}


def _co_departments(codes: list[str] | None, default_department: str) -> list[str]:
    """The co-departments to save, each once: known departments only, and not the default department again (the
    measure goes to it anyway: catalogue.allowed_departments)."""
    codes = list(dict.fromkeys(str(code) for code in codes or []))
    unknown = [code for code in codes if code not in Department.values]
    if unknown:
        raise ValidationError({"co_departments": MSG_DEPARTMENT_UNKNOWN.format(codes="、".join(unknown))})
    if default_department and default_department in codes:
        label = Department(default_department).label
        raise ValidationError({"co_departments": MSG_CO_IS_DEFAULT.format(department=label)})
    return codes
