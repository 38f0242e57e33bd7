"""A department clerk's capabilities depend on the department as well as the role (accounts.roles
.DEPARTMENT_CAPABILITIES): the 人社 clerk reads the employment ledger its bureau leads (seed 004 (六)), no other
clerk does, and no department gives a clerk the registry."""

from types import SimpleNamespace

import pytest

from accounts.choices import Department, Role
from accounts.permissions import user_can
from accounts.roles import Capability, department_can


def user(role, department=""):
    return SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=False, role=role, department=department)


def test_the_hr_clerk_reads_the_employment_ledger_and_nothing_of_the_registry():
    clerk = user(Role.DEPARTMENT_CLERK, Department.HUMAN_RESOURCES)

    assert user_can(clerk, Capability.EMPLOYMENT_VIEW)
    assert user_can(clerk, Capability.DEPARTMENT_MEASURES)  # the role's own stays
    for capability in (Capability.REGISTRY_VIEW, Capability.ASSISTANCE_EDIT, Capability.LEDGERS_DOWNLOAD):
        assert not user_can(clerk, capability)


@pytest.mark.parametrize("department", [Department.HEALTH, Department.MEDICAL_INSURANCE, ""])
def test_other_clerks_do_not(department):
    assert not user_can(user(Role.DEPARTMENT_CLERK, department), Capability.EMPLOYMENT_VIEW)


def test_a_department_gives_nothing_to_another_role():
    assert not department_can(Role.SYSTEM_ADMIN, Department.HUMAN_RESOURCES, Capability.EMPLOYMENT_VIEW)
    assert not user_can(user(Role.AUDIT_ADMIN, Department.HUMAN_RESOURCES), Capability.EMPLOYMENT_VIEW)


@pytest.mark.parametrize("role", [Role.VILLAGE_CADRE, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.OFFICIAL])
def test_whoever_reads_the_registry_reads_the_ledger(role):
    assert user_can(user(role), Capability.EMPLOYMENT_VIEW)
