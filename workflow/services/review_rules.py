"""What a village review (民主评议) needs, whichever way it is recorded: one case at its step (services.cases.case_act,
which takes the minutes as the step's attachment) or many at a meeting (services.meetings, which keeps the minutes
on the meeting and passes it to case_act).

003 §二2(4) 监测程序: "村级评议应召开由村两委成员、驻村工作队成员、村监督委员会成员及部分村民代表参加的会议". A pass
rests on that meeting, so it needs its minutes on file, and a meeting that passes a household needs the village
committees and the supervisory committee present. Some villages have no resident work team: its absence is asked
about ("仍要提交"), not refused; so is a count that does not match the names listed (a typo, or "张三等").
"""

import re
from collections.abc import Mapping
from typing import Any

from workflow.choices import StepKind
from workflow.models.meetings import ATTENDEE_GROUPS

MSG_REVIEW_EVIDENCE = (
    "村级评议须召开会议：请通过“召开民主评议会议”登记到会人员和表决结果，或上传评议会议记录（照片或扫描件）。"
)
# A publicity that is the review as well (Step.with_review) passes on its own form only: no meeting passes it.
MSG_REVIEW_PUBLICITY_EVIDENCE = "“{step}”含村级评议：通过时请上传评议会议记录（照片或扫描件）。"
MSG_REVIEW_PUBLICITY_RUNNING = (
    "公示期至 {date}，期满无异议后上传评议会议记录办理通过（本环节含村级评议，系统不自动通过）。"
    "如需终止本案（例如异议经核实成立），选择“不通过”并填写意见。"
)
# Not posted yet: the period counts from the posting day, so no end is known (forms.MSG_PUBLICITY_UNPOSTED_RUNNING).
MSG_REVIEW_PUBLICITY_UNPOSTED_RUNNING = (
    "公示期自张贴之日起{period}，请张贴后登记张贴日期；期满无异议后上传评议会议记录办理通过（本环节含村级评议，"
    "系统不自动通过）。如需终止本案（例如异议经核实成立），选择“不通过”并填写意见。"
)
# The minutes' help on the step's own form: a review step may pass at a meeting instead, a combined step may not.
MSG_REVIEW_MINUTES_HELP = (
    "PDF、JPG 或 PNG，不超过 10 MB。多户一起评议的，请用“召开民主评议会议”登记到会人员和表决结果。"
)
MSG_REVIEW_PUBLICITY_MINUTES_HELP = (
    "PDF、JPG 或 PNG，不超过 10 MB。本环节含村级评议：公示期满无异议后，在此上传评议会议记录办理通过。"
)
MSG_MINUTES_FOR_PASS = "评议通过的，须上传评议会议记录（照片或扫描件）。"
MSG_COMMITTEE = "村级评议须有村两委成员参加。"
MSG_REPRESENTATIVES = "村级评议须有村民代表参加。"
MSG_SUPERVISORY_FOR_PASS = "本次会议有农户评议通过，须有村务监督委员会成员到会。"
MSG_NO_WORK_TEAM = "没有驻村工作队成员到会。村级评议应有驻村工作队成员参加；本村没有驻村工作队的，请勾选“仍要提交”。"
MSG_NAMES_COUNT = "{label}填写 {count} 人，列出姓名 {listed} 个。请核对人数和姓名。"
# The meeting form's confirmation box: the name households.services.confirm gives its own "仍要保存" box, so that a
# client of the API sends the same field to every form that asks.
CONFIRM_FIELD = "confirm_unusual"
CONFIRM_LABEL = "仍要提交"
MSG_CONFIRM = "以上情况如核实无误，请勾选“仍要提交”后再提交。"
NOTE_CONFIRMED = "（已核实确认：{what}）"

# What a cadre separates names with: 、 , ， ; ； and any space (the form says 顿号或空格).
NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


def reviews_in(step: Any) -> bool:
    """Whether passing the step passes a village review: a review step, or a publicity that is the review as well
    (Step.with_review: 001 §三 村级评议公示). Either needs the minutes of its meeting on file."""
    return step.kind == StepKind.VILLAGE_REVIEW or bool(step.with_review)


def review_evidence_message(step: Any) -> str:
    """What a review passed without its minutes is told: a review step may also pass through a meeting."""
    if step.kind == StepKind.VILLAGE_REVIEW:
        return MSG_REVIEW_EVIDENCE
    return MSG_REVIEW_PUBLICITY_EVIDENCE.format(step=step.name)


def review_minutes_missing(*, passes: bool, minutes: Any) -> bool:
    """A review that passes without the minutes of its meeting on file (a meeting's file, or the step's attachment)."""
    return passes and not minutes


def names_listed(names: str) -> int:
    return len([name for name in NAME_SEPARATORS.split(names or "") if name])


def attendance_refusals(attendees: Mapping[str, tuple[int, str]], *, passes: bool) -> dict[str, str]:
    """Who must be present, by field: the village committees and villager representatives at any review meeting,
    the supervisory committee too when a household passes."""
    errors: dict[str, str] = {}
    if attendees.get("committee", (0, ""))[0] < 1:
        errors["committee_count"] = MSG_COMMITTEE
    if attendees.get("representative", (0, ""))[0] < 1:
        errors["representative_count"] = MSG_REPRESENTATIVES
    if passes and attendees.get("supervisory", (0, ""))[0] < 1:
        errors["supervisory_count"] = MSG_SUPERVISORY_FOR_PASS
    return errors


def attendance_questions(attendees: Mapping[str, tuple[int, str]]) -> dict[str, str]:
    """What is asked before the meeting is recorded, by field: no resident work team; a count that differs from the
    number of names listed (a group with a count and no names at all is refused by services.meetings instead)."""
    questions: dict[str, str] = {}
    if attendees.get("work_team", (0, ""))[0] < 1:
        questions["work_team_count"] = MSG_NO_WORK_TEAM
    for prefix, label in ATTENDEE_GROUPS:
        count, names = attendees.get(prefix, (0, ""))
        listed = names_listed(names)
        if listed and listed != count:
            questions[f"{prefix}_names"] = MSG_NAMES_COUNT.format(label=label, count=count, listed=listed)
    return questions


def confirmed_facts(questions: Mapping[str, str]) -> list[str]:
    """The questions as facts the cadre confirmed (their first sentence, without what to do)."""
    return [message.split("。")[0] for message in questions.values()]


def confirmed_note(questions: Mapping[str, str]) -> str:
    """What the audit row adds when the cadre recorded the meeting despite the questions ("" for none)."""
    facts = confirmed_facts(questions)
    return NOTE_CONFIRMED.format(what="；".join(facts)) if facts else ""
