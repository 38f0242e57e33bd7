"""What switching or stopping a procedure does, said before it is done (the configuration site's confirmation,
workflow/admin.py): which procedure a county runs now, how many open cases carry on under the one it leaves and what
new cases get instead. A case runs on the steps it was opened with (services.cases: case_open creates its steps from
the procedure, _advance walks case.procedure's steps and never asks whether the procedure is still active), so
stopping or replacing a procedure changes new cases only."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel
from households.division_names import division_name
from households.models import Household, Region
from workflow.choices import CaseStatus, ProcedureKind
from workflow.models import Case, Procedure, Step

MSG_OPEN_CASES_CARRY_ON = "本程序下尚有{n}件未办结案件，停用后这些案件仍按原程序办理，新案件{then}。"
MSG_THEN_OTHER = "按本县启用的{kind}程序“{name}”办理"
MSG_THEN_NONE = "将无法发起（本县没有其他启用的{kind}程序），请先用“在本县启用此程序”启用另一个程序"


@dataclass
class SwitchPreview:
    procedure: Procedure
    region_prefix: str
    region_name: str
    kind_label: str
    replaced: list[Procedure]  # the county's active procedures of this kind, stopped by the switch
    in_force: Procedure | None  # what a household of the county gets now (possibly a wider region's)
    carrying_on: list[tuple[str, int]] = field(default_factory=list)  # (procedure name, open cases) kept on it
    steps: list[Step] = field(default_factory=list)  # what new cases run through
    moves_from: str = ""  # the prefix the procedure leaves, when it was another county's

    @property
    def open_cases(self) -> int:
        return sum(n for _, n in self.carrying_on)


def county_choices() -> list[tuple[str, str]]:
    """The counties set up on this installation, by their prefix (Procedure.region_prefix)."""
    counties = Region.objects.filter(level=RegionLevel.COUNTY).order_by("path")
    return [(county.path, f"{county.name}（{county.path}）") for county in counties]


def region_name(prefix: str, name: str | None = None) -> str:
    """A procedure's region in words: the name of the county set up here (`name`, when the caller has read it),
    else of a seed county or a province (a preset's placeholder 340000 is 安徽省), with its code; a code alone
    when neither knows it."""
    if name is None:
        name = Region.objects.filter(path=prefix).values_list("name", flat=True).first()
    name = name or division_name(prefix)
    return f"{name}（{prefix}）" if name else prefix


def region_names_annotated(procedures: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """`procedures` with the name of the Region their prefix is (region_label, None if not set up): one query for
    the configuration site's list."""
    names = Region.objects.filter(path=OuterRef("region_prefix")).values("name")[:1]
    return procedures.annotate(region_label=Subquery(names))


def exit_procedures_of(households: Iterable[Household]) -> dict[int, Procedure | None]:
    """Household pk → the exit procedure in force for it (services.procedures.active_procedure's choice: the active
    one whose county prefix is the longest covering the household), or None where none is; in one query. Its
    exit_min_months and refused_exit_days are the county's figures for the exit advisories (workflow.advisories)."""
    procedures = list(Procedure.objects.filter(kind=ProcedureKind.EXIT, is_active=True))
    found: dict[int, Procedure | None] = {}
    for household in households:
        covering = [p for p in procedures if household.region_path.startswith(p.region_prefix)]
        found[household.pk] = max(covering, key=lambda p: len(p.region_prefix)) if covering else None
    return found


def procedure_in_force(*, region_prefix: str, kind: str, excluding: Procedure | None = None) -> Procedure | None:
    """As services.procedures.active_procedure picks it for a household of the county: the active one of the kind
    whose prefix is the longest that covers it."""
    candidates = [
        p
        for p in Procedure.objects.filter(kind=kind, is_active=True).exclude(pk=getattr(excluding, "pk", None))
        if region_prefix.startswith(p.region_prefix)
    ]
    return max(candidates, key=lambda p: len(p.region_prefix)) if candidates else None


def task_procedures(actor: Any, procedures: QuerySet[Procedure] | None = None) -> list[Procedure]:
    """The procedures the actor's tasks can be at (我的任务's 待办环节 filter, the API's ?step=, the task list's batch
    buttons and the menu, selectors.role_step_kinds), taken from `procedures` (all, unless narrowed or annotated):
    - the active ones that run in the actor's area (Procedure.region_prefix): of those covering the actor's whole
      scope, the one of each kind with the longest prefix, as services.procedures.active_procedure picks it for a
      household; a scope wider than one county (a superuser's) also takes those of the counties inside it;
    - a stopped one whose open cases in the actor's scope carry on under it (a county switched procedures:
      services.procedures.procedure_switch). Another county's stopped procedure is not taken for its open cases
      there: no task of the actor's can be at its steps.
    One query."""
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return []
    carrying_on = (
        Case.objects.visible_to(actor).filter(status=CaseStatus.OPEN, procedure__is_active=False).values("procedure_id")
    )
    rows = (procedures if procedures is not None else Procedure.objects.all()).filter(
        Q(is_active=True) | Q(pk__in=carrying_on)
    )
    covering: dict[str, Procedure] = {}
    chosen = []
    for procedure in rows.order_by("pk"):
        inside = procedure.region_prefix.startswith(prefix) and procedure.region_prefix != prefix
        if inside or not procedure.is_active:
            chosen.append(procedure)
        elif prefix.startswith(procedure.region_prefix):
            best = covering.get(procedure.kind)
            if best is None or len(procedure.region_prefix) > len(best.region_prefix):
                covering[procedure.kind] = procedure
    return [*covering.values(), *chosen]


def open_cases_of(procedure: Procedure) -> int:
    return Case.objects.filter(procedure=procedure, status=CaseStatus.OPEN).count()


def switch_preview(*, procedure: Procedure, region_prefix: str) -> SwitchPreview:
    kind = procedure.kind
    replaced = list(
        Procedure.objects.filter(kind=kind, region_prefix=region_prefix, is_active=True).exclude(pk=procedure.pk)
    )
    carrying_on = (
        Case.objects.filter(status=CaseStatus.OPEN, procedure__kind=kind, region_path__startswith=region_prefix)
        .exclude(procedure=procedure)
        .values("procedure__name")
        .annotate(n=Count("pk"))
        .order_by("procedure__name")
    )
    return SwitchPreview(
        procedure=procedure,
        region_prefix=region_prefix,
        region_name=region_name(region_prefix),
        kind_label=ProcedureKind(kind).label,
        replaced=replaced,
        in_force=procedure_in_force(region_prefix=region_prefix, kind=kind),
        carrying_on=[(row["procedure__name"], row["n"]) for row in carrying_on],
        steps=list(procedure.steps.order_by("order")),
        moves_from=procedure.region_prefix if procedure.region_prefix != region_prefix else "",
    )


def deactivation_notice(procedure: Procedure) -> str:
    """What stopping an active procedure with open cases means for them and for new cases; "" when it has none."""
    n = open_cases_of(procedure)
    if not n:
        return ""
    kind = ProcedureKind(procedure.kind).label
    other = procedure_in_force(region_prefix=procedure.region_prefix, kind=procedure.kind, excluding=procedure)
    then = MSG_THEN_OTHER.format(kind=kind, name=other.name) if other else MSG_THEN_NONE.format(kind=kind)
    return MSG_OPEN_CASES_CARRY_ON.format(n=n, then=then)
