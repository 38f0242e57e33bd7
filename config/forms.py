from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from config.errors import ApplicationError

T = TypeVar("T")


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
    """Call a service for a valid form; its ValidationError or ApplicationError lands on the form."""
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error)
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None
