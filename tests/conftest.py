"""Personas (STYLE.md §9): a small county with two villages in one township and one in another, and one
user per role, so that "cannot see another region's record → 404" is cheap to write for every endpoint."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.choices import Department, Role
from households.choices import RegionLevel
from tests.factories import TEST_PASSWORD, UserFactory, region


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    # The cache is the real Redis; keep tests from seeing each other's cached policy.
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": "test"}}
    cache.clear()
    yield
    cache.clear()


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
