"""Chinese labels beside the registry API's codes: each choice field a serializer returns has a read-only
`<field>_display` (户类型 beside household_type, 已故 beside deceased), and a list of codes (risk_types) a list of
labels in the same order, so that a client shows the words the pages show without a code list of its own."""

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from households.choices import NationalMarking, RiskType
from households.marking import household_marking, marking_label


class CodeLabelsField(serializers.ListField):
    """The labels of a list of codes of `codes`, in the codes' order (a code no longer in the list, as it is): what
    `<field>_display` is to a choice field, for a list of codes."""

    def __init__(self, codes: type[models.TextChoices], **kwargs: Any) -> None:
        self.codes = codes
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [str(self.codes(code).label) if code in self.codes.values else code for code in data]


def code_label(field: str, help_text: str, **kwargs: Any) -> serializers.CharField:
    """`<field>_display`: the label of a model's choice field (Model.get_<field>_display)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True, help_text=help_text, **kwargs)


def with_labels(fields: list[str], labelled: set[str]) -> list[str]:
    """`fields` with each labelled field's `<field>_display` right after it."""
    return [name for field in fields for name in ([field, f"{field}_display"] if field in labelled else [field])]


class MemberLabels(serializers.Serializer):
    """A member's labels (households.api.MemberSerializer). Health and disability grade are null where the codes
    are (the read-only roles, households.privacy)."""

    relation_display = code_label("relation", "与户主关系名称")
    sex_display = code_label("sex", "性别名称")
    education_display = code_label("education", "文化程度名称；未填为空字符串")
    student_stage_display = code_label("student_stage", "在校生状况名称")
    health_display = code_label("health", "健康状况名称；只读角色为 null", allow_null=True)
    disability_grade_display = code_label(
        "disability_grade", "残疾等级名称；无残疾为空字符串，只读角色为 null", allow_null=True
    )
    labour_skill_display = code_label("labour_skill", "劳动技能名称；未填为空字符串")
    employment_place_display = code_label("employment_place", "务工地点名称")
    assistance_status_display = code_label("assistance_status", "低保/特困名称")
    living_status_display = code_label("living_status", "人员状态名称")


MEMBER_LABELLED = {name.removesuffix("_display") for name in MemberLabels._declared_fields}
HEALTH_LABELS = ("health_display", "disability_grade_display")


class NationalMarkingField(serializers.CharField):
    """The household's 国家系统标注 (households.marking: computed from its cases and their marks, not the stored
    import value), its code or, with `label`, its Chinese label."""

    def __init__(self, *, label: bool = False, **kwargs: Any) -> None:
        self.as_label = label
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Any) -> str:
        code = household_marking(instance)
        return marking_label(code) if self.as_label else code


@extend_schema_field({"type": "string", "enum": NationalMarking.values})
class NationalMarkingCode(NationalMarkingField):
    pass


class HouseholdLabels(serializers.Serializer):
    """A household's labels beyond those households.api.HouseholdSerializer declares itself."""

    risk_types_display = CodeLabelsField(
        RiskType, source="risk_types", help_text="风险类型名称，与 risk_types 的代码一一对应"
    )
    national_marking = NationalMarkingCode(
        help_text="国家系统标注：pending=有县级已批准的纳入、风险消除或风险再标注尚未标注为已在国家系统录入（与"
        "待国家系统标注清单、监测对象台账同一口径）；marked=均已标注，或上线导入时已标注；n_a=本系统无需标注",
    )
    national_marking_display = NationalMarkingField(label=True, help_text="国家系统标注名称")
