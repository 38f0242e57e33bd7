"""An exit advisory (workflow.advisories): a department alert about the household still waiting for its
verification visit. A new serious illness or a house graded unsafe, reported while the exit runs, is what the exit
must not overlook; the advisory names the departments, not the alert's detail (health detail stays on the alert).
And a case's household news (workflow.household_news): a member an alert's visit found deceased or moved out since
the case opened, or one the registry marked so since (a cadre who learned of a death without an alert). Both are
said here, in one check, so that a member an alert found and the cadre then registered is said once."""

from typing import Any

from households.models import Household

MSG_PENDING = "该户有 {n} 条部门预警尚未核实（{departments}），风险消除前请先入户核实。"


def _pending_alerts(households: list[Household], today: Any) -> dict[int, str]:
    from accounts.choices import Department
    from alerts.choices import AlertStatus
    from alerts.models import Alert

    rows = Alert.objects.filter(household_id__in=[h.pk for h in households], status=AlertStatus.PENDING)
    found: dict[int, list[str]] = {}
    for household_id, department in rows.values_list("household_id", "feed_type__department"):
        found.setdefault(household_id, []).append(department)
    return {
        pk: MSG_PENDING.format(
            n=len(departments),
            departments="、".join(str(Department(d).label) for d in dict.fromkeys(departments)),
        )
        for pk, departments in found.items()
    }


def register_exit_checks() -> None:
    from workflow import advisories

    advisories.register(_pending_alerts)


MSG_MEMBER_GONE = "{name}经部门预警入户核实为{outcome}（{date:%Y-%m-%d} 核实），{registry}。"
GONE_NOT_REGISTERED = "档案中仍登记为在世、在户，家庭人口和人均纯收入尚未按此更正"
GONE_REGISTERED = "档案已登记为{status}"
MSG_MEMBER_MARKED = (
    "{name}于立案后在档案中登记为{status}（{on:%Y-%m-%d}，{recorded:%Y-%m-%d} 登记），立案时的家庭人口已有变化。"
)


def _members_gone(cases: list[Any]) -> dict[int, list[str]]:
    """A member of the case's household verified deceased or moved out (alert outcome 已故/已迁出) since the case
    opened: the household the case was proposed with is not the household the approver decides on."""
    from django.utils import timezone

    from alerts.choices import AlertOutcome, AlertStatus
    from alerts.models import Alert
    from households.choices import LivingStatus

    opened = {case.pk: (case.household_id, timezone.localdate(case.created_at)) for case in cases}
    rows = (
        Alert.objects.filter(
            household_id__in={household for household, _ in opened.values()},
            status=AlertStatus.VERIFIED,
            outcome__in=[AlertOutcome.DECEASED, AlertOutcome.MOVED],
        )
        .order_by("verified_on", "pk")
        .values_list("household_id", "member_id", "member__name", "member__living_status", "outcome", "verified_on")
    )
    found: dict[int, list[str]] = {}
    said: set[tuple[int, int]] = set()
    for household_id, member_id, name, living, outcome, verified_on in rows:
        for pk, (household, since) in opened.items():
            if household != household_id or verified_on < since:
                continue
            said.add((pk, member_id))
            registry = (
                GONE_NOT_REGISTERED
                if living == LivingStatus.LIVING
                else GONE_REGISTERED.format(status=LivingStatus(living).label)
            )
            message = MSG_MEMBER_GONE.format(
                name=name, outcome=AlertOutcome(outcome).label, date=verified_on, registry=registry
            )
            if message not in found.get(pk, []):  # two feeds reporting one death: said once
                found.setdefault(pk, []).append(message)
    for pk, messages in _members_marked(cases, said).items():
        found.setdefault(pk, []).extend(messages)
    return found


def _members_marked(cases: list[Any], said: set[tuple[int, int]]) -> dict[int, list[str]]:
    """A member the registry marked deceased or moved out after the case opened (the mark recorded since, the
    member not living now), whom no verified alert has been said of (`said`: case pk, member pk)."""
    from django.utils import timezone

    from households.choices import LivingStatus
    from households.models import HouseholdEvent

    if not cases:
        return {}
    gone = [LivingStatus.DECEASED, LivingStatus.MOVED_OUT]
    rows = (
        HouseholdEvent.objects.filter(
            household_id__in={case.household_id for case in cases},
            created_at__gte=min(case.created_at for case in cases),
            member__living_status__in=gone,
            changes__contains=[{"field": "living_status"}],
        )
        .order_by("created_at", "pk")
        .values_list(
            "household_id",
            "member_id",
            "member__name",
            "member__living_status",
            "member__status_changed_on",
            "created_at",
        )
    )
    latest: dict[tuple[int, int], str] = {}  # a member marked, restored and marked again: the mark that holds
    for household_id, member_id, name, living, on, recorded in rows:
        for case in cases:
            if case.household_id != household_id or recorded < case.created_at or (case.pk, member_id) in said:
                continue
            latest[(case.pk, member_id)] = MSG_MEMBER_MARKED.format(
                name=name, status=LivingStatus(living).label, on=on, recorded=timezone.localdate(recorded)
            )
    found: dict[int, list[str]] = {}
    for (pk, _member), message in latest.items():
        found.setdefault(pk, []).append(message)
    return found


def register_household_news() -> None:
    from workflow import household_news

    household_news.register(_members_gone)
