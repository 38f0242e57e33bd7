"""What the workflow's API modules share: the 503 of a busy database, the inline choice field and the case kinds'
help text."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status

from accounts.permissions import ViewOrEdit
from accounts.roles import Capability
from workflow.choices import CaseKind
from workflow.services.case_locks import Busy

# Who reads the registry reads the procedures; acting in them (any POST or PATCH) needs a role a step may name, so
# the official hears 403 before the body is read or the record looked up.
CasesPermission = ViewOrEdit(view=Capability.REGISTRY_VIEW, edit=Capability.CASES_ACT, what="识别退出事项")


class ServiceBusy(exceptions.APIException):
    """503: the database gave up on the transaction twice (services.case_locks.Busy); nothing was written."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


def api_errors(error: Exception) -> Exception:
    """The API's status for a refusal that is neither bad input nor a broken rule; other errors as they are (a case
    changed since it was read, services.case_locks.CaseChanged, is a config.errors.Conflict: 409 with extra, as a
    batch's changed cases are)."""
    if isinstance(error, Busy):
        return ServiceBusy(error.message)
    return error


def inline_choice_field(choices: list[tuple[str, str]], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose enum is written inline in the schema, so that its name cannot collide with the
    registry's and screening's enums of the same field name (kind, category)."""
    schema = {
        "type": "string",
        # A blank value the field allows is one of the schema's too (a household with no labour capacity recorded).
        "enum": [value for value, _ in choices] + ([""] if kwargs.get("allow_blank") else []),
        "description": "；".join(f"{value}={label}" for value, label in choices),
    }
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


KIND_HELP = "案件类别：" + "；".join(f"{value}={label}" for value, label in CaseKind.choices)
