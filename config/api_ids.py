"""Query parameters naming a record by its id (?household=, ?case=, ?campaign=…), checked against what the caller
may see: an id that does not exist, or names a record outside the caller's scope, is a 400 naming the parameter.

Both read the same, so the answer tells nothing of records the caller may not see. A filter that took any number
answered a mistyped id with an empty list, which a script took for "no visits", "no cases"; django-filter's own
ModelChoiceFilter (made by `filterset_fields` for a foreign key) read the whole table, so an id of another county
gave an empty list where an unknown one gave a 400, which told the two apart."""

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.drainage import set_override
from rest_framework import exceptions

MSG_NOT_A_NUMBER = "应为数字编号，不能是“{value}”。"
MSG_NO_SUCH_ID = "选择有效的选项：ID {value} 不存在或不在您的管辖范围内。"

Scope = Callable[[Any], QuerySet[Any]]


def id_error(value: str) -> str:
    """The message for a parameter's value: not a number, or no record the caller may see."""
    text = value.strip()[:20]
    if not text.isascii() or not text.isdigit():
        return MSG_NOT_A_NUMBER.format(value=text)
    return MSG_NO_SUCH_ID.format(value=text)


class ScopedIdField(forms.ModelChoiceField):
    """A record's id among `queryset` (the caller's): cleaned to the id itself (an int), which the filters and the
    selectors the lists share compare with a foreign key's column; one query, an EXISTS."""

    widget = forms.TextInput  # a <select> of every household in the browsable API's filter form would be huge

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or not self.queryset.filter(pk=int(text)).exists():
            # django-filter formats each message with its params (%): the caller's text goes in as a param.
            raise ValidationError("%(message)s", code="invalid_choice", params={"message": id_error(text)})
        return int(text)


class ScopedIdFilter(django_filters.ModelChoiceFilter):
    """A filter on a record's id, checked against `scope(user)`: the records of the model the caller may see."""

    field_class = ScopedIdField

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        model = scope(None).model

        def queryset(request: Any) -> QuerySet[Any]:
            # None while the schema is generated: no request, so no user, and nothing to look up.
            return model.objects.none() if request is None else scope(request.user)

        super().__init__(*args, queryset=queryset, **kwargs)
        # The schema's type (an integer, not the {} a "noop" method gives) with the filter's own description: an
        # override on the class would drop the description.
        help_text = kwargs.get("help_text")
        set_override(self, "field", {"type": "integer", **({"description": str(help_text)} if help_text else {})})

    @property
    def field(self) -> Any:
        # The field is made once and kept (django-filter's Filter.field), the first time perhaps with no request
        # (config.api.filter_params reads the class's filters): the queryset is the requesting user's every time.
        field = super().field
        field.queryset = self.get_queryset(self.get_request())
        return field


def visible(model: type[models.Model]) -> Scope:
    """The scope of a model with a scoped manager (accounts.scoping.ScopedQuerySet): its rows the user may see."""

    def scope(user: Any) -> QuerySet[Any]:
        return model.objects.none() if user is None else model.objects.visible_to(user)  # type: ignore[attr-defined]

    return scope


class ScopedIdFilterSet(django_filters.FilterSet):
    """A filter set whose filters generated for a foreign key (Meta.fields, or a view's `filterset_fields`) are
    ScopedIdFilters over the related model's rows the caller may see (its `visible_to`)."""

    @classmethod
    def filter_for_field(cls, field: Any, field_name: str, lookup_expr: str | None = None) -> Any:
        related = getattr(field, "related_model", None)
        if field.is_relation and (lookup_expr in (None, "exact")) and hasattr(related.objects, "visible_to"):
            help_text = f"{field.verbose_name}ID（须在本人管辖范围内，否则为400）"
            return ScopedIdFilter(field_name=field_name, scope=visible(related), help_text=help_text)
        return super().filter_for_field(field, field_name, lookup_expr)


def scoped_id_param(request: Any, name: str, queryset: QuerySet[Any]) -> int | None:
    """A query parameter read outside a filter set: None when absent, the id when `queryset` (the caller's) holds
    such a record, a 400 naming the parameter otherwise."""
    value = (request.query_params.get(name) or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not queryset.filter(pk=int(value)).exists():
        raise exceptions.ValidationError({name: [id_error(value)]})
    return int(value)
