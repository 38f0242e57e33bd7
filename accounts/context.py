"""The current request's client address, so services can audit it without taking a request argument."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
