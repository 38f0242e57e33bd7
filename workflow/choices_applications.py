"""Code lists of self-application (农户自主申报, seed 000 §三(三)1): stable English values, Chinese labels."""

from django.db import models

from households.choices import RiskType


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    VERIFYING = "verifying", "核实中"
    CASE_OPENED = "case_opened", "已纳入程序"
    DECLINED = "declined", "未予纳入"
    # The applicant's household is monitored already: nothing to include, the application is closed with what the
    # village does instead (services.applications.application_decline). Not a refusal, and not counted as one.
    MONITORED = "monitored", "已是监测对象，已办结"
    # Spam, a test, a stranger's or a repeated submission, closed with no visit (services.application_invalid
    # .application_invalidate): not a refusal after verification, so never counted with 未予纳入.
    INVALID = "invalid", "无效申报"


class InvalidReason(models.TextChoices):
    """Why an application was closed as 无效申报 (no home visit could or need verify it)."""

    UNREACHABLE = "unreachable", "无法联系"
    FALSE_INFO = "false_info", "信息虚假"
    DUPLICATE = "duplicate", "重复申报"
    NOT_VILLAGER = "not_villager", "非本村人员"


# Still waiting for the village: a new submission by the same ID number in the same village joins this one.
PENDING_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFYING)


class LookupStage(models.TextChoices):
    """What the public status lookup says of an application: how far it has got, never what was decided
    (selectors_application_public.application_status_lookup says why)."""

    RECEIVED = "received", "已受理"
    VERIFYING = "verifying", "核实中"
    DONE = "done", "已办结"


# The kinds of difficulty a farmer ticks, in plain words; the values are the ten monitoring types (RiskType), so
# the cadre's case starts from what the farmer said.
PLAIN_DIFFICULTY_LABELS: dict[str, str] = {
    RiskType.LOW_INCOME: "家庭收入明显减少，生活困难",
    RiskType.BUSINESS_FAILURE: "种养殖或做生意失败，欠债较多",
    RiskType.UNEMPLOYMENT: "家里主要劳动力没活干半年以上",
    RiskType.LABOURER_DEATH: "家里主要劳动力意外去世",
    RiskType.MEDICAL_COST: "生大病、重病或残疾，看病花钱多",
    RiskType.DISASTER_LOSS: "遭了灾或出了意外，财产损失大",
    RiskType.SCHOOL_DROPOUT: "上小学、初中的孩子不去上学了",
    RiskType.UNSAFE_HOUSING: "唯一的住房不安全",
    RiskType.UNSAFE_WATER: "吃水、饮水有困难",
    RiskType.OTHER: "其他困难",
}
DIFFICULTY_CHOICES = [(value, PLAIN_DIFFICULTY_LABELS[value]) for value in RiskType.values]

# 农户承诺和授权查询书 (seed 003 附件1), the short version the farmer ticks on the phone. The version is stored with
# each application, so a later change of wording does not rewrite what an earlier applicant agreed to. The paper
# form, signed with a thumbprint, is still collected at the verification visit (households.Consent).
CONSENT_VERSION = "003-附件1-2021"
CONSENT_TEXT = (
    "本人知晓申报监测对象有关政策和程序，申报时提供的家庭情况及相关信息客观真实，"
    "并授权相关部门在审查审核过程中，根据需要向公安、工商、税务、金融等单位查询本人及家庭成员的有关信息和资料。"
)
