"""Settings come from the environment (config/env.py), and production refuses to start on unsafe defaults."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ImproperlyConfiguredError, celery_broker_from_redis_url, database_from_url

BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_database_url_with_host_port_and_name():
    db = database_from_url("postgres://shouwang:s%40cret@db.example.gov.cn:6432/county")

    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.example.gov.cn", "6432", "county")
    assert (db["USER"], db["PASSWORD"]) == ("shouwang", "s@cret")


def test_a_database_url_with_a_unix_socket_directory():
    db = database_from_url("postgres://postgres@/shouwang?host=/work/main/var/pg/run")

    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("/work/main/var/pg/run", "", "shouwang", "postgres")


def test_a_database_url_without_a_name_defaults_to_shouwang():
    assert database_from_url("postgresql://postgres@127.0.0.1")["NAME"] == "shouwang"


def test_connections_persist_a_minute_unless_the_server_answers_each_request_in_a_new_thread(monkeypatch):
    """`make run`'s runserver answered each request in a new thread, each left its connection open for a minute,
    and a busy demo ran PostgreSQL out of connections ("too many clients"): config.stack gives it 0."""
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    assert database_from_url("postgres://postgres@127.0.0.1:5432/x")["CONN_MAX_AGE"] == 60
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database_from_url("postgres://postgres@127.0.0.1:5432/x")["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://root@127.0.0.1/shouwang"])
def test_a_database_other_than_postgresql_is_refused(url):
    with pytest.raises(ImproperlyConfiguredError, match="PostgreSQL only"):
        database_from_url(url)


def test_a_unix_socket_redis_url_becomes_kombus_socket_broker_url():
    assert celery_broker_from_redis_url("unix:///work/main/var/redis.sock?db=0") == (
        "redis+socket:///work/main/var/redis.sock?db=0"
    )
    assert celery_broker_from_redis_url("redis://127.0.0.1:6379/5") == "redis://127.0.0.1:6379/5"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # Only what the process needs, so nothing from the test run (e.g. a developer's secret key) leaks in.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "DATABASE_URL", "REDIS_URL") if key in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=base | env, capture_output=True, text=True, timeout=120
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = _run(["-c", "import config.settings"], SHOUWANG_ENV="production", DJANGO_ALLOWED_HOSTS="example.gov.cn")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_the_deployment_checklist_passes_with_production_variables():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SHOUWANG_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(45)[:60],
        DJANGO_ALLOWED_HOSTS="example.gov.cn",
    )

    assert result.returncode == 0, result.stdout + result.stderr
