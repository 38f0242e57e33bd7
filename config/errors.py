"""The one domain error: a broken business rule (bad input is Django's ValidationError); and a 404 that says why."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404


class ApplicationError(Exception):
    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class Conflict(ApplicationError):
    """The record moved on since the caller read it (a status the page or the API client saw, now another): nothing
    was written. A page shows it as any refusal; the API answers 409 (config.api.exception_handler)."""


class AlreadyRecorded(ValidationError):
    """Input refused because what it would record is on file already (the same file uploaded before, an active
    flag or exclusion the same as the one asked for): a page shows the message at `field` like any refusal; the
    API answers 409 naming the record (config.api.exception_handler: ``extra.id``, and ``extra.url`` where the
    endpoint reads single records), so a client retrying a request it got no answer to can carry on with it."""

    def __init__(self, field: str, message: str, record: models.Model) -> None:
        super().__init__({field: message})
        self.text = message
        self.record = record


class NotFound(Http404):
    """A 404 whose message (Chinese) the page may show: the 404 page shows only these, never Django's own English
    "No … matches the given query."."""


class Busy(ApplicationError):
    """The caller already has as much background work under way as one account may (ledger exports queued or
    running): nothing was recorded, and the same request succeeds once some of it is done. A page shows it as any
    refusal; the API answers 429 with Retry-After: `retry_after` seconds (config.api.exception_handler)."""

    def __init__(self, message: str, retry_after: int, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, extra)
        self.retry_after = retry_after


class Gone(ApplicationError):
    """What was asked for existed and is no more (a generated file deleted at its expiry): the API answers 410."""
