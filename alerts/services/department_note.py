"""What the note written for the reporting department may not carry (review fx_verify 1). The department reads the
outcome of its alerts and this note only (DOMAIN.md: a clerk sees no household registry beyond the outcome); a cadre
typed a member's ID number, 低保 status, a relative's name and illness there, and the clerk read them verbatim.

An ID number or a phone number is recognisable, so it is refused (page, API: the service's check). Names, illnesses
and benefits are not: the rule is said beside the field (DEPARTMENT_NOTE_RULE) for the cadre to keep."""

import re
import unicodedata

DEPARTMENT_NOTE_RULE = "此说明将发给报送部门：请勿填写身份证号、电话、家庭成员、病情、低保等档案信息"
MSG_NOTE_ID_NUMBER = (
    "“反馈报送部门的说明”中有身份证号，不能提交：此说明将发给报送部门，请删去号码"
    "（部门数据的身份证号有误的，写“身份证号与姓名不符，请核对”即可）。"
)
MSG_NOTE_PHONE = "“反馈报送部门的说明”中有电话号码，不能提交：此说明将发给报送部门，请删去号码。"

# Digits a cadre may split with spaces on a phone keyboard (3604 2519 6803 1211 1X, 138 0000 1111) or hyphens.
_GAP = re.compile(r"(?<=[0-9])[\s\-]+(?=[0-9Xx])")
# Exact lengths after the gaps are closed, so that two dates or an amount are not taken for a number.
_ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(?:86)?1[3-9][0-9]{9}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{8,10}(?![0-9])")  # area code and number: 010-12345678, 0792-1234567


def department_note_problem(text: str) -> str:
    """The refusal for a note to the department that carries an ID number or a phone number, "" when it carries
    neither. Full-width digits (１３８…) count as digits."""
    joined = _GAP.sub("", unicodedata.normalize("NFKC", text or ""))
    if _ID_NUMBER.search(joined):
        return MSG_NOTE_ID_NUMBER
    if _MOBILE.search(joined) or _LANDLINE.search(joined):
        return MSG_NOTE_PHONE
    return ""
