"""Typed reading of the process environment: the one place settings come from."""

import os
from urllib.parse import parse_qs, unquote, urlparse


class ImproperlyConfiguredError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfiguredError(f"environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value == "" else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_base_url(name: str) -> str:
    """An address people outside reach the site by: "" when unset, else scheme://host[:port] without a trailing
    slash. A path is refused: the pages' own paths (reverse()) are appended to it as they are."""
    value = os.environ.get(name, "").strip().rstrip("/")
    if not value:
        return ""
    parsed = urlparse(value)
    try:
        parsed.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        parsed = parsed._replace(scheme="")
    if parsed.scheme not in {"http", "https"} or not parsed.hostname or parsed.path or parsed.query or parsed.fragment:
        raise ImproperlyConfiguredError(f"{name} must be http(s)://host[:port], e.g. https://shouwang.example.gov.cn")
    return value


def database_from_url(url: str) -> dict[str, object]:
    """Parse postgres://user:pass@host:port/name[?host=/socket/dir] into Django's DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfiguredError("DATABASE_URL must be a postgres:// URL: Shouwang runs on PostgreSQL only")
    query = parse_qs(parsed.query)
    host = query.get("host", [parsed.hostname or ""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "shouwang",
        "USER": unquote(parsed.username or "postgres"),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        # DATABASE_CONN_MAX_AGE=0 for a thread-per-request server (config.stack's runserver): each request's
        # thread would otherwise leave its connection open, and a busy demo ran the server out of connections.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        # No JIT on our connections: the registry's counts with per-household subqueries look dear to the planner,
        # which then spends more compiling them than running them (a county of 150,000 households: the dashboard
        # 1.2 s → 0.7 s, the assistance list 0.55 s → 0.2 s). Several statements turned it off one by one
        # (reports.selectors.performance, screening.services.runs, alerts.ingest); this covers every page.
        "OPTIONS": {"options": "-c jit=off"},
    }


def celery_broker_from_redis_url(url: str) -> str:
    """redis-py understands unix://path; kombu calls the same thing redis+socket://path."""
    if url.startswith("unix://"):
        return "redis+socket://" + url[len("unix://") :]
    return url
