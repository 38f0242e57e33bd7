"""When the county may skip its comparison (免于比对, Step.skippable_when_clear): 001 §三 "对返贫致贫风险明确、村级评议
公示无异议、乡级核查不存在不予认定情形的，可不再比对存款、房产、车辆等个人信息". services.cases.case_act asks this
for the page's form and the API alike.

- No objection during the publicity, whatever its verification (MSG_SKIP_OBJECTION).
- The risk is clear: a case whose declared risks its household's record does not bear out (selectors_risks, 申报风险
  与档案信息不符) is not, so it is compared; the flags are said.
- The skip is a decision of the county's: it says why (the note), as a refusal does.
The township's check has passed before the comparison opens (the procedure's order)."""

import datetime as dt

from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from workflow.choices import Outcome
from workflow.models import Case, Objection, Step
from workflow.selectors_risks import RISK_FLAG, case_risk_contradictions

MSG_CANNOT_SKIP = "“{step}”环节不能免办。"
MSG_SKIP_OBJECTION = "公示期间有异议的，不能免于比对。"
MSG_SKIP_REASON = "免于比对须填写理由：说明返贫致贫风险明确、公示无异议、乡镇核查不存在不予认定情形。"
MSG_SKIP_RISK_FLAGS = "该案有“{flag}”提示，返贫致贫风险不明确，不能免于比对，请逐人录入部门比对结果：{flags}"


def skip_check(*, case: Case, step: Step, outcome: str, note: str, today: dt.date) -> None:
    """Refuse a skip the procedure or the case does not allow; nothing for another outcome."""
    if outcome != Outcome.SKIP:
        return
    if not step.skippable_when_clear:
        raise ApplicationError(MSG_CANNOT_SKIP.format(step=step.name))
    if Objection.objects.filter(case_step__case=case).exists():
        raise ApplicationError(MSG_SKIP_OBJECTION)
    if flags := case_risk_contradictions(case, today):
        raise ApplicationError(MSG_SKIP_RISK_FLAGS.format(flag=RISK_FLAG, flags="；".join(flags)))
    if not note:
        raise ValidationError({"note": MSG_SKIP_REASON})
