"""`{% help_contact household as contact %}`: the household's contact as shown (assistance.contact_shown), an account
or a person without one (包保单位人员); `{{ assignment|assignment_contact }}` names the contact of a history row and
`{% contact_reason assignment %}` gives its 调整原因 as the viewer may read it."""

from typing import Any

from django import template

from assistance.contact_shown import ShownContact, shown_contact
from assistance.models import HelpContactAssignment
from assistance.services.contacts import contact_words
from households.models import Household
from households.privacy import shown_text

register = template.Library()


@register.simple_tag
def help_contact(household: Household) -> ShownContact | None:
    return shown_contact(household)


@register.filter
def assignment_contact(assignment: HelpContactAssignment) -> str:
    return contact_words(assignment)


@register.inclusion_tag("assistance/_contact.html", takes_context=True)
def contact_person(context: Any, contact: ShownContact) -> dict[str, Any]:
    """The contact in a line: an account's name; a person's name, unit, title and phone (masked as the household's
    phone is for those who read it masked: households.templatetags.registry.phone_number)."""
    return {"contact": contact, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def contact_reason(context: Any, assignment: HelpContactAssignment) -> str:
    """The reason of an assignment ("王五调离，新联系人赵六电话138…") with any ID number and mobile number in it masked
    for those who read them masked (households.privacy.shown_text), as the API's reason is."""
    return shown_text(context["request"].user, assignment.reason)
