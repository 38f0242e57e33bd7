"""A cadre moved to another village (or grid) stays the help contact of households they can no longer open: the
move applies once the security admin approves it (accounts.approvals), who is then told how many (audited); the
contact is not cleared, and the households are counted and listed as needing another contact until the village
names one."""

import pytest

from accounts.approvals import grant_fingerprint
from accounts.choices import Role
from accounts.models import AuditEvent
from assistance.hooks_contacts import MSG_CONTACT_UNFIT
from assistance.selectors import contact_needs_change_count, household_contact_needs_change
from assistance.services import contacts
from households.models import Grid, Household
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTACTS = "/assistance/contacts/"


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


def _change(client, user, **overrides):
    data = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "phone": user.phone,
        "role": user.role,
        "region_path": user.region_path,
        "grid": user.grid_id or "",
        "department": user.department,
        "is_active": "on",
        # A move out of the households' reach is asked first (tests/assistance/test_contact_move_confirm.py).
        "change_confirmed": "yes",
    }
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data | overrides, follow=True)


def _approve(client, user):
    """The security admin approves the change (accounts.approvals): it applies only then."""
    pick = grant_fingerprint(type(user).objects.get(pk=user.pk))
    return client.post("/accounts/security/approvals/", {"pick": [pick], "decision": "approve"}, follow=True)


def test_moving_the_contact_to_another_village_warns_the_system_admin_and_audits_it(
    personas, county, monitored_a, contact, login
):
    saved = _change(login(personas.system_admin), contact, region_path=county.village_b.path).content.decode()
    assert "帮扶联系人未自动解除" not in saved  # nothing moved yet: the cadre still opens the household
    assert not AuditEvent.objects.filter(action="assistance.help_contact_unfit").exists()

    page = _approve(login(personas.security_admin), contact).content.decode()

    assert MSG_CONTACT_UNFIT.format(name="chengnan_wu（吴敏）", count=1) in page
    event = AuditEvent.objects.get(action="assistance.help_contact_unfit")
    assert event.object_id == str(contact.pk) and "1 户" in event.summary and "城北村" in event.summary
    assert Household.objects.get(pk=monitored_a.pk).help_contact_id == contact.pk  # not cleared: the village names


def test_a_change_that_keeps_the_households_in_reach_says_nothing(personas, county, monitored_a, contact, login):
    _change(login(personas.system_admin), contact, role=Role.WORK_TEAM)
    page = _approve(login(personas.security_admin), contact).content.decode()

    assert "已批准 1 个账号" in page and "帮扶联系人未自动解除" not in page
    assert not AuditEvent.objects.filter(action="assistance.help_contact_unfit").exists()


def test_the_moved_contacts_household_is_counted_listed_and_flagged(personas, county, monitored_a, contact, login):
    assert contact_needs_change_count(actor=personas.township) == 0
    _change(login(personas.system_admin), contact, region_path=county.village_b.path)
    assert contact_needs_change_count(actor=personas.township) == 0  # still theirs until approved
    _approve(login(personas.security_admin), contact)

    assert contact_needs_change_count(actor=personas.township) == 1
    assert household_contact_needs_change(Household.objects.get(pk=monitored_a.pk))
    client = login(personas.township)
    listed = client.get(CONTACTS, {"show": "needs_contact"}).content.decode()
    assert monitored_a.head_name in listed and "已调离，不能查看该户，需调整" in listed
    contacts_page = client.get(CONTACTS).content.decode()
    assert "其中 1 户不在其管辖范围（已调离），需调整" in contacts_page
    assert "帮扶联系人需调整的农户" in contacts_page


def test_a_contact_limited_to_another_grid_of_the_village_needs_changing(personas, county, monitored_a, contact):
    north, south = (
        Grid.objects.create(village=county.village_a, name=n, region_path=county.village_a.path)
        for n in ("第一网格", "第二网格")
    )
    Household.objects.filter(pk=monitored_a.pk).update(grid=north)
    assert contact_needs_change_count(actor=personas.township) == 0

    type(contact).objects.filter(pk=contact.pk).update(grid=south)

    assert contact_needs_change_count(actor=personas.township) == 1
    type(contact).objects.filter(pk=contact.pk).update(grid=north)
    assert contact_needs_change_count(actor=personas.township) == 0
