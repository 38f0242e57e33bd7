"""The system admin cannot move an administrator's account in or out of the three admin roles, county roles hold
the whole county, and usernames are unique regardless of case (review admins findings 1, 6 and 11)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Department, Role
from accounts.models import AuditEvent, User
from accounts.services import (
    MSG_ADMIN_ROLE_FIXED,
    MSG_ADMIN_ROLE_RESERVED,
    MSG_SCOPE_COUNTY,
    MSG_USERNAME_CASE,
    user_create,
    user_update,
)
from accounts.user_import import users_import
from households.selectors import region_directory
from tests.accounts.approval_helpers import approve
from tests.accounts.test_user_admin import ADD_URL, _change_data, _change_url, _new_user
from tests.accounts.test_user_import import _columns, _rows

pytestmark = pytest.mark.django_db


# --- finding 1: an administrator's role is fixed ------------------------------------------------------------------


def test_the_audit_admins_change_page_offers_no_other_role_and_ignores_a_posted_one(personas, county, login):
    auditor = personas.audit_admin
    client = login(personas.system_admin)

    page = client.get(_change_url(auditor)).content.decode()
    response = client.post(_change_url(auditor), _change_data(auditor, role=Role.VILLAGE_CADRE))

    assert 'value="village_cadre"' not in page
    assert "管理员账号的角色不能修改（三权分立）。" in page
    assert response.status_code == 302
    auditor.refresh_from_db()
    assert (auditor.role, auditor.region_path) == (Role.AUDIT_ADMIN, county.county.path)
    assert not AuditEvent.objects.filter(action="user.update", object_id=str(auditor.pk)).exists()


def test_the_service_refuses_to_demote_an_administrator_even_to_a_valid_scope(personas, county):
    with pytest.raises(ValidationError) as refused:
        user_update(
            actor=personas.system_admin,
            user=personas.security_admin,
            role=Role.VILLAGE_CADRE,
            region_path=county.village_a.path,
        )

    assert refused.value.message_dict["role"] == [MSG_ADMIN_ROLE_FIXED]
    personas.security_admin.refresh_from_db()
    assert personas.security_admin.role == Role.SECURITY_ADMIN


def test_an_ordinary_account_is_offered_no_admin_role_and_cannot_be_given_one(personas, county, login):
    page = login(personas.system_admin).get(_change_url(personas.official)).content.decode()

    with pytest.raises(ValidationError) as refused:
        user_update(actor=personas.system_admin, user=personas.official, role=Role.AUDIT_ADMIN)

    assert 'value="audit_admin"' not in page
    assert 'value="county_officer"' in page
    assert refused.value.message_dict["role"] == [MSG_ADMIN_ROLE_RESERVED]


def test_a_village_cadre_still_changes_role(personas, county, login):
    cadre = personas.cadre_a

    response = login(personas.system_admin).post(
        _change_url(cadre), _change_data(cadre, role=Role.TOWNSHIP_OFFICER, region_path=county.township.path)
    )

    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.approval_pending["role"] == Role.TOWNSHIP_OFFICER  # in force once approved (accounts.approvals)
    assert approve(personas.security_admin, cadre).role == Role.TOWNSHIP_OFFICER


# --- finding 6: county roles hold the county ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "scope", "department"),
    [
        (Role.COUNTY_APPROVER, "village_a", ""),
        (Role.COUNTY_OFFICER, "township", ""),
        (Role.DEPARTMENT_CLERK, "village_a", Department.HEALTH),
    ],
    ids=["approver in a village", "county officer in a township", "clerk in a village"],
)
def test_a_county_role_with_a_smaller_scope_is_refused_at_the_field(personas, county, login, role, scope, department):
    data = _new_user(county, role=role, region_path=getattr(county, scope).path, department=department)

    response = login(personas.system_admin).post(ADD_URL, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["region_path"] == [MSG_SCOPE_COUNTY]
    assert MSG_SCOPE_COUNTY in response.content.decode()
    assert not User.objects.filter(username="cadre_new").exists()


def test_a_county_approver_for_the_county_and_an_official_for_a_village_are_accepted(personas, county, login):
    client = login(personas.system_admin)

    approver = client.post(ADD_URL, _new_user(county, username="appr2", role=Role.COUNTY_APPROVER,
                                              region_path=county.county.path))  # fmt: skip
    official = client.post(ADD_URL, _new_user(county, username="off2", role=Role.OFFICIAL,
                                              region_path=county.village_a.path))  # fmt: skip

    assert (approver.status_code, official.status_code) == (302, 302)
    assert User.objects.get(username="appr2").region_path == county.county.path


def test_moving_a_county_officer_to_a_township_is_refused(personas, county, login):
    officer = personas.county_officer

    response = login(personas.system_admin).post(
        _change_url(officer), _change_data(officer, region_path=county.township.path)
    )

    assert response.context["adminform"].form.errors["region_path"] == [MSG_SCOPE_COUNTY]
    officer.refresh_from_db()
    assert officer.region_path == county.county.path


def test_the_bulk_import_refuses_a_county_role_below_the_county(personas, county):
    outcome = users_import(
        actor=personas.system_admin,
        rows=_rows(
            ["appr_v", "王一", "县领导小组", "城南村", "", ""],
            ["cty_t", "王二", "县乡村振兴局", "涂埠镇", "", ""],
            ["clerk_v", "王三", "行业部门", "城南村", "医保局", ""],
            ["appr_c", "王四", "县领导小组", "永修县", "", ""],
        ),
        columns=_columns(),
        regions=region_directory(),
    )

    reason = "管辖区划：" + MSG_SCOPE_COUNTY.rstrip("。")
    assert {e.line: e.reason for e in outcome.errors} == {2: reason, 3: reason, 4: reason}
    assert [a.user.username for a in outcome.created] == ["appr_c"]


# --- finding 11: usernames unique whatever the case ---------------------------------------------------------------


def test_the_add_form_refuses_a_username_that_differs_only_in_case(personas, county, login):
    response = login(personas.system_admin).post(ADD_URL, _new_user(county, username="Cadre_A"))

    message = MSG_USERNAME_CASE.format(username="Cadre_A", existing="cadre_a")
    assert response.context["adminform"].form.errors["username"] == [message]
    assert message in response.content.decode()
    assert not User.objects.filter(username="Cadre_A").exists()


def test_user_create_refuses_it_too(personas, county):
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=personas.system_admin,
            username="CADRE_B",
            password="Init@Pass2026",
            role=Role.VILLAGE_CADRE,
            region_path=county.village_a.path,
        )

    assert refused.value.message_dict["username"] == [MSG_USERNAME_CASE.format(username="CADRE_B", existing="cadre_b")]
