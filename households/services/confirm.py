"""The "仍要保存" question: a record that is possible but unusual (a minor head, an income of millions, a second consent
on the same day) is not refused, it is asked about. The service says why at the fields and at CONFIRM_FIELD; the
form then shows the box, and the service saves once it is ticked, noting in the household's history what was
confirmed (confirmed_note). The pattern of the visit's "金额核实无误" (households.services.visit_changes)."""

from collections.abc import Sequence

CONFIRM_FIELD = "confirm_unusual"
CONFIRM_LABEL = "仍要保存"
MSG_CONFIRM = "以上情况如核实无误，请勾选“仍要保存”后再保存。"
# The API's words for it (an API caller has no box to tick: it sends the field), said in every 400 of the API
# (config.api_wording; registered by households.apps).
MSG_CONFIRM_API = "以上情况如核实无误，请传 confirm_unusual: true 后重新提交。"
NOTE_CONFIRMED = "（已核实确认：{what}）"
SUMMARY_ROOM = 120  # of HouseholdEvent.summary's 200 characters, what the confirmed questions may take
SUMMARY_MAX = 200


def confirmed_note(messages: Sequence[str]) -> str:
    """What the history row adds when the cadre saved despite the questions, within SUMMARY_ROOM ("" for none)."""
    if not messages:
        return ""
    what = "；".join(m.rstrip("。") for m in messages)
    if len(what) > SUMMARY_ROOM:
        what = what[: SUMMARY_ROOM - 1] + "…"
    return NOTE_CONFIRMED.format(what=what)


def with_confirmed_note(summary: str, messages: Sequence[str]) -> str:
    """`summary` with the confirmed questions' note kept whole at its end, the summary cut to fit SUMMARY_MAX."""
    note = confirmed_note(messages)
    room = SUMMARY_MAX - len(note)
    return (summary if len(summary) <= room else summary[: room - 1] + "…") + note
