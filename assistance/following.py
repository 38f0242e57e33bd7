"""Which households are followed now. Two rules: `followed_q`, followed as monitored ones (help contacts of the
monitored, the village publicity of measures; 防贫保 reads the category itself: services.claims); and `assisted_q`,
helped under a plan (new plans and measures, return visits and their worklists): the monitored ones, and the
lifted-out households (脱贫户) too."""

from django.db.models import Exists, OuterRef, Q

from households.choices import HouseholdType
from households.models import Household
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case


def followed_q(household: str = "") -> Q:
    """Is a household followed as a monitored one now (help contact, the village publicity; assisted_q adds the
    lifted-out households for plans, measures and return visits)? Decided from the household as it stands, so that
    no workflow service has to write to assistance: it is monitored, or an identification or re-mark case opened
    through the green channel (001 §四: 先开展帮扶救助，后履行评议公示等认定程序) is still open. A green-channel case
    withdrawn, or refused by its owed review (which revokes the inclusion), opens no help any more; once approved the
    category says so, and after a later 风险消除 nothing is left of it: 标注"风险消除"的，不再按"监测对象"进行监测帮扶
    (000 §三(三)8, 003 §二2(5)). A weakly stable household is helped on before it is marked, not after; one without
    labour capacity is never marked and stays monitored.

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
    """The same test for one household (a plan's pre_monitoring, the split-off household's to-do)."""
    return Household.objects.filter(pk=household.pk).filter(followed_q()).exists()


def assisted_q(household: str = "") -> Q:
    """May a household have a plan, its plan new measures, and return visits (回访) that track their effect? The
    followed ones (followed_q), and every active lifted-out household (脱贫户), monitored or not: 001 §一 对建档立卡脱贫
    人口继续开展监测帮扶…持续跟踪帮扶政策落实情况; 003 §二(三) 优化调整监测对象和脱贫人口帮扶措施, and its 入户排查表
    asks of a 脱贫户 whether "一户一方案、一人一措施" was made; 004 §(三) 对…脱贫人口…因户施策…强化帮扶措施. A 脱贫户
    whose risk was eliminated is no monitored household any more, but is still helped as 脱贫人口. What is for the
    monitored only stays on followed_q: the village publicity of measures (000 §三(三)7, a step of the monitoring
    procedure: 将帮扶措施在村级进行公示) and 防贫保 (001 §五)."""
    prefix = f"{household}__" if household else ""
    lifted_out = Q(**{f"{prefix}is_active": True, f"{prefix}household_type": HouseholdType.LIFTED_OUT})
    return followed_q(household) | lifted_out


def household_assisted(household: Household) -> bool:
    """The same test for one household (assistance.services.plans.plan_allowed, return visits)."""
    return Household.objects.filter(pk=household.pk).filter(assisted_q()).exists()
