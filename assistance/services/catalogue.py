"""The measure catalogue, edited on the configuration site: validated and audited here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_record, model_snapshot
from assistance.models import MeasureCategory, MeasureType
from households.choices import RiskType

MSG_CODE_TAKEN = "编码“{code}”已被使用。"
MSG_RISK_UNKNOWN = "未知的风险类型：{codes}。"
CATEGORY_FIELDS = ["code", "name", "order"]
TYPE_FIELDS = [
    "category",
    "code",
    "name",
    "default_department",
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
    audit_record(
        actor=actor,
        action="assistance.category_save",
        summary=f"保存帮扶类别：{category.name}",
        target=category,
        before=before,
        after=model_snapshot(category, CATEGORY_FIELDS),
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
    fields = [f for f in TYPE_FIELDS if f != "category"]
    before = model_snapshot(measure_type, fields) if measure_type.pk else None
    for name, value in values.items():
        setattr(measure_type, name, value)
    measure_type.full_clean(validate_unique=False)
    measure_type.save()
    audit_record(
        actor=actor,
        action="assistance.measure_type_save",
        summary=f"保存帮扶措施目录：{measure_type.name}",
        target=measure_type,
        before=before,
        after=model_snapshot(measure_type, fields) | {"category": measure_type.category.name},
    )
    return measure_type
