"""POST /api/v1/households/: every error of the household and its members at once, in the API's one shape.

DRF stops at the serializer's own checks (a member without a name, a relation not in the code list), so the rules of
the registry (households.services.members: the ID number, one head, a number registered elsewhere) were said only
once those were fixed, and the ID number of a row the serializer passed was not said at all. Here the rows the
serializer passed are checked by the same service as the save, and both come back together:
{"village": [...], "members": {"0": {"id_number": [...]}, "1": {"name": [...]}}, "non_field_errors": [...]}.
The service's own errors, once the serializer passes, come back in that shape too (config.api.api_error_shape)."""

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from households.choices import Relation
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.members import MEMBER_INPUT_FIELDS, MSG_NO_HEAD, MSG_TWO_HEADS, clean_member_rows
from households.services.newborn import member_input


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
    """The serializer's errors, with those the registry finds in the member rows the serializer passed."""
    errors: dict[str, Any] = dict(serializer.errors)
    data = serializer.initial_data if isinstance(serializer.initial_data, dict) else {}
    raw = data.get("members")
    member_errors = errors.get("members", {})
    if not isinstance(raw, list) or not isinstance(member_errors, dict):
        return errors
    if api_settings.NON_FIELD_ERRORS_KEY in member_errors:  # not a list of rows at all (DRF's not_a_list)
        return errors
    failed = {int(index) for index in member_errors}
    passed = _passed_rows(serializer, raw, failed)
    cleaned, found = clean_member_rows(
        actor=actor, rows=list(passed.values()), confirm_unusual=_confirmed(serializer, data), check_ages=not failed
    )
    order = list(passed)
    rows: dict[str, dict[str, list[str]]] = {str(i): dict(fields) for i, fields in member_errors.items()}
    for position, fields in found.rows.items():
        row = rows.setdefault(str(order[position]), {})
        for name, messages in fields.items():
            row.setdefault(name, []).extend(messages)
    if rows:
        errors["members"] = dict(sorted(rows.items(), key=lambda item: int(item[0])))
    general = found.general if not failed else _head_errors(cleaned, order, raw, failed)
    if general:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(general)
    if found.asked and CONFIRM_FIELD not in errors:
        errors[CONFIRM_FIELD] = [MSG_CONFIRM]
    return errors


def _passed_rows(serializer: Any, raw: list[Any], failed: set[int]) -> dict[int, dict[str, Any]]:
    """The rows the member serializer passed, by their index in the request, as the save would take them."""
    child = serializer.fields["members"].child
    passed = {}
    for index, item in enumerate(raw):
        if index in failed:
            continue
        try:
            validated = child.run_validation(item)
        except exceptions.ValidationError:
            continue
        passed[index] = member_input(validated, MEMBER_INPUT_FIELDS)
    return passed


def _confirmed(serializer: Any, data: dict[str, Any]) -> bool:
    try:
        return bool(serializer.fields[CONFIRM_FIELD].run_validation(data.get(CONFIRM_FIELD, False)))
    except exceptions.ValidationError:
        return False


def _head_errors(cleaned: list[dict[str, Any]], order: list[int], raw: list[Any], failed: set[int]) -> list[str]:
    """One head, said when some rows failed the serializer: two heads are two heads whatever the other rows say;
    "no head" only when no failed row may be the head (its relation was not given in the code list)."""
    heads = [order[position] for position, row in enumerate(cleaned) if row.get("relation") == Relation.HEAD]
    relations = {index: raw[index].get("relation") if isinstance(raw[index], dict) else None for index in failed}
    heads = sorted([*heads, *(index for index, relation in relations.items() if relation == Relation.HEAD)])
    unknown = any(relation not in Relation.values for relation in relations.values())
    if len(heads) > 1:
        return [MSG_TWO_HEADS.format(rows="、".join(str(index + 1) for index in heads))]
    if not heads and not unknown:
        return [MSG_NO_HEAD]
    return []
