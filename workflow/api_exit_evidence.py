"""What a 风险消除 rests on, in the case API (GET /api/v1/cases/{id}/, review alertout finding 2): the figures its
page shows every role that sees it (templates/workflow/_exit_evidence.html), from the same selectors: the household's
per-capita income against the line (selectors_case_income: a decided exit's as of the day it closed), its
两不愁三保障 and drinking-water findings as its record holds them, and its measures in words
(selectors_exit_evidence). Read-only; null for the other kinds of case."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflow.api_case_serializers import CaseSerializer
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case
from workflow.selectors_case_income import case_income
from workflow.selectors_exit_evidence import exit_evidence


class ExitIncomeSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="收入年度：本年或上年中已录入的最近一年；两年都未录入的为本年")
    entered = serializers.BooleanField(help_text="本年或上年的家庭收支是否已录入；未录入的无法与监测标准比较")
    per_capita = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="人均纯收入（元）；未录入或该户无在册人口的为 null",
    )
    line = serializers.CharField(help_text="对照的标准，如“2026年监测标准 6,000 元”；所在地尚未设置的为空字符串")
    standing = serializers.CharField(
        help_text="收入与标准的比较，如“高于2026年监测标准 6,000 元”；缺收入或标准的为空字符串"
    )


class ExitGuaranteeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="保障项：与农户的同名字段相同，如 water_ok（饮水安全）")
    label = serializers.CharField(help_text="有保障时为该项名称（如“不愁吃穿”），无保障时为问题（如“吃穿有困难”）")
    secured = serializers.BooleanField(help_text="档案最近记录是否有保障")


class ExitEvidenceSerializer(serializers.Serializer):
    as_of_closing = serializers.BooleanField(
        help_text="已办结（通过或不通过）的风险消除为 true：收入为办结之日的；两不愁三保障和帮扶措施均为档案当前记录"
    )
    income = ExitIncomeSerializer(
        allow_null=True, help_text="家庭人均纯收入与监测标准（案件页“收入”一行）；已撤回的风险消除为 null"
    )
    guarantees = ExitGuaranteeSerializer(many=True, help_text="两不愁三保障及饮水安全（档案最近记录）")
    measures = serializers.CharField(
        help_text="帮扶措施按状态计数，如“共 3 项：实施中 1 项、已完成 2 项”；没有登记的为“尚无帮扶措施”",
    )


def exit_evidence_data(case: Case) -> dict[str, Any] | None:
    """The exit's evidence as its page shows it, None for the other kinds of case."""
    if case.kind != CaseKind.EXIT:
        return None
    income = case_income(case, timezone.localdate())
    evidence = exit_evidence(case.household)
    return {
        "as_of_closing": case.status != CaseStatus.OPEN,
        "income": None if income is None else vars(income),
        "guarantees": [vars(g) for g in evidence.guarantees],
        "measures": evidence.measures,
    }


class CaseDetailSerializer(CaseSerializer):
    """One case as GET /api/v1/cases/{id}/ reads it: the list's fields and, for a 风险消除, what it rests on."""

    exit_evidence = serializers.SerializerMethodField(
        help_text="风险消除依据（仅风险消除案件，其他案件为 null）：家庭人均纯收入与监测标准、两不愁三保障及饮水安全、"
        "帮扶措施，与案件页相同"
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "exit_evidence"]
        read_only_fields = fields

    @extend_schema_field(ExitEvidenceSerializer(allow_null=True))
    def get_exit_evidence(self, case: Case) -> dict[str, Any] | None:
        data = exit_evidence_data(case)
        return None if data is None else ExitEvidenceSerializer(data).data
