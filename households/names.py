"""A person's name as the registry keeps it (a member, the head among them): one rule for the member forms, the API
and the go-live import (households.registry_import). Names go into the history, the publicity notices and the
ledgers exported to Excel, where "=1+2" would be read as a formula and "<script>" is no name at all.

A name is Chinese characters (the rare ones of the extension planes too), with the middle dot "·" of a minority
name (买买提·艾力); or Latin letters with single spaces, hyphens or apostrophes between them, for a foreign spouse
(Nguyen Thi Lan). No digits and no other signs."""

import re

NAME_MAX_LENGTH = 30  # of Member.name's 50: the longest minority names in the national system are about 20
MSG_NAME_INVALID = (
    "姓名中有不能使用的字符“{bad}”：姓名只能由汉字组成，少数民族姓名可用间隔号“·”，外籍人员可用英文字母和空格。"
)
MSG_NAME_TOO_LONG = "姓名不能超过{limit}个字（现为{length}个字），请核对。"
MSG_NAME_MIXED = "姓名“{value}”的写法有误：请只用汉字（可用间隔号“·”），或只用英文字母和空格（外籍人员）。"

# The dots typed for the middle dot (a full-width one, a katakana one, a bullet): kept as the one "·".
_DOTS = str.maketrans({"\u30fb": "\u00b7", "\u2027": "\u00b7", "\u2022": "\u00b7", "\uff0e": "\u00b7"})
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CHINESE = re.compile(rf"^[{_HAN}]+(?:\u00b7[{_HAN}]+)*$")
_LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN = re.compile(rf"^[{_LATIN_LETTERS}]+(?:[ '\-\u00b7][{_LATIN_LETTERS}]+)*$")
_ALLOWED_CHAR = re.compile(rf"[{_HAN}{_LATIN_LETTERS} '\-\u00b7]")


def normalize_name(value: str) -> str:
    """The name as stored: trimmed, its dots the one middle dot, runs of spaces one space."""
    return " ".join(str(value).translate(_DOTS).split())


def name_error(value: str) -> str:
    """Why `value` (normalised) is not a name, "" when it is one (an empty name is the caller's "请填写姓名")."""
    if not value:
        return ""
    if len(value) > NAME_MAX_LENGTH:
        return MSG_NAME_TOO_LONG.format(limit=NAME_MAX_LENGTH, length=len(value))
    bad = [char for char in value if not _ALLOWED_CHAR.match(char)]
    if bad:
        shown = "".join(dict.fromkeys(bad))[:5]
        return MSG_NAME_INVALID.format(bad=shown)
    if not (_CHINESE.match(value) or _LATIN.match(value)):
        return MSG_NAME_MIXED.format(value=value[:20])
    return ""
