from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from config.errors import ApplicationError

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
    """Call a service for a valid form; its ValidationError or ApplicationError lands on the form.
    (Shared by page views; the lead and helpers both use this module: keep both functions.)"""
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error)
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
