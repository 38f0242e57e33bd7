"""Resident ID numbers (GB 11643-1999): 6-digit division code, 8-digit birth date, 3-digit sequence
(odd = male), and an ISO 7064 MOD 11-2 check character."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
# Full-width digits and letters, as departments' spreadsheets sometimes carry them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸＸｘ", "0123456789XXX")

MSG_ID_LENGTH = "身份证号应为18位（17位数字加1位数字或X）。"
MSG_ID_CHECK = "身份证号校验位不正确，请核对后重新输入。"
MSG_ID_BIRTH = "身份证号中的出生日期无效。"
MSG_ID_FUTURE = "身份证号中的出生日期晚于今天。"
MSG_ID_REGION = "身份证号前两位“{code}”不是有效的省级行政区划代码，请核对后重新输入。"
# The province-level codes of GB/T 2260 (the first two digits of every resident ID number): 31 provinces,
# autonomous regions and municipalities, Taiwan, Hong Kong and Macao.
PROVINCE_CODES = frozenset(
    [
        *("11", "12", "13", "14", "15", "21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65", "71", "81", "82"),
    ]
)


def check_char(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # The weights are 2**17 … 2**1 mod 11 and 13 ≡ 2 (mod 11), so the weighted sum is twice the digits read
        # as a base-13 number, mod 11: one int() in C instead of 17 in Python (the go-live import parses one
        # number a row). Anything else (full-width digits, a wrong length) takes the definition below.
        return _CHECK_CHARS[2 * int(first17, 13) % 11]
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    number = raw.strip()
    if not number.isascii():  # the table maps only full-width characters: ASCII text is left as it is
        number = number.translate(_FULL_WIDTH)
    return number.upper().replace(" ", "")


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "male" / "female", the values of households.choices.Sex


def parse(raw: str, *, today: dt.date | None = None, known_region: bool = True) -> IdInfo:
    """Validate an ID number and derive sex and birth date; ValidationError (Chinese) if it is wrong. A number
    whose province code does not exist is wrong too, unless not `known_region` (the go-live import loads the
    national system's numbers as they are)."""
    number = normalize(raw)
    if not _SHAPE.match(number):
        raise ValidationError(MSG_ID_LENGTH, code="id_length")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(MSG_ID_BIRTH, code="id_birth") from None
    if birth.year < 1900:
        raise ValidationError(MSG_ID_BIRTH, code="id_birth")
    if birth > (today or dt.date.today()):
        raise ValidationError(MSG_ID_FUTURE, code="id_future")
    if check_char(number[:17]) != number[17]:
        raise ValidationError(MSG_ID_CHECK, code="id_check")
    # After the check digit: a mistyped digit breaks that first, and its message says more.
    if known_region and number[:2] not in PROVINCE_CODES:
        raise ValidationError(MSG_ID_REGION.format(code=number[:2]), code="id_region")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdInfo(number=number, birth_date=birth, sex=sex)


def make(division: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (for demo data and tests): sequence 0–999, odd for men."""
    first17 = f"{division[:6]}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)


def mask(number: str) -> str:
    """3601**********123X: what roles without need-to-know see (DOMAIN.md "Privacy")."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
