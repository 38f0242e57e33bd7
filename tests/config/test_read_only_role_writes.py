"""Review finding (official 1): the official (领导只读) who sent an empty POST to measures, plans, cases or monitoring
lines was told the body's field errors (400), as if fixing them would let them write; the permission was checked only
after the body. Every write of the API now refuses a role that only reads before the body is read or the record
looked up, as /api/v1/households/ does: this walks the whole URL conf so a new endpoint cannot slip through."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import LoginSession
from accounts.permissions import MSG_VIEW_ONLY
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
NO_SUCH_ID = "999999"

# What the official may legitimately send: each is about their own session or reading, not the registry's data.
OFFICIALS_OWN = {
    ("post", "/api/v1/auth/token/"): "their own API token (login)",
    ("delete", "/api/v1/auth/token/"): "revoking their own API token (logout)",
    ("post", "/api/v1/me/sessions/end-others/"): "ending all their own other sessions",
    ("post", "/api/v1/reports/exports/"): "a ledger export job: reading the ledgers they may download",
}

# Their own records, looked up among their own only: an id none of theirs has is a 404 (no body to reach). That they
# may act on one of their own is tested with a real record below.
OFFICIALS_OWN_RECORDS = {
    ("post", f"/api/v1/me/sessions/{NO_SUCH_ID}/end/"): "ending one of their own other sessions (a lost phone)",
}


def _walk(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def api_urls() -> list[str]:
    """Every /api/v1/ route of the URL conf, its parameters filled with an id or code no record has (the
    router's format-suffix twins left out: the same views)."""
    urls = set()
    for route in _walk(get_resolver().url_patterns):
        route = re.sub(r"(?<!\[)\^|\$", "", route)  # the router's anchors, not a character class's negation
        if not route.startswith("api/v1/") or "format" in route:
            continue
        urls.add("/" + re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>([^)]*)\)", _no_such, route))
    return sorted(urls)


def _no_such(parameter: re.Match) -> str:
    """An id no record has, or a code none has where the route takes codes (data-checks/<code>/)."""
    regex = parameter.group(1)
    return NO_SUCH_ID if regex is None or re.fullmatch(regex, NO_SUCH_ID) else "no_such_code"


def test_the_walk_finds_the_endpoints_named_in_the_finding():
    urls = api_urls()

    assert len(urls) > 100
    for url in ("/api/v1/assistance/measures/", "/api/v1/assistance/plans/", "/api/v1/cases/"):
        assert url in urls
    assert "/api/v1/monitoring-lines/" in urls and f"/api/v1/cases/{NO_SUCH_ID}/act/" in urls
    assert "/api/v1/data-checks/no_such_code/findings/" in urls


def test_every_write_of_the_api_refuses_the_official_before_reading_the_body(personas, login):
    client = login(personas.official)

    answered = {}
    for url in api_urls():
        for method in WRITE_METHODS:
            if (method, url) in OFFICIALS_OWN or (method, url) in OFFICIALS_OWN_RECORDS:
                continue
            response = getattr(client, method)(url, {}, content_type="application/json")
            answered[f"{method.upper()} {url}"] = response.status_code

    # 403, or 405 where the endpoint takes no such method; never a 400 (the body read), 404 (the record looked up)
    # or 415 (the body's type checked) before the role.
    wrong = {request: code for request, code in answered.items() if code not in (403, 405)}
    assert wrong == {}


@pytest.mark.parametrize(
    "url, what",
    [
        ("/api/v1/assistance/measures/", "帮扶信息"),
        ("/api/v1/assistance/plans/", "帮扶信息"),
        ("/api/v1/assistance/claims/", "帮扶信息"),
        ("/api/v1/cases/", "识别退出事项"),
        (f"/api/v1/cases/{NO_SUCH_ID}/act/", "识别退出事项"),
        ("/api/v1/batches/", "识别退出事项"),
        ("/api/v1/monitoring-lines/", "监测标准和筛查规则"),
    ],
)
def test_the_official_is_told_their_role_only_reads(personas, login, url, what):
    response = login(personas.official).post(url, {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": MSG_VIEW_ONLY.format(what=what)}
    assert response.json()["detail"].startswith("您的角色只能查看")


@pytest.mark.parametrize("method, url", sorted(OFFICIALS_OWN))
def test_what_the_official_may_send_still_reaches_the_body(personas, login, method, url):
    response = getattr(login(personas.official), method)(url, {}, content_type="application/json")

    assert response.status_code not in (403, 404, 405)


def test_the_official_ends_one_of_their_own_other_sessions(personas):
    phone, desk = Client(REMOTE_ADDR="10.2.3.4"), Client(REMOTE_ADDR="10.5.5.5")
    for client in (phone, desk):
        form = {"username": personas.official.username, "password": TEST_PASSWORD}
        assert client.post("/accounts/login/", form).status_code == 302
    other = LoginSession.objects.get(session_key=phone.session.session_key)

    response = desk.post(f"/api/v1/me/sessions/{other.pk}/end/")

    assert response.status_code == 200
    assert phone.get("/").status_code == 302 and desk.get("/").status_code == 200  # the phone is signed out


@pytest.mark.parametrize(
    "persona, url",
    [
        ("cadre_a", "/api/v1/cases/"),
        ("approver", "/api/v1/batches/"),
        ("township", "/api/v1/assistance/plans/"),
        ("county_officer", "/api/v1/assistance/measures/"),
        ("county_officer", "/api/v1/monitoring-lines/"),
    ],
)
def test_roles_that_act_are_still_told_what_their_post_lacks(personas, login, persona, url):
    response = login(getattr(personas, persona)).post(url, {}, content_type="application/json")

    assert response.status_code == 400
