"""Every list the schema publishes answers as the schema says (tests/config/schema_check.py): the demo county seeded
as `make run` seeds it, each demo login reads every GET it may read (a list, and the sub-lists of the first record
of that list), and the real answer is validated against the schema. GET /api/v1/data-checks/{code}/findings/ was
declared as an array while it answered a page {count, next, previous, results}, so a script built from the schema
failed on it."""

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGINS = ("cadre", "county", "clerk", "sysadmin", "secadmin")
# Lists that need a parameter to answer at all (a 400 naming it without one).
PARAMS = {"/api/v1/assistance/employment/": {"quarter": "2026Q1"}}
SUB_LIST = re.compile(r"^(?P<parent>/api/v1/.+/)\{(?P<key>\w+)\}/(?P<rest>[a-z_-]+/)$")


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for command, options in (("seed_demo", {"households": 40, "seed": 7}), ("seed_assistance_demo", {})):
        call_command(command, stdout=io.StringIO(), **options)
    call_command("seed_workflow_demo", stdout=io.StringIO())
    call_command("seed_campaign_demo", stdout=io.StringIO())
    for user in User.objects.filter(username__in=LOGINS):
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])


def _client(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, (username, response.content.decode()[:300])
    return client


def _rows(data: Any) -> list[Any]:
    rows = data.get("results") if isinstance(data, dict) else data
    return rows if isinstance(rows, list) else []


def _list_paths(schema: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(path as the schema writes it, the parent list whose first row fills its one parameter, or None)."""
    paths = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or not path.endswith("/"):
            continue
        if "{" not in path:
            paths.append((path, None))
        elif (match := SUB_LIST.match(path)) and "{" not in match["parent"] and match["parent"] in schema["paths"]:
            paths.append((path, match["parent"]))
    return paths


def test_every_list_a_demo_user_reads_matches_the_schema(demo):
    schema = openapi(_client("county"))
    checked, mismatched = set(), []
    for username in LOGINS:
        client = _client(username)
        for path, parent in _list_paths(schema):
            url = path
            if parent is not None:
                response = client.get(parent, PARAMS.get(parent, {}))
                rows = _rows(response.json()) if response.status_code == 200 else []
                key = SUB_LIST.match(path)["key"]
                if not rows or not isinstance(rows[0], dict) or rows[0].get(key, rows[0].get("id")) is None:
                    continue
                url = path.replace("{" + key + "}", str(rows[0].get(key, rows[0].get("id"))))
            response = client.get(url, PARAMS.get(path, {}))
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                continue  # not this role's (403/404), or a file
            try:
                assert_matches_schema(schema, path, "get", response)
            except Exception as error:  # every list checked, all mismatches reported
                mismatched.append(f"{username} GET {url}: {str(error)[:200]}")
            checked.add(path)

    assert not mismatched, "\n".join(mismatched)
    # The walk reached the lists it is meant for (a walk that reads nothing would pass).
    for path in ("/api/v1/households/", "/api/v1/cases/", "/api/v1/data-checks/{code}/findings/"):
        assert path in checked, sorted(checked)
    assert len(checked) > 40, sorted(checked)
