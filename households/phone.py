"""A household's 联系电话: the farmer is called on it and looks up their application with it (/apply/status/), so a
mistyped number is refused where it is typed. A mobile number follows the public application form's rule
(workflow.services.application_public.PHONE_PATTERN); a village household may also give a landline with its area
code."""

import re

from django.core.exceptions import ValidationError

MSG_PHONE = "联系电话应为11位手机号码（以1开头），或带区号的固定电话（如0792-1234567）。"
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 0 + area code (010 and 02x: 3 digits with the 0; the others 4) + a 7- or 8-digit number.
LANDLINE = re.compile(r"^(0[12]\d|0[3-9]\d{2})(\d{7,8})$")
_SEPARATORS = re.compile(r"[\s\-－—()（）]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def household_phone(raw: str) -> str:
    """The phone as stored (a mobile as 11 digits, a landline as 0792-1234567; blank stays blank), or a
    ValidationError naming the field."""
    phone = _SEPARATORS.sub("", (raw or "").translate(_FULL_WIDTH))
    if not phone or MOBILE.match(phone):
        return phone
    if landline := LANDLINE.match(phone):
        return f"{landline.group(1)}-{landline.group(2)}"
    raise ValidationError(MSG_PHONE, code="phone")
