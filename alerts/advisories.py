"""An exit advisory (workflow.advisories): a department alert about the household still waiting for its
verification visit. A new serious illness or a house graded unsafe, reported while the exit runs, is what the exit
must not overlook; the advisory names the departments, not the alert's detail (health detail stays on the alert)."""

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
