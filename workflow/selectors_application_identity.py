"""Whether a self-application's phone is the one the applicant's household registered. Anyone who knows a farmer's
ID number can apply with it from their own phone, and the village answers whoever applied, by that phone: the
detail page warns the cadre (beside selectors_applications.registered_name_if_different), who confirms who applied
before closing the application with an outcome (services.applications.IDENTITY_CONFIRMED)."""

from typing import Any

from workflow.models.applications import Application
from workflow.selectors_applications import applicant_members


def plain_phone(phone: str) -> str:
    """The digits of a phone number, without China's country code: "+86 138-1234-5678" is "13812345678"."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def registered_phone_if_different(*, actor: Any, application: Application) -> str:
    """The household's registered phone (联系电话) when the applicant is a living member of a household of the
    application's village that the actor may see and the application gives another phone; "" when they agree, the
    household has none registered, or there is no such household."""
    members = applicant_members(actor=actor, application=application)
    phone = members.values_list("household__phone", flat=True).first()
    # No phone given (代为申报 for a farmer without one, services.application_public.validate_filed_phone) is not
    # another phone.
    if not phone or not application.phone or plain_phone(phone) == plain_phone(application.phone):
        return ""
    return phone
