"""Review feedpages 3: the security admin approving a department clerk over the API without `department` got 409
"…在您查看后已被修改…", as if the account had changed; it is a missing field, answered 400 naming it."""

import pytest

from accounts.api_approvals import MSG_DEPARTMENT_MISSING
from accounts.choices import Approval

pytestmark = pytest.mark.django_db

APPROVALS_API = "/api/v1/account-approvals/"
TEMP = "Temp@Pass2027"


@pytest.fixture
def pending_clerk(personas, login):
    clerk = personas.clerk
    login(personas.system_admin).post(
        f"/admin/accounts/user/{clerk.pk}/password/", {"new_password": TEMP, "new_password_confirm": TEMP}
    )
    clerk.refresh_from_db()
    assert clerk.approval == Approval.RESET
    return clerk


def test_approving_a_clerk_without_department_is_a_400_naming_the_field(personas, login, pending_clerk):
    security = login(personas.security_admin)
    body = {"role": pending_clerk.role, "region_path": pending_clerk.region_path}

    answer = security.post(f"{APPROVALS_API}{pending_clerk.pk}/approve/", body, content_type="application/json")

    assert answer.status_code == 400
    expected = MSG_DEPARTMENT_MISSING.format(username=pending_clerk.username, department="卫生健康委员会")
    assert answer.json() == {"department": [expected]}
    assert "已被修改" not in answer.content.decode()
    pending_clerk.refresh_from_db()
    assert pending_clerk.approval == Approval.RESET


def test_refusing_a_clerk_without_department_is_the_same_400(personas, login, pending_clerk):
    body = {"role": pending_clerk.role, "region_path": pending_clerk.region_path, "reason": "未见任职文件"}

    answer = login(personas.security_admin).post(
        f"{APPROVALS_API}{pending_clerk.pk}/refuse/", body, content_type="application/json"
    )

    assert answer.status_code == 400 and list(answer.json()) == ["department"]


def test_with_the_department_posted_the_clerk_is_approved(personas, login, pending_clerk):
    body = {"role": pending_clerk.role, "region_path": pending_clerk.region_path, "department": "health"}

    answer = login(personas.security_admin).post(
        f"{APPROVALS_API}{pending_clerk.pk}/approve/", body, content_type="application/json"
    )

    assert answer.status_code == 200 and answer.json()["department_display"] == "卫生健康委员会"


def test_a_department_posted_other_than_the_accounts_is_still_a_409_changed_since(personas, login, pending_clerk):
    body = {"role": pending_clerk.role, "region_path": pending_clerk.region_path, "department": ""}

    answer = login(personas.security_admin).post(
        f"{APPROVALS_API}{pending_clerk.pk}/approve/", body, content_type="application/json"
    )

    assert answer.status_code == 409 and "已被修改" in answer.json()["detail"]


def test_an_approved_clerk_without_department_gets_the_not_pending_refusal(personas, login):
    """The missing-department check reads only the accounts waiting: an approved clerk is answered by the service's
    own refusal ("不在待审核状态"), not by a demand for a department that would change nothing."""
    clerk = personas.clerk
    assert clerk.approval == Approval.APPROVED
    body = {"role": clerk.role, "region_path": clerk.region_path}

    answer = login(personas.security_admin).post(
        f"{APPROVALS_API}{clerk.pk}/approve/", body, content_type="application/json"
    )

    assert answer.status_code == 409
    assert "不在待审核状态" in answer.json()["detail"]
