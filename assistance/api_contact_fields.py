"""The plans API's help_contact_person: a household's help contact who has no account (包保单位人员, 003 §二3(2)),
read from the open assignment (assistance.contact_shown), with the phone masked for those who read phones masked
(households.privacy.shown_phone), as the household's own phone is."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistance.contact_shown import current_person
from assistance.selectors_contacts import contact_filter_choices
from households.models import Household
from households.privacy import shown_phone


class ContactPersonSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="姓名")
    unit = serializers.CharField(help_text="包保单位/工作单位")
    title = serializers.CharField(help_text="职务（可为空）")
    phone = serializers.CharField(help_text="联系电话（只读角色为遮挡后的号码）")


@extend_schema_field(ContactPersonSerializer(allow_null=True))
class ContactPersonField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "household")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", "帮扶联系人为包保单位人员（无账号）时的姓名、单位、职务和电话；为系统用户或未安排时为 null"
        )
        super().__init__(**kwargs)

    def to_representation(self, household: Household) -> dict[str, str] | None:
        person = current_person(household)
        if person is None:
            return None
        return {
            "name": person.person_name,
            "unit": person.person_unit,
            "title": person.person_title,
            "phone": shown_phone(self.context["request"].user, person.person_phone),
        }


def contact_scope(user: Any) -> Any:
    """The help contacts ?contact= may name: those the user may name (selectors_contacts.contact_choices) and those
    of the households the user sees, a deactivated one among them (whose households need another)."""
    return contact_filter_choices(actor=user)
