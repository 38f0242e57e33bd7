"""What a self-application (with its supplements) reports about the applicant's household, as the village's forms
take it: the new-household form (households.prefill, registered in workflow.hooks) and the verification form that
turns the application into an identification case (forms_applications.ToCaseForm).

Only what follows from the farmer's ticks alone is filled in, always marked "来自申报" and editable; the rest is
listed beside the form for the cadre to verify at the visit."""

from households.choices import RiskType
from households.prefill import RISK_FIELD, Filled, Reported
from workflow.choices_applications import PLAIN_DIFFICULTY_LABELS
from workflow.models.applications import Application

ORIGIN = "申报"

# The 两不愁三保障 + 饮水 finding a ticked difficulty says is not secured. Only these three: the farmer's words are
# the finding itself (a child of compulsory-school age out of school is what 义务教育有保障 rules out; the only
# house unsafe; drinking water a difficulty). Not mapped: "看病花钱多" (a large bill is a 因病/因残 risk, while
# 基本医疗有保障 is insurance cover and access to care, which the tick does not tell), "收入明显减少" (not the
# same as being short of food and clothing), and the rest, which name no guarantee.
NOT_SECURED_BY: dict[str, str] = {
    RiskType.SCHOOL_DROPOUT: "education_ok",
    RiskType.UNSAFE_HOUSING: "housing_ok",
    RiskType.UNSAFE_WATER: "water_ok",
}

# Difficulties that concern one member, whom the application does not name: the member's own fields are left for
# the visit, and the note says which.
MEMBER_DETAIL: dict[str, str] = {
    RiskType.MEDICAL_COST: "未写明是哪位家庭成员、是患病还是残疾，请核实后填写该成员的“健康状况”（残疾的填残疾等级）",
    RiskType.SCHOOL_DROPOUT: "未写明是哪个孩子，请核实后填写该成员的“在校生状况”",
    RiskType.UNEMPLOYMENT: "未写明是哪位家庭成员，请核实后填写该成员的务工地点和务工时间",
}


def application_report(application: Application) -> Reported:
    """The application's and its supplements' ticks as risk types and findings, each with the farmer's words;
    their written accounts and the member details they leave open as the note's lines."""
    # The application's ticks include its supplements' (application_public.application_submit merges them).
    codes = [code for code in RiskType.values if code in application.risk_types]
    supplements = list(application.supplements.all())
    filled = [Filled(RISK_FIELD, code, PLAIN_DIFFICULTY_LABELS.get(code, code)) for code in codes]
    filled += [
        Filled(NOT_SECURED_BY[code], False, PLAIN_DIFFICULTY_LABELS[code]) for code in codes if code in NOT_SECURED_BY
    ]
    unplaced = [f"困难情况说明：{application.situation}"]
    unplaced += [f"补充申报（回执号 {s.receipt_no}）的困难情况说明：{s.situation}" for s in supplements]
    unplaced += [
        f"“{PLAIN_DIFFICULTY_LABELS[code]}”：{MEMBER_DETAIL[code]}。" for code in codes if code in MEMBER_DETAIL
    ]
    return Reported(origin=ORIGIN, filled=tuple(filled), unplaced=tuple(unplaced))
