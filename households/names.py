"""A person's name as the registry keeps it (a member, the head among them): one rule for the member forms, the API
and the go-live import (households.registry_import). Names go into the history, the publicity notices and the
ledgers exported to Excel, where "=1+2" would be read as a formula and "<script>" is no name at all.

A name is Chinese characters (the rare ones of the extension planes too, and "〇" as in 李〇), with the middle dot
"·" of a minority name (买买提·艾力); or Latin letters, accented ones included (the Vietnamese ễ, ị of Nguyễn Thị Lan),
with single spaces, hyphens or apostrophes between them, for a foreign spouse. No digits and no other signs.
The dots typed for the middle dot are kept as "·": the look-alikes anywhere, and a full stop ("." or "。") between two
Chinese characters (买买提.艾力, as old county records and the go-live import carry it)."""

import re
import unicodedata

NAME_MAX_LENGTH = 30  # of Member.name's 50: the longest minority names in the national system are about 20
MSG_NAME_INVALID = (
    "姓名中有不能使用的字符“{bad}”：姓名只能由汉字组成，少数民族姓名可用间隔号“·”；"
    "外籍人员姓名可用拉丁字母（含带声调、重音的字母，如é、ễ），"
    "字母之间可用空格、连字符、撇号或间隔号（如 Jean-Paul O'Brien）。"
)
MSG_NAME_TOO_LONG = "姓名不能超过{limit}个字（现为{length}个字），请核对。"
MSG_NAME_MIXED = (
    "姓名“{value}”的写法有误：请只用汉字（可用间隔号“·”），"
    "或只用拉丁字母（外籍人员，字母之间可用一个空格、连字符、撇号或间隔号，如 Jean-Paul O'Brien）。"
)

# The dots typed for the middle dot (a full-width one, a katakana one and its half-width form, a bullet): kept as
# the one "·"; a typographic apostrophe (O’Brien, as a phone keyboard types it) as the plain one.
_DOTS = str.maketrans(
    {"\u30fb": "\u00b7", "\uff65": "\u00b7", "\u2027": "\u00b7", "\u2022": "\u00b7", "\uff0e": "\u00b7", "\u2019": "'"}
)
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CHINESE = re.compile(rf"^[{_HAN}]+(?:\u00b7[{_HAN}]+)*$")
# A full stop or middle dot between two Chinese characters, spaces around it dropped: 买买提.艾力, 买买提 · 艾力.
_HAN_DOT = re.compile(rf"(?<=[{_HAN}])\s*[.\u3002\u00b7]\s*(?=[{_HAN}])")
# Spaces typed inside a Chinese name (张 三, 欧阳 娜娜): a Chinese name is written without them.
_HAN_SPACE = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
# Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional (Vietnamese): letters, not × and ÷.
_LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN = re.compile(rf"^[{_LATIN_LETTERS}]+(?:[ '\-\u00b7][{_LATIN_LETTERS}]+)*$")
_ALLOWED_CHAR = re.compile(rf"[{_HAN}{_LATIN_LETTERS} '\-\u00b7]")


def normalize_name(value: str) -> str:
    """The name as stored: composed (NFC, so an accent typed as a separate mark joins its letter), trimmed, its dots
    the one middle dot, no space between Chinese characters, runs of other spaces one space."""
    name = unicodedata.normalize("NFC", str(value)).translate(_DOTS)
    if _CHINESE.fullmatch(name):  # the usual name: nothing below would change it
        return name
    return " ".join(_HAN_SPACE.sub("", _HAN_DOT.sub("\u00b7", name)).split())


def name_error(value: str) -> str:
    """Why `value` (normalised) is not a name, "" when it is one (an empty name is the caller's "请填写姓名")."""
    if not value:
        return ""
    if len(value) > NAME_MAX_LENGTH:
        return MSG_NAME_TOO_LONG.format(limit=NAME_MAX_LENGTH, length=len(value))
    if _CHINESE.fullmatch(value):  # the usual name, every character allowed (one match, not one a character)
        return ""
    bad = [char for char in value if not _ALLOWED_CHAR.match(char)]
    if bad:
        shown = "".join(dict.fromkeys(bad))[:5]
        return MSG_NAME_INVALID.format(bad=shown)
    if not (_CHINESE.match(value) or _LATIN.match(value)):
        return MSG_NAME_MIXED.format(value=value[:20])
    return ""
