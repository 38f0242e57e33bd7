"""The schema declares every query parameter a list accepts (review api, finding 3): audit-events accepted q, actor,
action, category, date_from and date_to, unregistered-persons status, feed_type and q, and the schema listed only
page and page_size, so a client built from it could not filter."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def _lists() -> list[tuple[str, tuple[str, ...], dict]]:
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    found = []
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        known = getattr(view, "query_params_known", ())
        if method == "GET" and known and "{" not in path:
            found.append((path, tuple(known), schema["paths"][path]["get"]))
    return found


def _query_params(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}


def test_every_filter_a_list_accepts_is_in_the_schema_with_chinese_words():
    lists = _lists()
    paths = {path for path, _, _ in lists}
    assert {"/api/v1/audit-events/", "/api/v1/unregistered-persons/"} <= paths
    for path, known, operation in lists:
        declared = _query_params(operation)
        assert set(known) <= set(declared), (path, set(known) - set(declared))
        if path in ("/api/v1/audit-events/", "/api/v1/unregistered-persons/"):
            for name in known:
                assert not declared[name].get("description", "").isascii(), (path, name)


def test_the_audit_categories_and_person_statuses_are_listed_as_codes():
    operations = {path: operation for path, _, operation in _lists()}
    category = _query_params(operations["/api/v1/audit-events/"])["category"]
    assert "reveal" in category["schema"]["enum"]
    status = _query_params(operations["/api/v1/unregistered-persons/"])["status"]
    assert {"pending", "to_register", "all"} <= set(status["schema"]["enum"])
