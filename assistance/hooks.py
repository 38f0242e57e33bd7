"""The household page's "帮扶" tab and the home page's tiles."""

from typing import Any

from accounts.roles import Capability
from accounts.tiles import Tile, Urgency, register
from households.models import Household


def _panel_context(request: Any, household: Household) -> dict[str, Any]:
    from assistance.selectors import household_assistance

    return household_assistance(actor=request.user, household=household)


def register_panels() -> None:
    from households import panels

    panels.register(
        panels.Panel(
            key="assistance", label="帮扶", template="assistance/household_panel.html", context=_panel_context, order=30
        )
    )


def register_visit_extra() -> None:
    """The household's visit form offers to count the visit as the plan's return visit (assistance.visit_extra), and
    the visit API takes the same (assistance.api_visit_extra)."""
    from assistance import api_visit_extra, effect_prompt
    from assistance.visit_extra import offer
    from households import visit_extras, visit_followups

    visit_extras.register("return_visit", offer)
    visit_extras.register_api(
        "return_visit", visit_extras.ApiExtra(fields=api_visit_extra.fields, offer=api_visit_extra.offer)
    )
    # A visit counted as the return visit and rated 成效不明显: the visit page's message links to adding a measure.
    visit_followups.register("assistance", effect_prompt.visit_followup)


def _due_soon(user: Any) -> int:
    from assistance.selectors import due_soon_count

    return due_soon_count(actor=user)


def _visits_overdue(user: Any) -> int:
    from assistance.selectors import overdue_count

    return overdue_count(actor=user)


def _without_plan(user: Any) -> int:
    from assistance.selectors import households_without_plan

    return households_without_plan(actor=user).count()


def _without_measures(user: Any) -> int:
    from assistance.selectors import households_without_measures

    return households_without_measures(actor=user).count()


def _poor_effect(user: Any) -> int:
    from assistance.selectors import poor_effect_count

    return poor_effect_count(actor=user)


def _village_or_township(user: Any) -> bool:
    from accounts.choices import VILLAGE_ROLES, Role

    return user.role in VILLAGE_ROLES or user.role == Role.TOWNSHIP_OFFICER


def _in_progress(user: Any) -> int:
    from assistance.choices import MeasureStatus
    from assistance.selectors import measure_list

    return measure_list(actor=user, filters={"status": MeasureStatus.IN_PROGRESS}).count()


def _overdue_measures(user: Any) -> int:
    from assistance.selectors import overdue_measure_count

    return overdue_measure_count(actor=user)


def _late_start(user: Any) -> int:
    from assistance.selectors import late_start_count

    return late_start_count(actor=user)


def _above_village(user: Any) -> bool:
    from accounts.choices import VILLAGE_ROLES

    return user.role not in VILLAGE_ROLES


def _department_open(user: Any) -> int:
    from assistance.selectors import department_measure_list

    return department_measure_list(actor=user).count()


def _contacts_to_change(user: Any) -> int:
    from assistance.selectors import contact_needs_change_count

    return contact_needs_change_count(actor=user)


def _my_due(user: Any) -> int:
    from assistance.selectors import due_count

    return due_count(actor=user, contact=user)


def _is_contact(user: Any) -> bool:
    from assistance.selectors import is_help_contact

    return is_help_contact(actor=user)


def register_tiles() -> None:
    # The help contact's own reminder (000 §三(三)7: 建立定期回访制度): shown to whoever helps a household.
    register(
        Tile(
            "assistance_my_due",
            "我联系的农户应回访",
            "本人作为帮扶联系人、7日内到期或已逾期的回访",
            "assistance:return_visits",
            Capability.REGISTRY_VIEW,
            _my_due,
            query="?show=due&mine=1",
            order=49,
            urgency=Urgency.DUE,
            shown=_is_contact,
        )
    )
    # Overdue apart from due within the week: the overdue ones come first on the home page (Urgency).
    register(
        Tile(
            "assistance_overdue",
            "回访已逾期的帮扶户",
            "已过应回访日期、还没有回访的帮扶方案",
            "assistance:return_visits",
            Capability.ASSISTANCE_EDIT,
            _visits_overdue,
            query="?show=overdue",
            order=50,
            urgency=Urgency.OVERDUE,
        )
    )
    register(
        Tile(
            "assistance_due",
            "7日内应回访的帮扶户",
            "7日内到期、尚未逾期的帮扶回访",
            "assistance:return_visits",
            Capability.ASSISTANCE_EDIT,
            _due_soon,
            query="?show=soon",
            order=51,
            urgency=Urgency.DUE,
        )
    )
    # 000 §三(三)7 (跟踪帮扶效果落实): the help a return visit found not working is adjusted by the village and the
    # township that carry it out (assistance.effect_prompt); the county reads the same count in the return-visit table.
    register(
        Tile(
            "assistance_poor_effect",
            "回访成效不明显的帮扶户",
            "最近一次帮扶回访评价为成效不明显，需调整帮扶措施",
            "assistance:return_visits",
            Capability.ASSISTANCE_EDIT,
            _poor_effect,
            query="?show=poor",
            order=53,
            urgency=Urgency.DUE,
            shown=_village_or_township,
        )
    )
    # 000 §三(三)7: 纳入监测后及时开展帮扶; without a plan a monitored household is helped by nobody on record.
    register(
        Tile(
            "assistance_without_plan",
            "监测对象未制定帮扶计划",
            "已纳入监测、还没有制定帮扶方案（一户一方案）的农户",
            "assistance:index",
            Capability.ASSISTANCE_EDIT,
            _without_plan,
            query="?show=without_plan",
            order=48,
            urgency=Urgency.DUE,
        )
    )
    # A plan whose measures were all stopped (已终止) helps nobody either: 一户一方案、一人一措施 (003 §二3).
    register(
        Tile(
            "assistance_without_measures",
            "监测户无在实施或已完成的帮扶措施",
            "已有帮扶方案，但没有计划中、实施中或已完成的措施（如措施均已终止）的监测户",
            "assistance:index",
            Capability.ASSISTANCE_EDIT,
            _without_measures,
            query="?show=without_measures",
            order=48,
            urgency=Urgency.DUE,
        )
    )
    # 003 §二3(2): lifted-out households keep their 帮扶责任人, newly included ones get a contact in time.
    register(
        Tile(
            "assistance_contacts",
            # The dashboard's card counts the monitored ones of the same selector (households_needing_contact).
            "监测户和脱贫户帮扶联系人需调整",
            "监测户、脱贫户未安排帮扶联系人，或联系人账号已停用、已调离不能查看该户（统计看板只计监测对象）",
            "assistance:contacts",
            Capability.ASSISTANCE_EDIT,
            _contacts_to_change,
            query="?show=needs_contact",
            order=52,
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "assistance_in_progress",
            "实施中的帮扶措施",
            "一户一方案、一人一措施",
            "assistance:measures",
            Capability.ASSISTANCE_EDIT,
            _in_progress,
            query="?status=in_progress",
            order=55,
        )
    )
    # Measures past the end date they were given (measure_flags.overdue_q; 000 §三(三)7: 跟踪帮扶效果落实).
    register(
        Tile(
            "assistance_overdue_measures",
            "逾期未办结的帮扶措施",
            "已过结束日期，仍为计划中或实施中",
            "assistance:measures",
            Capability.ASSISTANCE_EDIT,
            _overdue_measures,
            query="?overdue=on",
            order=56,
            urgency=Urgency.OVERDUE,
        )
    )
    # 000 §三(三)7 (及时落实帮扶措施): the township and county follow up the villages' measures not yet started; the
    # village sees the same count on its assistance page.
    register(
        Tile(
            "assistance_late_start",
            "已到开始日期未实施的帮扶措施",
            "已过开始日期，仍为计划中",
            "assistance:measures",
            Capability.ASSISTANCE_EDIT,
            _late_start,
            query="?late_start=on",
            order=57,
            urgency=Urgency.DUE,
            shown=_above_village,
        )
    )
    register(
        Tile(
            "department_measures",
            "部门帮扶任务",
            "本部门负责落实、尚未办结的帮扶措施",
            "assistance:department",
            Capability.DEPARTMENT_MEASURES,
            _department_open,
            order=15,
            urgency=Urgency.DUE,
        )
    )


def _without_measure(households: list[Household], today: Any) -> set[int]:
    """The households with no measure under way or done: an exit refusal unless a reason is recorded
    (workflow.services.exit_rules). Under way means started: a measure set 实施中 with a start date still to come
    (possible before that was refused) is not in place."""
    from django.db.models import Q

    from assistance.choices import MeasureStatus
    from assistance.models import PlanMeasure

    ids = [household.pk for household in households]
    in_place = Q(status=MeasureStatus.DONE) | Q(status=MeasureStatus.IN_PROGRESS, starts_on__lte=today)
    with_measure = set(
        PlanMeasure.objects.filter(in_place, household_id__in=ids).values_list("household_id", flat=True)
    )
    return {pk for pk in ids if pk not in with_measure}


MSG_RISK_NO_MEASURE = "缺什么补什么：纳入时的风险“{risk}”没有对应的帮扶措施，风险消除前请核实该风险是否已经消除。"
MSG_RISK_UNFINISHED = (
    "缺什么补什么：纳入时的风险“{risk}”的对应措施尚未完成（{measures}），风险消除前请核实该风险是否已经消除。"
)


def _risks_answered(households: list[Household], today: Any) -> dict[int, list[str]]:
    """An exit advisory for each risk the household was included for (Household.risk_types) that no completed
    measure answers: 缺什么补什么 (000 §四) — a measure answers the risks of its catalogue row (MeasureType.risk_types,
    as assistance.fit reads them). A 农村危房改造 still 计划中 leaves 唯一住房存在安全问题 unanswered. A household with
    no measure at all is refused by the exit rule (_without_measure); a stopped measure answers nothing. Each risk
    is its own advisory (its own bullet on the pages)."""
    from assistance.choices import MeasureStatus
    from assistance.models import PlanMeasure
    from households.choices import RiskType

    ids = [household.pk for household in households]
    measures: dict[int, list[PlanMeasure]] = {}
    rows = PlanMeasure.objects.filter(household_id__in=ids).exclude(status=MeasureStatus.STOPPED)
    for measure in rows.select_related("measure_type").order_by("starts_on", "pk"):
        measures.setdefault(measure.household_id, []).append(measure)
    found = {}
    for household in households:
        if household.pk not in measures:
            continue
        said = []
        for risk in household.risk_types:
            if risk not in RiskType.values:
                continue
            matching = [m for m in measures[household.pk] if risk in m.measure_type.risk_types]
            if any(m.status == MeasureStatus.DONE for m in matching):
                continue
            if not matching:
                said.append(MSG_RISK_NO_MEASURE.format(risk=RiskType(risk).label))
                continue
            named = "、".join(dict.fromkeys(f"{m.measure_type.name}：{m.get_status_display()}" for m in matching))
            said.append(MSG_RISK_UNFINISHED.format(risk=RiskType(risk).label, measures=named))
        if said:
            found[household.pk] = said
    return found


def _measure_summary(household: Household) -> str:
    """The household's measures counted by status for its exit's page (workflow.selectors_exit_evidence):
    "共 3 项：实施中 1 项、已完成 2 项", in the statuses' own order."""
    from django.db.models import Count

    from assistance.choices import MeasureStatus
    from assistance.models import PlanMeasure
    from workflow.selectors_exit_evidence import NO_MEASURES

    counts = dict(
        PlanMeasure.objects.filter(household=household).values_list("status").annotate(n=Count("pk")).order_by()
    )
    if not counts:
        return NO_MEASURES
    parts = [f"{status.label} {counts[status]} 项" for status in MeasureStatus if counts.get(status)]
    return f"共 {sum(counts.values())} 项：{'、'.join(parts)}"


def register_exit_checks() -> None:
    from assistance.exit_effect import poor_latest_effect
    from workflow import advisories, selectors_exit_evidence
    from workflow.services import exit_rules

    exit_rules.register_measure_check(_without_measure)
    advisories.register(_risks_answered)
    advisories.register(poor_latest_effect)  # the latest 帮扶回访 rated 成效不明显
    selectors_exit_evidence.register_measure_summary(_measure_summary)
