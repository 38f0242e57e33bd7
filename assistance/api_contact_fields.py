"""The plans API's help_contact_person: a household's help contact who has no account (包保单位人员, 003 §二3(2)),
read from the open assignment (assistance.contact_shown), with the phone masked for those who read phones masked
(households.privacy.shown_phone), as the household's own phone is."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistance.contact_shown import current_person, shown_contact
from assistance.selectors_contacts import contact_filter_choices, contact_state
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


class ContactShownSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="帮扶联系人姓名")
    is_person = serializers.BooleanField(help_text="true：包保单位人员（无账号）；false：系统用户")
    user = serializers.IntegerField(allow_null=True, help_text="系统用户ID；包保单位人员为 null")
    unit = serializers.CharField(help_text="包保单位/工作单位（包保单位人员；系统用户为空）")
    title = serializers.CharField(help_text="职务（可为空）")
    phone = serializers.CharField(help_text="联系电话（只读角色为遮挡后的号码；未填为空）")
    status = serializers.ChoiceField(
        choices=[("ok", "正常"), ("needs_change", "需调整")],
        help_text="ok：正常；needs_change：已停用或已调离，需调整（网页的“需调整”）",
    )
    status_display = serializers.CharField(help_text="状态说明，如“正常”“已停用，需调整”")


def shown_contact_data(user: Any, household: Household) -> dict[str, Any] | None:
    """The household's help contact as its pages show it (assistance.contact_shown), with the phone masked for those
    who read phones masked and the status the contacts page gives (selectors_contacts.contact_state); None: 未安排."""
    contact = shown_contact(household)
    if contact is None:
        return None
    status, words = contact_state(household)
    return {
        "name": contact.name,
        "is_person": contact.is_person,
        "user": contact.user.pk if contact.user is not None else None,
        "unit": contact.unit,
        "title": contact.title,
        "phone": shown_phone(user, contact.phone) if contact.phone else "",
        "status": status,
        "status_display": words,
    }


@extend_schema_field(ContactShownSerializer(allow_null=True))
class HelpContactShownField(serializers.Field):
    """A household's current help contact (read-only): an account or a 包保单位人员, null when none is named."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text",
            "现任帮扶联系人（只读）：姓名、单位、职务、电话（只读角色遮挡）和状态；未安排为 null。"
            "安排或调整请用 /api/v1/assistance/help-contacts/",
        )
        super().__init__(**kwargs)

    def to_representation(self, household: Household) -> dict[str, Any] | None:
        return shown_contact_data(self.context["request"].user, household)
