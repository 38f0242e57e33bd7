"""The system admin is told before saving, not only the security admin on approving: a change of a help contact's
(帮扶联系人) role, scope or grid, or their deactivation, that would leave households they could no longer open asks
first, naming how many and the first few (village and 户编号, not the families' names), and says it again after the
save; a change that keeps every household in reach is saved at once, as before."""

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent, User
from assistance.hooks_contacts import MSG_CONTACT_HOUSEHOLD, MSG_CONTACT_WILL_BE_UNFIT
from assistance.services import contacts
from households.models import Household
from tests.factories import HouseholdFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "chengnan_wu（吴敏）"


@pytest.fixture
def contact(personas, county, monitored_a):
    cadre = UserFactory(
        username="chengnan_wu",
        last_name="吴",
        first_name="敏",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=cadre)
    return cadre


def _post(client, user, *, untick_active=False, **overrides):
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "grid": user.grid_id or "",
        "department": user.department,
        "is_active": "on",
        "_save": "保存",
    }
    if untick_active:
        del data["is_active"]
    return client.post(f"/admin/accounts/user/{user.pk}/change/", {**data, **overrides})


def _pending(user):
    return User.objects.get(pk=user.pk).approval_pending


def test_moving_the_contact_asks_first_naming_the_household(personas, county, monitored_a, contact, login):
    client = login(personas.system_admin)

    response = _post(client, contact, region_path=county.village_b.path)

    assert response.status_code == 200
    page = response.content.decode()
    assert "确认保存修改" in page and 'name="change_confirmed" value="yes"' in page
    assert MSG_CONTACT_WILL_BE_UNFIT.format(name=NAME, count=1) in page
    assert MSG_CONTACT_HOUSEHOLD.format(township="涂埠镇", village="城南村", number=monitored_a.number) in page
    assert monitored_a.head_name not in page  # the system admin sees no registry: the village and the 户编号
    assert f'name="region_path" value="{county.village_b.path}"' in page  # the post goes again as it was
    assert not _pending(contact)  # nothing saved yet
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_confirmed_the_change_is_saved_and_the_warning_said_again(personas, county, monitored_a, contact, login):
    client = login(personas.system_admin)

    response = _post(client, contact, region_path=county.village_b.path, change_confirmed="yes")

    assert response.status_code == 302
    assert _pending(contact)["region_path"] == county.village_b.path  # waits for the security admin, as before
    page = client.get(response["Location"]).content.decode()
    assert MSG_CONTACT_WILL_BE_UNFIT.format(name=NAME, count=1) in page
    assert f"涉及：涂埠镇城南村 户编号 {monitored_a.number}。" in page
    assert "须经安全管理员审批后生效" in page
    assert Household.objects.get(pk=monitored_a.pk).help_contact_id == contact.pk


def test_a_change_that_keeps_the_households_in_reach_is_saved_at_once(personas, county, monitored_a, contact, login):
    client = login(personas.system_admin)

    phone = _post(client, contact, phone="13900002222")
    moved_up = _post(client, contact, role=Role.WORK_TEAM, phone="13900002222")

    assert moved_up.status_code == 302 and phone.status_code == 302
    assert _pending(contact)["role"] == Role.WORK_TEAM
    page = client.get(moved_up["Location"]).content.decode()
    assert "帮扶联系人" not in page


def test_a_change_the_form_refuses_is_not_asked_about(personas, county, monitored_a, contact, login):
    response = _post(login(personas.system_admin), contact, role=Role.TOWNSHIP_OFFICER)

    page = response.content.decode()
    assert "确认保存修改" not in page and "乡镇工作人员的管辖区划必须是一个乡镇" in page
    assert not _pending(contact)


def test_many_households_are_counted_and_the_first_five_named(personas, county, monitored_a, contact, login):
    extra = [HouseholdFactory(village=county.village_a, help_contact=contact) for _ in range(6)]

    page = _post(login(personas.system_admin), contact, region_path=county.village_b.path).content.decode()

    assert MSG_CONTACT_WILL_BE_UNFIT.format(name=NAME, count=7) in page
    shown = sorted([monitored_a, *extra], key=lambda h: (h.region_path, h.number))
    for household in shown[:5]:
        assert f"户编号 {household.number}" in page
    for household in shown[5:]:
        assert f"户编号 {household.number}" not in page
    assert "……另有 2 户未列出（共 7 户）" in page


def test_deactivating_the_contact_names_the_households_on_its_confirmation(
    personas, county, monitored_a, contact, login
):
    client = login(personas.system_admin)
    page = _post(client, contact, untick_active=True).content.decode()

    assert "确认停用" in page and "确认保存修改" not in page  # one confirmation, the deactivation's
    assert MSG_CONTACT_WILL_BE_UNFIT.format(name=NAME, count=1) in page
    assert f"户编号 {monitored_a.number}" in page
    saved = _post(client, contact, untick_active=True, deactivate_confirmed="yes")
    assert saved.status_code == 302 and not User.objects.get(pk=contact.pk).is_active
    shown = client.get(saved["Location"]).content.decode()
    assert shown.count("帮扶联系人未自动解除") == 1 and "此修改生效后" not in shown  # applied: said once, as done
