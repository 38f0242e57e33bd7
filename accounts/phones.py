"""An account's phone number (联系电话): the one rule of the bulk user import and the system admin's user forms
(review admins finding 10). A mobile number of 11 digits, or a landline with its area code (0792-1234567, an
extension after a dash); full-width digits and spaces as people type them in Chinese input methods are accepted and
stored plain."""

import re

from django.core.exceptions import ValidationError

MSG_PHONE = "“{value}”不是有效的电话号码（手机号为 11 位数字，座机如 0792-1234567）"
PHONE = re.compile(r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)$")
FULL_WIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")


def normalized_phone(value: str) -> str:
    """The number as stored: half-width, without spaces ("" stays "")."""
    return (value or "").translate(FULL_WIDTH).replace(" ", "").replace("\u3000", "").strip()


def phone_problem(value: str) -> str:
    """The message for a phone that is not one ("" for a good or empty one)."""
    phone = normalized_phone(value)
    return MSG_PHONE.format(value=value) if phone and not PHONE.match(phone) else ""


def clean_phone(value: str) -> str:
    """The normalized phone, or ValidationError at the phone field."""
    if problem := phone_problem(value):
        raise ValidationError({"phone": problem})
    return normalized_phone(value)
