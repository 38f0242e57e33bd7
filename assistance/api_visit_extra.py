"""“同时作为帮扶回访” on the visit API (POST /api/v1/visits/, households.visit_extras.ApiExtra).

A mobile app records the work team's monthly 走访 and could not count it as the plan's return visit, so the plan
stayed 回访逾期 (assistance.visit_extra says why the page offers it). The API's fields are given to the page's own
form (ReturnVisitExtraForm): the same checks, the same Chinese messages, and the same service records the visit and
the return visit in one transaction. Unlike the page, nothing is ticked by default: a client asks for it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from rest_framework import serializers

from assistance.choices import Effect
from assistance.visit_extra import ReturnVisitExtraForm, followed_plan
from households.models import Household

# The API's names of the form's fields whose errors it reports (as_return_visit is named alike).
API_NAMES = {"effect": "return_effect", "note": "return_note"}


def fields() -> dict[str, serializers.Field]:
    return {
        "as_return_visit": serializers.BooleanField(
            write_only=True, required=False, default=False, help_text="同时作为帮扶回访（该户有帮扶计划时）"
        ),
        "return_effect": serializers.ChoiceField(
            choices=Effect.choices,
            write_only=True,
            required=False,
            allow_blank=True,
            allow_null=True,
            help_text="帮扶成效（同时作为帮扶回访时必填）",
        ),
        "return_note": serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=1000,
            help_text="回访情况（帮扶措施落实和成效），同时作为帮扶回访时填写",
        ),
        "next_return_due": serializers.DateField(
            read_only=True,
            allow_null=True,
            help_text="本次走访同时作为帮扶回访时，帮扶方案的下次回访日期（按回访周期顺延）；其他情况为空",
        ),
    }


def offer(actor: Any, household: Household, data: dict[str, Any]) -> ReturnVisitExtraForm | None:
    """The page's form, bound to the API's inputs and valid; None for a plain visit. As on the page, an effect or a
    note without as_return_visit is a plain visit; asked for with no plan to follow or by a user who may not record
    return visits, it is refused (assistance.visit_extra.followed_plan), so that no visit is recorded without it."""
    if not data.get("as_return_visit"):
        return None
    plan = followed_plan(actor, household)
    form_data = QueryDict(mutable=True)
    form_data.update(
        {
            "return-as_return_visit": "on",
            "return-effect": data.get("return_effect") or "",
            "return-note": data.get("return_note") or "",
        }
    )
    form = ReturnVisitExtraForm(form_data, plan=plan, is_contact=household.help_contact_id == actor.pk)
    if not form.is_valid():
        raise ValidationError({API_NAMES.get(name, name): list(errors) for name, errors in form.errors.items()})
    return form
