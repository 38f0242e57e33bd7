import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from config.errors import ApplicationError
from config.stale import StaleEdit

T = TypeVar("T")


def valid_filters(form: forms.Form) -> dict[str, Any]:
    """A filter form's valid values: an invalid filter (shown with its error) is left out, not the others with it
    (an unbound form filters nothing)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call a service for a valid form; its ValidationError or ApplicationError (a StaleEdit too) lands on the form.
    (Shared by page views; the lead and helpers both use this module: keep both functions.)"""
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error)
    except StaleEdit as error:
        if hasattr(form, "refuse_stale"):
            form.refuse_stale(error)  # config.stale.StaleFormMixin: the current values shown, the input kept
        else:
            form.add_error(None, error.message)
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None


class ServiceModelForm(forms.ModelForm):
    """A ModelForm (for the admin) whose write is one service call (STYLE.md §7).

    The service validates the model and saves it, audited, in one transaction; its ValidationErrors appear at
    the fields like the form's own. It runs at the end of validation, where ModelForm would otherwise copy the
    data onto the instance and validate it, because that is the last point at which the admin can still show
    errors. The admin runs a POST in one transaction (ModelAdmin.changeform_view), so the service's write and
    the admin's own history entry commit together. Not for forms with inlines: an invalid inline would be
    reported after the write.
    """

    # Who acts: bound per request by accounts.admin_site.ConfigModelAdmin.get_form.
    actor: Any = None

    def call_service(self) -> models.Model:
        raise NotImplementedError

    def _post_clean(self) -> None:
        if self._errors:
            return
        try:
            self.instance = self.call_service()
        except ValidationError as error:
            apply_errors(self, error)

    def save(self, commit: bool = True) -> models.Model:
        return self.instance

    def save_m2m(self) -> None:
        """Nothing to do: the service saved everything."""


EMPTY_CHOICE = "请选择"
_DJANGO_EMPTY_LABEL = "---------"
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def _required_message(field: forms.Field) -> str:
    label = _TRAILING_NOTE.sub("", str(field.label or "")).strip()
    if isinstance(field, forms.BooleanField):
        return f"请勾选{label}。"
    if isinstance(field, forms.FileField):
        return f"请上传{label}。"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"请选择{label}。"
    return f"请填写{label}。"


class NamedFieldMessagesMixin:
    """Messages that name the field ("请选择户类型。", "请填写责任人。") instead of Django's "该字段是必填项。", and
    selects that open with "请选择" instead of "---------", for every field the form itself does not word (a
    field's own required message or empty label is kept). On a long phone form the error must say what to fix.
    Put it before the form class: class HouseholdForm(NamedFieldMessagesMixin, forms.ModelForm)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        default = str(forms.Field.default_error_messages["required"])
        for field in self.fields.values():
            if field.required and str(field.error_messages.get("required", "")) == default:
                field.error_messages["required"] = _required_message(field)
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == _DJANGO_EMPTY_LABEL:
                    field.empty_label = EMPTY_CHOICE
            elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
                choices = list(field.choices)
                if choices and choices[0] == ("", _DJANGO_EMPTY_LABEL):
                    field.choices = [("", EMPTY_CHOICE), *choices[1:]]
