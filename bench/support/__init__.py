"""What every benchmark needs around its measurement: a throwaway database on the server named by DATABASE_URL.

Benchmarks run as scripts (`python bench/<name>.py`), so this folder is on their import path as `support`; it
is a package, not a bench/*.py file, so `make bench` does not run it."""

from typing import Any
from urllib.parse import urlparse, urlunparse


def url_for_database(server_url: str, name: str) -> str:
    """The server's URL pointing at the throwaway database `name`."""
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}"))


def _admin_connection(url: str) -> Any:
    """An autocommit connection to the server's `postgres` database, for CREATE/DROP DATABASE."""
    import psycopg2

    from config.env import database_from_url

    db = database_from_url(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def recreate_database(
    server_url: str, name: str, *, drop_only: bool = False, statement_timeout: str | None = None
) -> None:
    """Drop the throwaway database (forcing its connections closed) and, unless drop_only, create it afresh."""
    connection = _admin_connection(server_url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
            if statement_timeout:
                cursor.execute(f"ALTER DATABASE \"{name}\" SET statement_timeout = '{statement_timeout}'")
    connection.close()
