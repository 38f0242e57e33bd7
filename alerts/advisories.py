"""An exit advisory (workflow.advisories): a department alert about the household still waiting for its
verification visit. A new serious illness or a house graded unsafe, reported while the exit runs, is what the exit
must not overlook; the advisory names the departments, not the alert's detail (health detail stays on the alert).
The same alerts refuse the exit's opening, township audit and county approval (workflow.services.exit_rules, the
check registered here): the advisory tells the village at its own steps, before the township would refuse.
And a case's household news (workflow.household_news): a member an alert's visit found deceased or moved out since
the case opened, or one the registry marked so since (a cadre who learned of a death without an alert). Both are
said here, in one check, so that a member an alert found and the cadre then registered is said once. And a member
who left the household for another, or joined it from another, by 合户 (households.services.moves.member_transfer)
since the case opened: the household the case was proposed with is not the one decided on either."""

from typing import Any

from households.models import Household

MSG_PENDING = "该户有 {n} 条部门预警尚未核实（{departments}），风险消除前请先入户核实。"
# The hard rule (workflow.services.exit_rules): a department's report not yet verified may be a risk come back
# (seed 000 §三(三)8: 风险稳定消除后). Named by feed type, or for a health alert by its department's label
# (alerts.privacy.recorded_name: the county approver reads no diagnosis), its date and its verification deadline.
MSG_UNVERIFIED = (
    "该户有 {n} 条部门预警尚未核实：{alerts}。部门预警反映的风险可能尚未消除，不能标注“风险消除”："
    "请先入户核实这些预警、登记核实结果后再办理。"
)
UNVERIFIED_ITEM = "{name}（{raised_on:%Y-%m-%d} 预警，核实期限 {due_on:%Y-%m-%d}）"
UNVERIFIED_NAMED = 5  # a household with more is said "等 n 条"


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


def _unverified_alerts(households: list[Household], today: Any) -> dict[int, str]:
    """Household pk → MSG_UNVERIFIED, for the households with an alert on any member still waiting (待核实)."""
    from alerts.choices import AlertStatus
    from alerts.models import Alert
    from alerts.privacy import health_label, is_health_alert

    rows = (
        Alert.objects.filter(household_id__in=[h.pk for h in households], status=AlertStatus.PENDING)
        .order_by("raised_on", "pk")
        .values_list("household_id", "feed_type__name", "department", "rule__risk_type", "raised_on", "due_on")
    )
    found: dict[int, list[str]] = {}
    for household_id, feed_name, department, risk_type, raised_on, due_on in rows:
        health = is_health_alert(department=department, risk_type=risk_type)
        name = health_label(department) if health else feed_name
        found.setdefault(household_id, []).append(UNVERIFIED_ITEM.format(name=name, raised_on=raised_on, due_on=due_on))
    said = {}
    for pk, items in found.items():
        named = "；".join(items[:UNVERIFIED_NAMED]) + (f" 等 {len(items)} 条" if len(items) > UNVERIFIED_NAMED else "")
        said[pk] = MSG_UNVERIFIED.format(n=len(items), alerts=named)
    return said


def register_exit_checks() -> None:
    from workflow import advisories
    from workflow.services import exit_rules

    advisories.register(_pending_alerts)
    exit_rules.register_refusal_check(_unverified_alerts)


MSG_MEMBER_GONE = "{name}经部门预警入户核实为{outcome}（{date:%Y-%m-%d} 核实），{registry}。"
GONE_NOT_REGISTERED = "档案中仍登记为在世、在户，家庭人口和人均纯收入尚未按此更正"
GONE_REGISTERED = "档案已登记为{status}"
MSG_MEMBER_MARKED = (
    "{name}于立案后在档案中登记为{status}（{on:%Y-%m-%d}，{recorded:%Y-%m-%d} 登记），立案时的家庭人口已有变化。"
)
# 户间迁移 (迁入他户) moves one member; 合户 merges a whole household into another (households.services.merge).
MSG_MEMBER_JOINED = "{name}于 {on:%Y-%m-%d} 由农户 {other} 迁入本户（立案后户间迁移登记），立案时的家庭人口已有变化。"
MSG_MEMBER_LEFT = "{name}于 {on:%Y-%m-%d} 由本户迁入农户 {other}（立案后户间迁移登记），立案时的家庭人口已有变化。"
MSG_MEMBER_MERGED_IN = "{name}于 {on:%Y-%m-%d} 随农户 {other} 并入本户（立案后合户登记），立案时的家庭人口已有变化。"
MSG_MEMBER_MERGED_OUT = "{name}于 {on:%Y-%m-%d} 随本户并入农户 {other}（立案后合户登记），立案时的家庭人口已有变化。"
MSG_MEMBER_SPLIT = "{name}于 {on:%Y-%m-%d} 由本户分出为农户 {other}（立案后分户登记），立案时的家庭人口已有变化。"


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
    member not living now), whom no verified alert has been said of (`said`: case pk, member pk). A member whose
    status now is what it was when the case opened (marked before, restored and marked again since) is no news."""
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
            "changes",
            "created_at",
        )
    )
    was: dict[tuple[int, int], str] = {}  # the status when the case opened: the first change since says it
    latest: dict[tuple[int, int], tuple[str, str]] = {}  # marked, restored and marked again: the mark that holds
    for household_id, member_id, name, living, on, changes, recorded in rows:
        status = str(LivingStatus(living).label)
        message = MSG_MEMBER_MARKED.format(name=name, status=status, on=on, recorded=timezone.localdate(recorded))
        for case in cases:
            if case.household_id != household_id or recorded < case.created_at or (case.pk, member_id) in said:
                continue
            was.setdefault((case.pk, member_id), _change(changes, "living_status").get("old", ""))
            latest[(case.pk, member_id)] = (status, message)
    found: dict[int, list[str]] = {}
    for (pk, member_id), (status, message) in latest.items():
        if was[(pk, member_id)] != status:
            found.setdefault(pk, []).append(message)
    return found


def _change(changes: list[dict[str, Any]], field: str) -> dict[str, Any]:
    """One field's entry in a history row's changes ({} where the row has none)."""
    return next((change for change in changes if change.get("field") == field), {})


def _members_moved(cases: list[Any]) -> dict[int, list[str]]:
    """A member who left the case's household for another, or joined it from another, by 合户 after the case opened,
    or left it by 分户: the history rows carry the move (households.services.moves, field "household" with the ids
    old_id → new_id; a transfer's row is the member's, a split's row the source household's, naming member_ids).
    Said once per member, of the move that holds: a member who left and came back (a transfer undone), or came and
    left again, is where they were when the case opened, and no news."""
    from django.utils import timezone

    from households.models import HouseholdEvent, Member

    if not cases:
        return {}
    rows = (
        HouseholdEvent.objects.filter(
            household_id__in={case.household_id for case in cases},
            created_at__gte=min(case.created_at for case in cases),
            changes__contains=[{"field": "household"}],
        )
        .order_by("created_at", "pk")
        .values_list("household_id", "member_id", "changes", "created_at")
    )
    moved: list[tuple[int, int, dict[str, Any], Any]] = []
    for household_id, member_id, changes, recorded in rows:
        move = _change(changes, "household")
        if "old_id" in move and "new_id" in move:
            # A transfer's row is the member's; a split's row, the household's, names the members who left.
            for pk in [member_id] if member_id else move.get("member_ids", []):
                moved.append((household_id, pk, move, recorded))
    names = dict(Member.objects.filter(pk__in={row[1] for row in moved}).values_list("pk", "name"))
    moves: dict[tuple[int, int], list[tuple[str, dict[str, Any], Any]]] = {}
    for household_id, member_id, move, recorded in moved:
        for case in cases:
            if case.household_id == household_id and recorded >= case.created_at and member_id in names:
                moves.setdefault((case.pk, member_id), []).append((names[member_id], move, recorded))
    households = {case.pk: case.household_id for case in cases}
    found: dict[int, list[str]] = {}
    for (pk, _member), seen in moves.items():
        here = households[pk]
        was_here, (name, last, recorded) = seen[0][1]["old_id"] == here, seen[-1]
        is_here = last["new_id"] == here
        if was_here == is_here:
            continue
        on = timezone.localdate(recorded)
        if is_here:
            joined = MSG_MEMBER_MERGED_IN if last.get("via") == "merge" else MSG_MEMBER_JOINED
            message = joined.format(name=name, on=on, other=last["old"])
        else:
            left = {"split": MSG_MEMBER_SPLIT, "merge": MSG_MEMBER_MERGED_OUT}.get(last.get("via", ""), MSG_MEMBER_LEFT)
            message = left.format(name=name, on=on, other=last["new"])
        found.setdefault(pk, []).append(message)
    return found


def register_household_news() -> None:
    from workflow import household_news

    household_news.register(_members_gone)
    household_news.register(_members_moved)
