"""POST /api/v1/households/: every error of the household and its members at once, in the API's one shape.

DRF stops at the serializer's own checks (a member without a name, a relation not in the code list), and at an
unknown top-level field before it reads any other (config.api_body), so the rules of the registry
(households.services.members: the ID number, one head, a number registered elsewhere) and even the member rows' own
errors were said only once those were fixed. Here every row is read as the save would take it and checked by the same
service as the save, and all come back together:
{"village": [...], "members": {"0": {"id_number": [...]}, "1": {"name": [...]}}, "non_field_errors": [...]}.
A row the serializer refused is checked with the values it gave that pass their own field; of what the registry says
of it, only the checks that read nothing else (ROW_OWN_CHECKS), so a refused value is never taken for a missing one
(a grade said to need 残疾 when the health was mistyped). The service's own errors, once the serializer passes, come
back in that shape too (config.api.api_error_shape)."""

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from config.api_body import UNKNOWN_FIELD_CODE, name_nested_places
from households.choices import Relation
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.members import MEMBER_INPUT_FIELDS, MSG_NO_HEAD, MSG_TWO_HEADS, clean_member_rows
from households.services.newborn import NO_ID_FIELD, TYPED_FIELDS, member_input

# On a row the serializer refused: the registry's messages at these fields, each kept when none of the fields it
# reads was refused (the relation's: the spouse's age, the relation and sex, read from the ID number or typed).
ROW_OWN_CHECKS = {
    "name": {"name"},
    "ethnicity": {"ethnicity"},
    "id_number": {"id_number", NO_ID_FIELD},
    "relation": {"relation", "id_number", NO_ID_FIELD, *TYPED_FIELDS},
}


class HouseholdCreateMixin:
    """For HouseholdViewSet: create, saying the registry's errors beside the serializer's."""

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)  # type: ignore[attr-defined]
        if not serializer.is_valid():
            raise exceptions.ValidationError(with_member_checks(request.user, serializer))
        self.perform_create(serializer)  # type: ignore[attr-defined]
        headers = self.get_success_headers(serializer.data)  # type: ignore[attr-defined]
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)


def with_member_checks(actor: Any, serializer: Any) -> dict[str, Any]:
    """The serializer's errors, with the member rows' own (when the serializer stopped before reading them) and those
    the registry finds in the rows."""
    errors: dict[str, Any] = dict(serializer.errors)
    data = serializer.initial_data if isinstance(serializer.initial_data, dict) else {}
    raw = data.get("members")
    member_errors = errors.get("members", {})
    if not isinstance(raw, list) or not isinstance(member_errors, dict):
        return errors
    if api_settings.NON_FIELD_ERRORS_KEY in member_errors:  # not a list of rows at all (DRF's not_a_list)
        return errors
    values, refused = _read_rows(serializer, raw)
    if "members" in errors:  # the serializer's own words for the rows it refused (the same checks)
        refused = {int(index): dict(fields) for index, fields in member_errors.items()}
    cleaned, found = clean_member_rows(
        actor=actor, rows=values, confirm_unusual=_confirmed(serializer, data), check_ages=not refused
    )
    rows: dict[int, dict[str, list[Any]]] = {index: dict(fields) for index, fields in refused.items()}
    asked = False
    for index, fields in found.rows.items():
        for name, messages in fields.items():
            if index in refused and not _said_of_refused(name, refused[index], raw[index]):
                continue
            rows.setdefault(index, {}).setdefault(name, []).extend(messages)
            asked = asked or any(message in found.asked for message in messages)
    if rows:
        errors["members"] = {str(index): rows[index] for index in sorted(rows)}
    general = found.general if not refused else _head_errors(cleaned, refused)
    if general:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(general)
    if asked and CONFIRM_FIELD not in errors:
        errors[CONFIRM_FIELD] = [MSG_CONFIRM]
    return errors


def _read_rows(serializer: Any, raw: list[Any]) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    """Every row as the save would take it, and the member serializer's errors of those it refused, by their index
    in the request (their unknown fields named by their place, members[0].nmae). A refused row is taken with the
    values it gave that pass their own field's check."""
    child = serializer.fields["members"].child
    values: list[dict[str, Any]] = []
    refused: dict[int, dict[str, Any]] = {}
    for index, item in enumerate(raw):
        try:
            validated = child.run_validation(item)
        except exceptions.ValidationError as error:
            detail = (
                error.detail if isinstance(error.detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: error.detail}
            )
            refused[index] = dict(detail)
            validated = _passing_values(child, item)
        values.append(member_input(validated, MEMBER_INPUT_FIELDS))
    name_nested_places({"members": refused})
    return values, refused


def _passing_values(child: Any, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {}
    values = {}
    for name, field in child.fields.items():
        if field.read_only or name not in item:
            continue
        try:
            values[name] = field.run_validation(item[name])
        except exceptions.ValidationError:
            continue
    return values


def _said_of_refused(name: str, refused: dict[str, Any], item: Any) -> bool:
    """Whether the registry's message at `name` of a row the serializer refused is said: a check of ROW_OWN_CHECKS
    none of whose fields was refused, at a field the row gave (a row with a misspelt field is not told that the
    field it stood for is missing: the unknown one is named)."""
    reads = ROW_OWN_CHECKS.get(name)
    if reads is None or reads & set(refused):
        return False
    misspelt = any(
        getattr(message, "code", None) == UNKNOWN_FIELD_CODE for messages in refused.values() for message in messages
    )
    return not misspelt or (isinstance(item, dict) and name in item)


def _confirmed(serializer: Any, data: dict[str, Any]) -> bool:
    try:
        return bool(serializer.fields[CONFIRM_FIELD].run_validation(data.get(CONFIRM_FIELD, False)))
    except exceptions.ValidationError:
        return False


def _head_errors(cleaned: list[dict[str, Any]], refused: dict[int, dict[str, Any]]) -> list[str]:
    """One head, said when some rows were refused: two heads are two heads whatever the other rows say; "no head"
    only when no refused row may be the head (its relation was not given in the code list)."""
    heads = [index for index, row in enumerate(cleaned) if row.get("relation") == Relation.HEAD]
    unknown = any(cleaned[index].get("relation") not in Relation.values for index in refused)
    if len(heads) > 1:
        return [MSG_TWO_HEADS.format(rows="、".join(str(index + 1) for index in heads))]
    if not heads and not unknown:
        return [MSG_NO_HEAD]
    return []
