"""A household with department alerts still 待核实 is not closed (households.services.closing): each is verified
first, where it can say what happened (已迁出, 已故), so that no alert is left waiting, and overdue, for a household no
longer on file."""

from alerts.choices import AlertStatus
from alerts.models import Alert
from households.models import Household

MSG_PENDING_ALERTS = "该户有{count}条待核实的部门预警，请先核实（可核实为“已迁出”或“已故”），再注销农户。"


def pending_alerts_refusal(household: Household) -> str:
    count = Alert.objects.filter(household=household, status=AlertStatus.PENDING).count()
    return MSG_PENDING_ALERTS.format(count=count) if count else ""


def register() -> None:
    from households.services.closing import register_close_blocker

    register_close_blocker(pending_alerts_refusal)
