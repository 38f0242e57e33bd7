"""Code lists of the workflow app: stable English values, Chinese labels (DOMAIN.md "Identification procedure")."""

from django.db import models


class ProcedureKind(models.TextChoices):
    IDENTIFICATION = "identification", "识别纳入"
    EXIT = "exit", "风险消除"
    REMARK = "remark", "风险再标注"


class StepKind(models.TextChoices):
    HOUSEHOLD_VERIFICATION = "household_verification", "入户核查"
    VILLAGE_REVIEW = "village_review", "民主评议"
    PUBLICITY = "publicity", "公示"
    DEPARTMENT_COMPARISON = "department_comparison", "部门比对"
    TOWNSHIP_AUDIT = "township_audit", "乡镇审核"
    COUNTY_APPROVAL = "county_approval", "县级审批"
    ANNOUNCEMENT = "announcement", "公告标识"


class DayType(models.TextChoices):
    CALENDAR = "calendar", "自然日"
    WORKING = "working", "工作日"


class CaseKind(models.TextChoices):
    IDENTIFICATION = "identification", "纳入"
    EXIT = "exit", "风险消除"
    REMARK = "remark", "风险再标注"


class Channel(models.TextChoices):
    SELF_APPLICATION = "self_application", "农户自主申报"
    CADRE_VISIT = "cadre_visit", "基层干部排查"
    DEPARTMENT_ALERT = "department_alert", "部门筛查预警"
    SCREENING_HIT = "screening_hit", "系统筛查命中"
    CAMPAIGN = "campaign", "集中排查"


class CaseStatus(models.TextChoices):
    OPEN = "open", "办理中"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class CaseStepStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    OPEN = "open", "办理中"
    DONE = "done", "已完成"
    SKIPPED = "skipped", "已跳过"


class Outcome(models.TextChoices):
    PASS = "pass", "通过"
    REJECT = "reject", "不通过"
    SKIP = "skip", "免于比对"
    # 000 §三(三)3-4: the township audits the list the village reported. A missing document or a point to correct
    # goes back to the village's review (services.case_return) instead of ending the case.
    RETURN = "return", "退回村级补正"


# One stored `return` for both levels that may return (services.case_return): a township audit's goes back to the
# village (Outcome.RETURN's label), a county approval's to the township.
RETURN_TO_TOWNSHIP = "退回乡镇补正"


def outcome_label(step_kind: str, outcome: str) -> str:
    """An outcome as the step's level says it: 退回乡镇补正 at a county approval, the Outcome's label elsewhere ("" for
    none; an unknown value as stored)."""
    if outcome == Outcome.RETURN and step_kind == StepKind.COUNTY_APPROVAL:
        return RETURN_TO_TOWNSHIP
    return str(Outcome(outcome).label) if outcome in Outcome.values else outcome


class GreenChannelCause(models.TextChoices):
    """001 §四: 因灾因疫等突发返贫致贫风险 may take the green channel (approve first, review and publicity later)."""

    DISASTER = "disaster", "自然灾害"
    ACCIDENT = "accident", "意外事故"
    EPIDEMIC = "epidemic", "疫情"


# The case event a withdrawal writes, its reason after it (services.cases.case_withdraw); read back by the cadre's
# notices (selectors_notices) and by screening (screening.receivers).
WITHDRAW_PREFIX = "撤回："
