"""The security admin's account list searched, filtered and paged (accounts.approval_search): a county's 300 imported
cadres were one endless page, with no way to find one account or to look at one role or state."""

import pytest

from accounts.approval_search import STATUS_APPROVED, approval_account_list, approval_counts
from accounts.choices import Approval, Department, Role
from accounts.models import User
from accounts.views_approvals import PAGE_SIZE
from tests.accounts.approval_helpers import approve
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPROVALS = "/accounts/security/approvals/"
APPROVALS_API = "/api/v1/account-approvals/"


def _waiting(username, *, role=Role.VILLAGE_CADRE, region=None, last_name="李", first_name="", **extra):
    return UserFactory(
        username=username,
        role=role,
        region_path=region.path,
        region_name=region.name,
        last_name=last_name,
        first_name=first_name,
        approval=Approval.NEW,
        **extra,
    )


@pytest.fixture
def waiting(personas, county):
    return {
        "wang": _waiting("cn_wang", region=county.village_a, last_name="王", first_name="小明"),
        "zhao": _waiting("cb_zhao", region=county.village_b, last_name="赵", first_name="刚"),
        "clerk": _waiting(
            "hw_sun", role=Role.DEPARTMENT_CLERK, region=county.county, department=Department.HEALTH, last_name="孙"
        ),
    }


def _names(page: str, section: str = "pending") -> list[str]:
    part = page.split(f'id="{section}"')[1].split("</form>")[0].split("</section>")[0]
    return [name for name in ("cn_wang", "cb_zhao", "hw_sun", "cadre_a") if f"<strong>{name}</strong>" in part]


def test_the_page_searches_by_username_name_and_place(personas, waiting, login):
    security = login(personas.security_admin)

    assert _names(security.get(APPROVALS, {"q": "cb_"}).content.decode()) == ["cb_zhao"]
    assert _names(security.get(APPROVALS, {"q": "王小明"}).content.decode()) == ["cn_wang"]
    assert _names(security.get(APPROVALS, {"q": "城北"}).content.decode()) == ["cb_zhao"]
    assert _names(security.get(APPROVALS, {"q": "360425100201"}).content.decode()) == ["cn_wang"]
    nothing = security.get(APPROVALS, {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的待审核账号" in nothing


def test_the_page_filters_by_role_and_state(personas, waiting, login):
    security = login(personas.security_admin)
    security.post(
        APPROVALS,
        {
            "pick": [f"{waiting['zhao'].pk}:{Role.VILLAGE_CADRE}:{waiting['zhao'].region_path}:"],
            "decision": "refuse",
        },
    )
    approve(personas.security_admin, waiting["wang"])

    clerks = security.get(APPROVALS, {"role": Role.DEPARTMENT_CLERK}).content.decode()
    pending = security.get(APPROVALS, {"status": "pending"}).content.decode()
    refused = security.get(APPROVALS, {"status": "refused"}).content.decode()
    approved = security.get(APPROVALS, {"status": "approved"}).content.decode()

    assert _names(clerks) == ["hw_sun"]
    assert _names(pending) == ["hw_sun"] and 'id="refused"' not in pending
    assert _names(refused, "refused") == ["cb_zhao"] and 'id="pending"' not in refused
    assert _names(approved, "approved") == ["cn_wang"] and "批准</div>" in approved
    # the tabs count each state under the search and role
    assert 'aria-current="page">已通过 <span class="badge">1</span>' in approved
    assert approval_counts(role=Role.VILLAGE_CADRE) == {"": 1, "pending": 0, "refused": 1, "approved": 1}
    # accounts made on the server never needed an approval: no one's decision, not listed as approved
    assert list(approval_account_list(status=STATUS_APPROVED)) == [User.objects.get(username="cn_wang")]


def test_a_bulk_import_is_paged_and_a_decision_returns_to_the_same_filters(personas, county, login):
    for n in range(PAGE_SIZE + 5):
        _waiting(f"bulk{n:03d}", region=county.village_a, last_name="钱", first_name=f"{n}")
    security = login(personas.security_admin)

    first = security.get(APPROVALS, {"q": "bulk"}).content.decode()
    second = security.get(APPROVALS, {"q": "bulk", "page": 2}).content.decode()

    assert first.count('name="pick"') == PAGE_SIZE and "第 1 / 2 页" in first
    assert "q=bulk&amp;page=2" in first or "q=bulk&page=2" in first
    assert second.count('name="pick"') == 5
    assert "共 55 个账号" in first

    pick = f"{User.objects.get(username='bulk000').pk}:{Role.VILLAGE_CADRE}:{county.village_a.path}:"
    answer = security.post(f"{APPROVALS}?q=bulk&role={Role.VILLAGE_CADRE}", {"pick": [pick], "decision": "approve"})
    assert answer.status_code == 302 and answer.url == f"{APPROVALS}?q=bulk&role={Role.VILLAGE_CADRE}"


def test_the_api_searches_filters_and_pages(personas, waiting, login):
    security = login(personas.security_admin)

    found = security.get(APPROVALS_API, {"q": "王小明"}).json()
    clerks = security.get(APPROVALS_API, {"role": Role.DEPARTMENT_CLERK}).json()
    paged = security.get(APPROVALS_API, {"page_size": 1}).json()
    approve(personas.security_admin, waiting["zhao"])
    approved = security.get(APPROVALS_API, {"status": "approved"}).json()
    wrong = security.get(APPROVALS_API, {"status": "done"})

    assert [row["username"] for row in found["results"]] == ["cn_wang"]
    assert [row["username"] for row in clerks["results"]] == ["hw_sun"]
    assert paged["count"] == 3 and len(paged["results"]) == 1
    assert [row["username"] for row in approved["results"]] == ["cb_zhao"]
    assert wrong.status_code == 400 and "status" in wrong.json()
