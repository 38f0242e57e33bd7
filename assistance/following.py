"""Which households are followed as monitored ones now: the one rule that return visits, help contacts, the
village publicity and new plans and measures share (assistance.selectors, assistance.services.plans)."""

from django.db.models import Exists, OuterRef, Q

from households.models import Household
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case


def followed_q(household: str = "") -> Q:
    """Is a household followed as a monitored one now (return visits, help contact, the village publicity)? Decided
    from the household as it stands, so that no workflow service has to write to assistance: it is monitored, or an
    identification or re-mark case opened through the green channel (001 §四: 先开展帮扶救助，后履行评议公示等认定
    程序) is still open. A green-channel case withdrawn, or refused by its owed review (which revokes the inclusion),
    opens no help any more; once approved the category says so, and after a later 风险消除 nothing is left of it:
    标注"风险消除"的，不再按"监测对象"进行监测帮扶 (000 §三(三)8, 003 §二2(5)). A weakly stable household is helped
    on before it is marked, not after; one without labour capacity is never marked and stays monitored.

    `household` names the relation to the household ("household" from a plan or a measure, "" on households)."""
    prefix = f"{household}__" if household else ""
    open_green_channel = Case.objects.filter(
        household_id=OuterRef(f"{household}_id" if household else "pk"),
        kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
        green_channel=True,
        status=CaseStatus.OPEN,
    )
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}monitoring_category__gt": ""}) | Exists(open_green_channel)
    )


def household_followed(household: Household) -> bool:
    """The same test for one household (assistance.services.plans.plan_allowed)."""
    return Household.objects.filter(pk=household.pk).filter(followed_q()).exists()
