"""A member's data logic (数据逻辑, 004 §(四): 校验更正数据逻辑问题): the rules a member's record must keep between its
age, labour skill, education, stage and work. One definition of each, read by both sides: the monthly 数据逻辑校验
(households.data_checks) finds the records on file that break one, as a query; the member service
(households.services.members.clean_member_rows) refuses a row being written that breaks one, at its field, so what
the page or the API saves is never listed as a 逻辑错误 the day after.

The go-live import (households.registry_import) loads the national system's records as they are: the checks list
its rows that break a rule for correction, as they list records entered before the rule was enforced."""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.db.models import Q

from households.choices import Education, EmploymentPlace, LabourSkill, StudentStage
from households.idnumber import PROVINCE_CODES

# 劳动力 (a skilled, ordinary or weak labourer) and work are for members of 16 or older (the legal working age).
LABOUR_AGE = 16
LABOUR = [LabourSkill.SKILLED, LabourSkill.ORDINARY, LabourSkill.WEAK]
WORKING = [EmploymentPlace.IN_COUNTY, EmploymentPlace.IN_PROVINCE, EmploymentPlace.OUT_OF_PROVINCE]
PRESCHOOL_EDUCATION_MAX_AGE = 7
# The ages at which a pupil is normally at each stage, generous at both ends (early starters, repeated years,
# adults in vocational school); outside them the stage was most likely not updated. A child of compulsory-school
# age (6 to 15 years old: compulsory_school_age) can always be entered as a primary or junior pupil.
STAGE_AGES = {
    StudentStage.PRESCHOOL: (2, 7),
    StudentStage.PRIMARY: (5, 15),
    StudentStage.JUNIOR: (10, 18),
    StudentStage.SENIOR: (13, 22),
    StudentStage.VOCATIONAL: (13, 22),
    StudentStage.HIGHER_VOCATIONAL: (15, 30),
    StudentStage.UNDERGRADUATE: (15, 35),
}
# 文化程度 is the highest stage reached (or being attended): no younger than the youngest pupil of that stage.
EDUCATION_MIN_AGE = {
    Education.PRIMARY: STAGE_AGES[StudentStage.PRIMARY][0],
    Education.JUNIOR: STAGE_AGES[StudentStage.JUNIOR][0],
    Education.SENIOR: STAGE_AGES[StudentStage.SENIOR][0],
    Education.SECONDARY_VOCATIONAL: STAGE_AGES[StudentStage.VOCATIONAL][0],
    Education.COLLEGE: STAGE_AGES[StudentStage.HIGHER_VOCATIONAL][0],
}

MSG_CHILD_LABOUR = "{age}岁，未满16周岁的成员不能登记为“{skill}”，劳动技能应为“无劳动力”。"
MSG_CHILD_WORK_PLACE = "{age}岁，未满16周岁的成员不能登记务工，务工地点应为“未务工”。"
MSG_CHILD_WORK_MONTHS = "{age}岁，未满16周岁的成员不能登记务工，务工时间应为0个月。"
MSG_PLACE_WITHOUT_MONTHS = "已选择务工地点“{place}”，请填写务工时间（1到12个月）；未务工的请把务工地点选为“未务工”。"
MSG_MONTHS_WITHOUT_PLACE = "务工时间为{months}个月，请选择务工地点；未务工的请把务工时间改为0。"
MSG_PRESCHOOL_EDUCATION = "{age}岁已超过学龄前，文化程度不能为“学龄前儿童”，请按实际学历选择。"
MSG_EDUCATION_TOO_HIGH = "{age}岁的成员文化程度不可能为“{education}”，请核对身份证号或文化程度。"
MSG_STAGE_AGE = (
    "{age}岁的成员在校生情况不能为“{stage}”（{stage}在校生为{low}到{high}岁），"
    "请核对身份证号，或按实际选择在读学段；已毕业或离校的选“非在校生”。"
)

# The fields each rule reads besides the birth date (given by the ID number): an edit that changes none of them
# is not refused for an older record's error, which the data check lists (an alert's health update goes through).
# The birth date is typed for a baby without a number (households.services.newborn).
RULE_FIELDS = (
    "id_number",
    "birth_date",
    "labour_skill",
    "employment_place",
    "employment_months",
    "education",
    "student_stage",
)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def at_least(today: dt.date, years: int) -> Q:
    """Members who are `years` old or older today."""
    return Q(birth_date__lte=years_before(today, years))


def below(today: dt.date, years: int) -> Q:
    """Members younger than `years` today."""
    return Q(birth_date__gt=years_before(today, years))


def aged(today: dt.date, low: int, high: int) -> Q:
    return at_least(today, low) & below(today, high + 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# 义务教育 (compulsory school age), by the school-entry cutoff: a child starts primary school on 1 September of the
# year they are 6 by 31 August and has nine school years, so is of compulsory-school age from that 1 September until
# the end of the ninth school year (15 or 16 years old). One definition, read by the 数据逻辑校验
# "义务教育适龄儿童未登记在校" (households.data_checks), entry's question (households.services.school_age) and the
# member form's page script.
SCHOOL_ENTRY_AGE = 6
COMPULSORY_YEARS = 9
# The school age (age on 31 August) of grade 1 and of grade 9.
COMPULSORY_SCHOOL_AGES = (SCHOOL_ENTRY_AGE, SCHOOL_ENTRY_AGE + COMPULSORY_YEARS - 1)


def school_year_cutoff(today: dt.date) -> dt.date:
    """The 31 August just before the school year `today` is in (a school year starts on 1 September)."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 8, 31)


def school_age(birth: dt.date, today: dt.date) -> int:
    """The age a pupil counts for this school year: the age on its cutoff (6 in grade 1 … 14 in grade 9)."""
    return age_on(birth, school_year_cutoff(today))


def compulsory_school_age(birth: dt.date, today: dt.date) -> bool:
    low, high = COMPULSORY_SCHOOL_AGES
    return low <= school_age(birth, today) <= high


def compulsory_school(today: dt.date) -> Q:
    """Members of compulsory-school age today (compulsory_school_age, as a query)."""
    low, high = COMPULSORY_SCHOOL_AGES
    return aged(school_year_cutoff(today), low, high)


# The rules as queries over members (the data checks add "living" and their own labels).


def child_labour(today: dt.date) -> Q:
    return below(today, LABOUR_AGE) & Q(labour_skill__in=LABOUR)


def child_work(today: dt.date) -> Q:
    return below(today, LABOUR_AGE) & (Q(employment_months__gt=0) | Q(employment_place__in=WORKING))


def work_mismatch(today: dt.date) -> Q:
    # A child's work is child_work's finding, not this one's.
    working, months = Q(employment_place__in=WORKING), Q(employment_months__gt=0)
    return ~below(today, LABOUR_AGE) & ((working & ~months) | (~working & months))


def preschool_education(today: dt.date) -> Q:
    return Q(education=Education.PRESCHOOL) & at_least(today, PRESCHOOL_EDUCATION_MAX_AGE + 1)


def education_too_high(today: dt.date) -> Q:
    wrong = Q(pk__in=[])
    for education, low in EDUCATION_MIN_AGE.items():
        wrong |= Q(education=education) & below(today, low)
    return wrong


def stage_age(today: dt.date) -> Q:
    """A pupil outside the ages of the stage recorded (STAGE_AGES)."""
    wrong = Q(pk__in=[])
    for stage, (low, high) in STAGE_AGES.items():
        wrong |= Q(student_stage=stage) & ~aged(today, low, high)
    return wrong


def unknown_province() -> Q:
    """An ID number whose first two digits name no province (entry refuses it: households.idnumber.parse). A baby
    without a number yet (id_number "") is the check 暂无身份证号的成员's, not this one's."""
    return ~Q(id_number__regex=f"^({'|'.join(sorted(PROVINCE_CODES))})") & ~Q(id_number="")


# The same rules on one row being written.


def member_rule_errors(
    row: Mapping[str, Any], *, today: dt.date, changed: Collection[str] | None = None
) -> list[tuple[str, str, str]]:
    """(code, field, message) for each rule the row breaks, the code that of the data check finding it. `row`: the
    member's fields with its birth_date (from the ID number). `changed`: the fields an edit changes; when no rule
    reads any of them, none is asked (None: all are)."""
    birth = row.get("birth_date")
    if not birth or (changed is not None and not set(changed) & set(RULE_FIELDS)):
        return []
    age = age_on(birth, today)
    skill, education = str(row.get("labour_skill") or ""), str(row.get("education") or "")
    stage = str(row.get("student_stage") or "")
    place, months = str(row.get("employment_place") or ""), int(row.get("employment_months") or 0)
    errors: list[tuple[str, str, str]] = []
    if age < LABOUR_AGE:
        if skill in LABOUR:
            errors.append(
                ("child_labour", "labour_skill", MSG_CHILD_LABOUR.format(age=age, skill=LabourSkill(skill).label))
            )
        if place in WORKING:
            errors.append(("child_work", "employment_place", MSG_CHILD_WORK_PLACE.format(age=age)))
        if months > 0:
            errors.append(("child_work", "employment_months", MSG_CHILD_WORK_MONTHS.format(age=age)))
    elif place in WORKING and months == 0:
        errors.append(
            ("work_mismatch", "employment_months", MSG_PLACE_WITHOUT_MONTHS.format(place=EmploymentPlace(place).label))
        )
    elif place not in WORKING and months > 0:
        errors.append(("work_mismatch", "employment_place", MSG_MONTHS_WITHOUT_PLACE.format(months=months)))
    if education == Education.PRESCHOOL and age > PRESCHOOL_EDUCATION_MAX_AGE:
        errors.append(("preschool_education", "education", MSG_PRESCHOOL_EDUCATION.format(age=age)))
    elif education in EDUCATION_MIN_AGE and age < EDUCATION_MIN_AGE[Education(education)]:
        errors.append(
            (
                "education_too_high",
                "education",
                MSG_EDUCATION_TOO_HIGH.format(age=age, education=Education(education).label),
            )
        )
    if stage in STAGE_AGES:
        low, high = STAGE_AGES[StudentStage(stage)]
        if not low <= age <= high:
            label = StudentStage(stage).label
            message = MSG_STAGE_AGE.format(age=age, stage=label, low=low, high=high)
            errors.append(("stage_age", "student_stage", message))
    return errors
