"""One record per page submission: a double tap, or a phone resending a post it got no answer to, saves once.

1. The form page carries a token made when it is rendered: ``OnceFormMixin`` adds the hidden field ``ONCE_FIELD``
   (a uuid4; a bound form re-rendered after an error keeps the posted one: it is still the same page). The
   template renders it with the form's hidden fields (``{{ form.once }}``).
2. The record the form creates stores it: ``once = once_field()`` on the model (unique; empty for records made
   elsewhere: an import, the API, a task).
3. The service, after taking the lock it takes anyway (e.g. the household row, so two posts of the same token
   queue there), calls ``once_create(Model, token, make, scope={"household": household})``: the record already
   made with this token under that parent, or ``make(once)``'s new one. ``once`` is None for a token that another
   parent's record holds (a page's field copied into another household's page): that post is saved, unguarded,
   never answered with the other household's record. The unique constraint is the safety net: a concurrent insert
   of the same token that got past the lock is an IntegrityError, rolled back to a savepoint, and the record the
   other post made is returned.
4. The view says ``MSG_REPEATED`` and redirects to where the first submission went.

The browser side is static/js/submit_once.js: a form with ``data-submit-once`` disables its submit buttons once
submitted (base.html includes it on every page).

Usage::

    class VisitForm(OnceFormMixin, forms.Form): ...

    # view: visit_record(..., once=form.once_token)
    # service, after select_for_update()
    done = once_create(Visit, once, lambda once: _visit_create(..., once=once), scope={"household": household})
    if done.repeated:
        return done.record

    # view
    if done.repeated:
        messages.info(request, MSG_REPEATED.format(noun="走访记录"))
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

ONCE_FIELD = "once"
MSG_REPEATED = "该{noun}已保存（重复提交未再次保存）。"

M = TypeVar("M", bound=models.Model)


def once_field() -> models.UUIDField:
    """The model column: the token of the page submission that created the row."""
    return models.UUIDField("提交令牌", null=True, blank=True, unique=True, editable=False)


class _OnceField(forms.UUIDField):
    def has_changed(self, initial: Any, data: Any) -> bool:
        return False  # the page's own bookkeeping: not a change (form.has_changed(), a formset's empty form)


def once_form_field() -> forms.UUIDField:
    """The form's hidden token, new for each rendered page."""
    return _OnceField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


class OnceFormMixin:
    """Adds the hidden ``once`` token to a form (put it first in the form's bases)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields[ONCE_FIELD] = once_form_field()

    def clean(self) -> dict[str, Any]:
        # Out of cleaned_data, which views pass to a service whole (consent_record(**form.cleaned_data)).
        cleaned = super().clean()  # type: ignore[misc]
        self._once_token = (cleaned if cleaned is not None else self.cleaned_data).pop(ONCE_FIELD, None)
        return cleaned  # type: ignore[no-any-return]

    @property
    def once_token(self) -> uuid.UUID | None:
        """The posted token (None from a page without one: such a post is saved as before, unguarded)."""
        return getattr(self, "_once_token", None) or self.cleaned_data.get(ONCE_FIELD)


@dataclass(frozen=True)
class Once(Generic[M]):
    record: M
    repeated: bool  # True: made by an earlier post of the same page, nothing was saved now


def once_create(
    model: type[M], token: uuid.UUID | None, make: Callable[[uuid.UUID | None], M], *, scope: dict[str, Any]
) -> Once[M]:
    """The record made with ``token`` under the same parent (``scope``, e.g. ``{"household": household}``) already,
    or the one ``make(once)`` creates (it must store ``once`` in the record's ``once``). Call inside the service's
    transaction, after its lock (the parent's).

    A token already used under another parent is not a repeat: a page's hidden field copied into another household's
    page (or a page re-used after its form was pointed elsewhere) must not make that household's post answer with
    the first household's record. The new record is saved without a token (``make(None)``): the user's input is
    never lost; only the double-post guard is off for that one submission."""
    if token is None:
        return Once(make(None), repeated=False)
    if (found := model._default_manager.filter(once=token, **scope).first()) is not None:
        return Once(found, repeated=True)
    store: uuid.UUID | None = None if model._default_manager.filter(once=token).exists() else token
    try:
        with transaction.atomic():
            return Once(make(store), repeated=False)
    except IntegrityError:
        # A concurrent insert of the same token got past the lock (another parent's lock, or none taken).
        if store is None or not model._default_manager.filter(once=token).exists():
            raise
    if (found := model._default_manager.filter(once=token, **scope).first()) is not None:
        return Once(found, repeated=True)
    return Once(make(None), repeated=False)
