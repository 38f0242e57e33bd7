"""The main menu by role: what each person works on, and nothing they cannot use."""

import re

import pytest

from accounts.choices import Role
from workflow.choices import StepKind

pytestmark = pytest.mark.django_db


def _menu(client) -> list[str]:
    page = client.get("/").content.decode()
    nav = page.split('aria-label="主菜单">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a href=\"[^\"]+\"[^>]*>([^<]+)</a>", nav)


def test_a_village_cadre_is_not_shown_the_county_batch_approval(personas, login):
    menu = _menu(login(personas.cadre_a))
    assert {"农户档案", "我的任务", "部门预警"} <= set(menu)
    assert not {"批量审批", "乡镇批量审核", "批量公告"} & set(menu)
    # A village cadre opening the address anyway may still read the list (nothing to act on there).
    assert login(personas.cadre_a).get("/workflow/batches/").status_code == 200


def _links(client) -> dict[str, str]:
    page = client.get("/").content.decode()
    nav = page.split('aria-label="主菜单">', 1)[1].split("</nav>", 1)[0]
    return {label: href for href, label in re.findall(r"<a href=\"([^\"]+)\"[^>]*>([^<]+)</a>", nav)}


def test_a_township_is_shown_its_own_batch_audit_and_not_the_county_approval(personas, login):
    links = _links(login(personas.township))

    assert links.get("乡镇批量审核") == "/workflow/township-audit/"
    assert links.get("批量公告") == "/workflow/announcement/batch/"
    assert "批量审批" not in links


def test_the_county_approver_and_bureau_are_shown_the_batch_approval_only(personas, login):
    for user in (personas.county_officer, personas.approver):
        links = _links(login(user))

        assert links.get("批量审批") == "/workflow/batches/", user.username
        assert "乡镇批量审核" not in links, user.username
        assert "批量公告" not in links, user.username


def test_no_one_is_shown_a_menu_item_whose_page_refuses_them(personas, login):
    for user in vars(personas).values():
        client = login(user)
        for label, href in _links(client).items():
            assert client.get(href).status_code == 200, (user.username, label)


def test_the_township_batch_audit_leaves_the_menu_with_the_townships_audit_step(personas, login):
    from workflow.models import Step

    # A county whose procedures give the townships no audit step: the township has nothing to audit in batches.
    Step.objects.filter(role=Role.TOWNSHIP_OFFICER, kind=StepKind.TOWNSHIP_AUDIT).update(role=Role.COUNTY_OFFICER)

    assert "乡镇批量审核" not in _menu(login(personas.township))
    assert "乡镇批量审核" in _menu(login(personas.county_officer))


def test_a_department_clerk_sees_its_uploads_and_no_registry(personas, login):
    menu = _menu(login(personas.clerk))
    assert "数据上传" in menu
    assert not {"农户档案", "我的任务", "批量审批", "乡镇批量审核"} & set(menu)


def test_the_account_links_stand_apart_from_the_pages(personas, login):
    page = login(personas.township).get("/").content.decode()
    menu = _menu(login(personas.township))
    assert "修改密码" not in menu
    account = page.split('aria-label="当前用户">', 1)[1].split("</div>", 1)[0]
    assert personas.township.get_role_display() in account
    assert "修改密码" in account and "退出" in account


def test_a_read_only_official_is_not_shown_tasks_or_approvals(personas, login):
    menu = _menu(login(personas.official))
    assert {"农户档案", "台账统计"} <= set(menu)
    assert not {"我的任务", "批量审批", "乡镇批量审核"} & set(menu)


def test_the_admin_greets_by_the_full_chinese_name(personas, login):
    from accounts.models import User

    User.objects.filter(pk=personas.system_admin.pk).update(last_name="吴", first_name="涛")
    page = login(personas.system_admin).get("/admin/").content.decode()
    assert "<strong>吴涛</strong>" in page  # not 涛 alone


def test_my_tasks_is_in_the_menu_only_of_a_role_with_a_step_to_act_on(county, personas, login):
    from tests.factories import UserFactory
    from workflow.models import Step

    team = UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )
    assert "我的任务" in _menu(login(team))  # a work team acts the village's steps
    assert "我的任务" in _menu(login(personas.township))

    # A county whose procedures give the townships no step: nothing to list for them.
    Step.objects.filter(role=Role.TOWNSHIP_OFFICER).update(role=Role.COUNTY_OFFICER)

    assert "我的任务" not in _menu(login(personas.township))
