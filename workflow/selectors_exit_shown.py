"""What a case shows under 监测类别 and 风险类型 (or 主要原因): an inclusion or a re-mark its own, proposed ones; an
exit, the category and risks its household was monitored under, recorded on it when it opened (services.cases.
case_open; migration 0030 for the exits opened before), so that whoever reads it sees what is being closed; an exit
recording none (its household had none on file) falls back to the household's. The one definition for the
在办识别退出事项台账 (reports.ledgers.cases), the printed village publicity list (selectors.publicity_notice) and the
printed 公告.

Without one recorded, the category an approved exit leaves is read from the household's history row its approval wrote
(services.outcomes.case_outcome_apply: 监测类别 from the category to none), so that a household monitored before
go-live, with no inclusion in this system, shows it too; failing that (an exit imported without its history), from
the household's latest approved inclusion or re-mark opened before the exit (not a re-mark after it, 返贫). The one
definition for 工作成效's exits by category too (reports.selectors.decisions.left_category).

The 纳入监测日期 an exit ends (exit_monitoring_start) is the household's monitoring_start as it stood when the exit was
decided. The exit's approval leaves that date alone (services.outcomes.case_outcome_values), so it stays on the
household until a later change writes a new one (a re-mark's approval, 风险再标注; a registry correction), and that
change's history row keeps it as its old value (households.services.common.diff). So: the old value of the first
history row after the exit's approval that changed the date; with none, the household's date is still the one."""

from django.db.models import Case as DbCase
from django.db.models import CharField, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from households.choices import MonitoringCategory
from households.models import HouseholdEvent
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case
from workflow.models.cases import notice_reasons

MSG_EXIT_REASON = "风险已消除"


class _OldCategory(Func):
    """The 监测类别 a history row changed from, as written there (its label: households.services.common.diff)."""

    template = "jsonb_path_query_first(%(expressions)s, '$[*] ? (@.field == \"monitoring_category\").old') #>> '{}'"
    output_field = CharField()


class _OldStart(Func):
    """The 纳入监测日期 a history row changed from, as written there (YYYY-MM-DD, "" for none)."""

    template = "jsonb_path_query_first(%(expressions)s, '$[*] ? (@.field == \"monitoring_start\").old') #>> '{}'"
    output_field = CharField()


def _start_changes_after_approval(case: str) -> QuerySet[HouseholdEvent]:
    """The household's history rows that changed its 纳入监测日期 after the exit's approval: the first history row
    since the case opened that set its 风险消除时间 (services.outcomes.case_outcome_apply), later rows by id (the
    order they were written in). Nested inside a subquery of the case, hence the double OuterRef."""
    approval = (
        HouseholdEvent.objects.filter(
            household=OuterRef(OuterRef(f"{case}household")),
            created_at__gte=OuterRef(OuterRef(f"{case}created_at")),
            changes__contains=[{"field": "risk_eliminated_on"}],
        )
        .exclude(changes__contains=[{"field": "risk_eliminated_on", "new": ""}])
        .order_by("created_at", "pk")
    )
    return HouseholdEvent.objects.filter(
        household=OuterRef(f"{case}household"),
        pk__gt=Subquery(approval.values("pk")[:1]),
        changes__contains=[{"field": "monitoring_start"}],
    ).order_by("pk")


def exit_monitoring_start(case: str = "") -> DbCase:
    """纳入监测日期 of the monitoring an exit ended (module doc), for a queryset of exits (`case`: as
    previous_category's): not the household's current one, which a re-mark after the exit has replaced."""
    later = _start_changes_after_approval(case)
    old = Subquery(later.annotate(old=_OldStart(F("changes"))).values("old")[:1])
    return DbCase(
        When(Exists(later), then=Cast(NullIf(old, Value("")), DateField())),
        default=F(f"{case}household__monitoring_start"),
        output_field=DateField(),
    )


def _cleared_category(case: str) -> Subquery:
    """The category the first history row after the case opened that cleared the household's 监测类别 (its exit's
    approval) changed from, as a code."""
    labels = [When(old=Value(str(label)), then=Value(code)) for code, label in MonitoringCategory.choices]
    events = (
        HouseholdEvent.objects.filter(
            household=OuterRef(f"{case}household"),
            created_at__gte=OuterRef(f"{case}created_at"),
            changes__contains=[{"field": "monitoring_category", "new": ""}],
        )
        .annotate(old=_OldCategory(F("changes")))
        .annotate(code=DbCase(*labels, default=Value(""), output_field=CharField()))
        .exclude(code="")
        .order_by("created_at", "pk")
    )
    return Subquery(events.values("code")[:1])


def previous_category(case: str = "") -> Coalesce:
    """The category an exit's household was monitored under (module doc): the one its approval cleared, or its
    latest approved inclusion or re-mark opened before it. `case`: the path to the case from the queryset's model
    ("" on Case, "case__" on CaseStep)."""
    inclusions = Case.objects.filter(
        household=OuterRef(f"{case}household"),
        kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
        status=CaseStatus.APPROVED,
        created_at__lt=OuterRef(f"{case}created_at"),
    ).order_by("-closed_on", "-pk")
    return Coalesce(
        NullIf(F(f"{case}category"), Value("")),
        _cleared_category(case),
        Subquery(inclusions.values("category")[:1]),
        output_field=CharField(),
    )


def shown_category(case: str = "") -> DbCase:
    """The category a case's row shows (module doc), as an expression (`case`: as previous_category's)."""
    return DbCase(
        When(
            Q(**{f"{case}kind": CaseKind.EXIT}),
            then=previous_category(case),
        ),
        default=F(f"{case}category"),
        output_field=CharField(),
    )


def shown_risks(case: str = "") -> DbCase:
    """The risk types a case's row shows (module doc), as an expression."""
    return DbCase(
        When(Q(**{f"{case}kind": CaseKind.EXIT}, **{f"{case}risk_types": []}), then=F(f"{case}household__risk_types")),
        default=F(f"{case}risk_types"),
    )


def notice_reason(kind: str, risk_codes: list[str]) -> str:
    """主要原因 on a public notice: the risks without health detail (models.cases.notice_reasons); for an exit,
    风险已消除 with the risks the household was included for."""
    reasons = "、".join(notice_reasons(risk_codes or []))
    if kind != CaseKind.EXIT:
        return reasons
    return f"{MSG_EXIT_REASON}（纳入时：{reasons}）" if reasons else MSG_EXIT_REASON
