"""Edits from a stale page: write only what this user changed, refuse what someone else changed meanwhile.

A cadre's phone form may stay open for an hour while a township clerk saves the same record. Comparing the post
with the record as it is *now* (Django's ``form.changed_data`` on an instance form) would write back every value
the clerk changed, as if the cadre had changed them. So an edit form posts the values it showed:

1. ``StaleFormMixin`` (put it first in the form's bases) adds one hidden field, ``SEEN_FIELD``: a signed JSON copy
   of the initial values, made when the page is rendered. A bound form re-rendered after an error renders the
   posted copy, so the values the user originally saw survive any number of error rounds (unlike a per-field
   ``show_hidden_initial``, which Django re-renders from the bound data). A post without it (a page from before)
   falls back to the form's initial values, i.e. the record as it is now.
2. ``form.edited()`` is what this user changed against what they saw; the view passes only that to the service,
   with ``form.expected()``, the seen values of those same fields.
3. The service, under the row lock it takes anyway, calls ``stale_check(current=…, expected=…)``: if a field this
   user changed was changed by someone else since (current value ≠ seen value) the whole save is refused with
   ``StaleEdit``. Fields changed by others but not by this user are not written: they stay as they are now.
4. The view catches ``StaleEdit`` (an ``ApplicationError``) and calls ``form.refuse_stale(error)``: the form gets a
   message naming the fields and their current values (``MSG_STALE``); the user's input is kept on the
   conflicting fields, the other fields show the current values, and the seen values become the current ones, so
   a second submit (after checking) goes through.

Usage::

    class ThingForm(StaleFormMixin, forms.ModelForm): ...

    # view
    try:
        thing_update(actor=user, thing=thing, changes=form.edited(), expected=form.expected())
    except StaleEdit as error:
        form.refuse_stale(error)

    # service, after select_for_update()
    stale_check(current={name: getattr(thing, name) for name in FIELDS}, expected=expected)
"""

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from config.errors import ApplicationError

SEEN_FIELD = "seen_values"
MSG_STALE = "您打开页面后，他人已修改了：{fields}。请核对后再提交。"
MSG_STALE_ITEM = "{label}（现为 {value}）"
EMPTY = "空"
_SALT = "config.stale.seen"
_SHOWN_MAX = 30  # a long text (走访情况, an address) is named by its beginning


class StaleEdit(ApplicationError):
    """A save refused because a field this user changed was changed by someone else since the page was shown.
    ``conflicts``: those fields' current values; ``current``: every current value the service compared from."""

    def __init__(self, conflicts: Mapping[str, Any], current: Mapping[str, Any]) -> None:
        self.conflicts = dict(conflicts)
        self.current = dict(current)
        shown = "、".join(MSG_STALE_ITEM.format(label=name, value=_shown(v)) for name, v in self.conflicts.items())
        super().__init__(MSG_STALE.format(fields=shown), {"conflicts": list(self.conflicts)})


def same(a: Any, b: Any) -> bool:
    """Whether two values of a field are the same, across the forms a form and a model give them: an instance and
    its pk, None and "", a list in any order, "3" and 3."""
    return _norm(a) == _norm(b)


def _norm(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None:
        return ""
    if isinstance(value, bool | Decimal | dt.date):
        return value
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted(str(_norm(item)) for item in value)
    if isinstance(value, int | float):
        return str(value)
    return value


def stale_check(*, current: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
    """Raise StaleEdit if a field in ``expected`` (what the user saw, for the fields they changed) is not as
    ``current`` now says. Call it under the lock of the row the values come from."""
    conflicts = {name: current[name] for name, seen in expected.items() if not same(current[name], seen)}
    if conflicts:
        raise StaleEdit(conflicts, current)


def _shown(value: Any, field: forms.Field | None = None) -> str:
    """A value as the message says it: a choice's label, 是/否, a list joined, a long text cut."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    labels: dict[str, str] = {}
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(k): str(v) for k, v in field.choices}
    if isinstance(value, list | tuple | set):
        return "、".join(labels.get(str(item), str(item)) for item in value) or EMPTY
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, models.Model):
        value = field.queryset.filter(pk=value).first() or value
    text = labels.get(str(value), str(value))
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "…"


def _dump(values: Mapping[str, Any]) -> str:
    plain = json.loads(json.dumps(dict(values), cls=DjangoJSONEncoder))
    return signing.dumps(plain, salt=_SALT, compress=True)


def _load(token: Any) -> dict[str, Any]:
    if not token:
        return {}
    try:
        loaded = signing.loads(str(token), salt=_SALT)
    except signing.BadSignature:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class _SeenField(forms.CharField):
    def has_changed(self, initial: Any, data: Any) -> bool:
        return False  # the page's own bookkeeping: not a change (form.has_changed(), a formset's empty form)


class StaleFormMixin:
    """A form that posts the values it showed (see the module's docstring). ``stale_fields``: the fields compared;
    None for every field but file uploads."""

    stale_fields: Iterable[str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        # A callable initial is evaluated when the page is rendered: after a subclass's __init__ has set its fields'
        # initial values, which are what the page shows.
        self.fields[SEEN_FIELD] = _SeenField(required=False, widget=forms.HiddenInput, initial=self._seen_token)

    def clean(self) -> dict[str, Any]:
        # Out of cleaned_data, which views pass to a service whole (household_create(**form.cleaned_data)).
        cleaned = super().clean()  # type: ignore[misc]
        (cleaned if cleaned is not None else self.cleaned_data).pop(SEEN_FIELD, None)
        return cleaned  # type: ignore[no-any-return]

    def tracked(self) -> list[str]:
        names = self.stale_fields if self.stale_fields is not None else self.fields
        return [
            name
            for name in names
            if name != SEEN_FIELD and name in self.fields and not isinstance(self.fields[name], forms.FileField)
        ]

    def _shown_now(self) -> dict[str, Any]:
        """The initial values as the page shows them (a pk for an instance, a date as YYYY-MM-DD)."""
        return {name: self.fields[name].prepare_value(self[name].initial) for name in self.tracked()}

    def _seen_token(self) -> str:
        return _dump(self._shown_now())

    @cached_property
    def seen(self) -> dict[str, Any]:
        """What the page showed, field by field, as initial values (the posted copy, else the initial now)."""
        posted = _load(self.data.get(self.add_prefix(SEEN_FIELD))) if self.is_bound else {}
        values = {}
        for name in self.tracked():
            field = self.fields[name]
            if name not in posted:
                values[name] = self[name].initial
                continue
            try:
                value = field.to_python(posted[name])
                values[name] = field._coerce(value) if hasattr(field, "_coerce") else value  # TypedChoiceField
            except ValidationError:
                values[name] = self[name].initial
        return values

    def edited_fields(self) -> list[str]:
        """The fields this user changed, against what the page showed them (not against the record now)."""
        return [
            name
            for name in self.tracked()
            if not self.fields[name].disabled and self.fields[name].has_changed(self.seen[name], self[name].data)
        ]

    def edited(self) -> dict[str, Any]:
        """The valid values of the fields this user changed: what the service is to write."""
        return {name: self.cleaned_data[name] for name in self.edited_fields() if name in self.cleaned_data}

    def expected(self) -> dict[str, Any]:
        """The seen values of the fields this user changed: what stale_check compares the record with."""
        return {name: self.seen[name] for name in self.edited()}

    def refuse_stale(self, error: StaleEdit) -> None:
        """Show the refusal; the seen values become the current ones; the fields this user did not change show
        their current values, the ones they changed keep their input (so a second submit writes it)."""
        edited = set(self.edited_fields())
        data = self.data.copy()
        seen = self._shown_now() | _load(data.get(self.add_prefix(SEEN_FIELD)))
        for name in self.tracked():
            if name not in error.current:
                continue
            field, value = self.fields[name], error.current[name]
            seen[name] = field.prepare_value(value)
            if name not in edited:
                _put(data, self.add_prefix(name), field, value)
        data[self.add_prefix(SEEN_FIELD)] = _dump(seen)
        self.data = data
        self.__dict__.pop("seen", None)
        items = [
            MSG_STALE_ITEM.format(label=self.fields[name].label or name, value=_shown(value, self.fields.get(name)))
            for name, value in error.conflicts.items()
        ]
        self.add_error(None, MSG_STALE.format(fields="、".join(items)))


def _put(data: Any, key: str, field: forms.Field, value: Any) -> None:
    """Set a field's posted value (a QueryDict) to a value as the widget would post it."""
    prepared = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        if prepared:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(prepared, list | tuple | set):
        items = [str(item) for item in prepared]
        if hasattr(data, "setlist"):
            data.setlist(key, items)
        else:
            data[key] = items
    else:
        data[key] = "" if prepared is None else str(prepared)
