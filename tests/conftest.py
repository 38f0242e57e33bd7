"""Personas (STYLE.md §9): a small county with two villages in one township and one in another, and one
user per role, so that "cannot see another region's record → 404" is cheap to write for every endpoint."""

import os
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.choices import Department, Role
from households.choices import RegionLevel
from tests.factories import TEST_PASSWORD, UserFactory, region

# No per-example deadline: these machines are shared (2 cores), and a deadline is a timed assertion in disguise
# (a slow example fails the test though its result is right). Properties are checked, not their speed.
hypothesis_settings.register_profile("shouwang", deadline=None)
hypothesis_settings.load_profile("shouwang")


def clear_test_cache() -> None:
    """Delete the tests' own cache keys (KEY_PREFIX "test"). Not cache.clear(): on Redis that is FLUSHDB, which
    also empties the Celery queues and cache of anything else using the same Redis database, such as a
    `make run` beside the tests."""
    client = cache._cache.get_client(write=True)  # RedisCache's client (no public API lists keys by pattern)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    # The cache is the real Redis; keep tests from seeing each other's cached policy.
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": "test"}}
    clear_test_cache()
    yield
    clear_test_cache()


# The broker queue of this test run: integration tests send their tasks to it and their workers take them from it
# (worker_env), so that no other worker on the same Redis (a `make run` beside the tests, another test run) takes
# them, and their workers take no one else's.
TEST_QUEUE = f"shouwang-test-{os.getpid()}"


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a real worker started by a test: the test run's queue, and `extra`."""
    return os.environ | {"CELERY_QUEUE": TEST_QUEUE} | extra


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks enqueued on commit run inline in tests, through the real task code. Integration tests that start a
    real worker (marked `integration`) keep the broker, on the test run's own queue."""
    from celery.result import allow_join_result

    from config.celery import app

    eager = request.node.get_closest_marker("integration") is None
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = eager
    if not eager:
        app.conf.task_default_queue = TEST_QUEUE
    # An eager task runs under Celery's process-wide "joining would block" flag, set and restored around it: two
    # threads of one test running tasks at once (the race tests) can leave it set, and every later result.get()
    # in the process would then raise "Never call result.get() within a task!". Restored after each test.
    with allow_join_result():
        yield
    app.conf.task_always_eager, app.conf.task_default_queue = previous


@pytest.fixture(autouse=True)
def _api_rate_limit_out_of_the_way(settings):
    # The API's general rate limit (config.throttling) counts per account in the cache, which is emptied between
    # tests; one test may still send a thousand requests as one user (tests/config/test_bad_query_params.py). A test
    # of the limit itself sets its own low rate.
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    high = {**rates, "user": "100000/minute", "anon": "100000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": high}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every persona's password is hashed, and PBKDF2's million rounds would be most of a test's time on these
    # shared machines. No behaviour under test depends on the hash function.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def audit_log_flushable(transactional_db: None) -> Iterator[None]:
    """Let the flush that ends a transactional test empty the append-only audit log.

    The audit table refuses TRUNCATE for every client (accounts migration 0002), and pytest-django flushes
    every table after a transactional test. The next flush runs, once, in a transaction that turns ordinary
    triggers off with SET LOCAL; nothing outlives that transaction.
    """
    yield
    ops = connection.ops
    flush = ops.execute_sql_flush

    def flush_with_triggers_off(sql_list: list[str]) -> None:
        del ops.execute_sql_flush  # back to the class's method: this wrapper runs once
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            flush(sql_list)

    ops.execute_sql_flush = flush_with_triggers_off


@pytest.fixture
def county(db):
    c = region("360425000000", "永修县", RegionLevel.COUNTY)
    t1 = region("360425100000", "涂埠镇", RegionLevel.TOWNSHIP, c)
    t2 = region("360425101000", "虬津镇", RegionLevel.TOWNSHIP, c)
    va = region("360425100201", "城南村", RegionLevel.VILLAGE, t1)
    vb = region("360425100202", "城北村", RegionLevel.VILLAGE, t1)
    vc = region("360425101201", "张公渡村", RegionLevel.VILLAGE, t2)
    ga = region("360425100201001", "城南村一组", RegionLevel.GROUP, va)
    return SimpleNamespace(county=c, township=t1, township2=t2, village_a=va, village_b=vb, village_c=vc, group_a=ga)


@pytest.fixture
def personas(county):
    def make(username: str, role: str, scope, **extra):
        return UserFactory(
            username=username,
            role=role,
            region_path=scope.path if scope else "",
            region_name=scope.name if scope else "",
            **extra,
        )

    return SimpleNamespace(
        cadre_a=make("cadre_a", Role.VILLAGE_CADRE, county.village_a),
        cadre_b=make("cadre_b", Role.VILLAGE_CADRE, county.village_b),
        township=make("township", Role.TOWNSHIP_OFFICER, county.township),
        county_officer=make("county_officer", Role.COUNTY_OFFICER, county.county),
        approver=make("approver", Role.COUNTY_APPROVER, county.county),
        clerk=make("clerk", Role.DEPARTMENT_CLERK, county.county, department=Department.HEALTH),
        official=make("official", Role.OFFICIAL, county.county),
        system_admin=make("sysadmin", Role.SYSTEM_ADMIN, county.county, is_staff=True),
        security_admin=make("secadmin", Role.SECURITY_ADMIN, county.county),
        audit_admin=make("auditadmin", Role.AUDIT_ADMIN, county.county),
    )


@pytest.fixture
def login():
    """A Django test client logged in as the given user (through the real login form)."""

    def _login(user) -> Client:
        client = Client()
        response = client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login
