"""A household with an open case is not closed (households.services.closing): the case is ended through its own
procedure first (终止 or 办结), so that no 识别纳入 or 风险消除 is left standing for a household no longer on file."""

from households.models import Household
from workflow.choices import CaseStatus
from workflow.models import Case

MSG_OPEN_CASE = "该户有在办事项“{case}”（{opened}起），请先办结或终止该事项，再注销农户。"


def open_case_refusal(household: Household) -> str:
    case = Case.objects.filter(household=household, status=CaseStatus.OPEN).order_by("pk").first()
    if case is None:
        return ""
    return MSG_OPEN_CASE.format(case=case.get_kind_display(), opened=f"{case.discovered_on:%Y-%m-%d}")


def register() -> None:
    from households.services.closing import register_close_blocker

    register_close_blocker(open_case_refusal)
