"""A child of compulsory-school age (义务教育适龄) registered as 非在校生: possible (a dropout, 失学辍学, is what the
monitoring looks for) but more often a 在校生情况 left at its default under 更多信息. So the member forms ask first,
and the cadre confirms with "仍要保存" (households.services.confirm), as the 数据逻辑校验 "义务教育适龄儿童未登记在校"
(households.data_checks) would otherwise list the child the day after. Both read the ages and stages here, so what
entry asks about and what the check finds agree; the ages are households.member_rules.compulsory_school_age's (by the
31 August school-entry cutoff)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q

from households import idnumber
from households.choices import DisabilityGrade, Health, StudentStage
from households.member_rules import compulsory_school_age

NOT_ENROLLED = (StudentStage.NONE.value, "")
# A severely disabled child (残疾等级一级、二级) may be taught at home (送教上门; 在校生情况 has no such value): not
# asked about, not listed. Any other disabled child out of school is whom 控辍保学 is for (seed 000 §三7 excuses
# health reasons only): asked about and listed like any other.
SEVERE_DISABILITY = (DisabilityGrade.GRADE_1.value, DisabilityGrade.GRADE_2.value)
# What a member edit must change for the question to be asked again (a health update from an alert's verification
# is not stopped by a question about an old record).
ENROLMENT_FIELDS = ("student_stage", "id_number", "health", "disability_grade")

# What to do, on the page (the field is under 更多信息) and through the API (config.api_wording; households.apps).
HOW_TO_ENROL_PAGE = "在校的请在“更多信息”中选择在读学段，确认无误后再保存。"
HOW_TO_ENROL_API = (
    "在校的请在 student_stage 中填写在读学段（如 primary 小学、junior 初中），"
    + "确认无误的请传 confirm_unusual: true 后重新提交。"
)
MSG_NOT_ENROLLED = "{name} {age} 岁，在校生情况为“{stage}”：义务教育适龄儿童请核实是否失学辍学，" + HOW_TO_ENROL_PAGE


def taught_at_home() -> Q:
    """The members the check 义务教育适龄儿童未登记在校 leaves out (households.data_checks): the severely disabled."""
    return Q(health=Health.DISABLED, disability_grade__in=SEVERE_DISABILITY)


def _is_taught_at_home(row: Mapping[str, Any]) -> bool:
    return row.get("health") == Health.DISABLED and row.get("disability_grade") in SEVERE_DISABILITY


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def not_enrolled_message(row: Mapping[str, Any], *, today: dt.date) -> str:
    """The question for one member row (name, birth_date, student_stage, health, disability_grade), "" when there
    is none. A row without a student_stage is saved with the model's default, 非在校生."""
    birth = row.get("birth_date")
    if not birth:
        return ""
    stage = str(row.get("student_stage") or StudentStage.NONE)
    if not compulsory_school_age(birth, today) or stage not in NOT_ENROLLED or _is_taught_at_home(row):
        return ""
    return MSG_NOT_ENROLLED.format(name=row.get("name") or "", age=_age(birth, today), stage=StudentStage(stage).label)


def enrolment_may_change(current: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether a member edit changes what the question is about (see ENROLMENT_FIELDS)."""
    given = dict(data)
    if "id_number" in given:
        given["id_number"] = idnumber.normalize(str(given["id_number"]))
    return any(name in given and given[name] != current.get(name) for name in ENROLMENT_FIELDS)
