"""农户注销 ends the help contact's assignment, and 撤销注销 brings it back (assistance.closing), but the household's
变更记录 said neither: the contact was gone from the plan page with no row saying when, why or by whom. Both are now
rows of the history, in words, after the closing's own row, with the day and the person who closed or reopened."""

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, User
from households.services.closing import household_close, household_reopen
from tests.assistance.test_closed_household_contact import helped  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def named_contact(personas):
    User.objects.filter(pk=personas.cadre_a.pk).update(last_name="李", first_name="红梅")
    User.objects.filter(pk=personas.township.pk).update(last_name="周", first_name="建华")
    for user in (personas.cadre_a, personas.township):
        user.refresh_from_db()


def _history(login, user, household) -> list[str]:
    """The rows of the household's 变更记录 tab, newest first."""
    page = login(user).get(f"/households/{household.pk}/", {"tab": "history"}).content.decode()
    return page.split('<ul class="timeline">')[1].split('<li><div class="small muted">')[1:]


def test_the_history_says_the_closing_ended_the_help_contact(helped, personas, login):  # noqa: F811
    name = "李红梅"

    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    newest, closing = _history(login, personas.township, helped)[:2]
    assert f"帮扶联系人{name}的联系因农户注销结束" in newest
    assert f"{timezone.localdate():%Y-%m-%d}" in newest and "周建华" in newest
    assert f"帮扶联系人：{name} → （空）" in newest
    assert "农户注销" in closing
    event = AuditEvent.objects.get(action="assistance.help_contact_closed")
    assert event.actor == personas.township and event.before == {"help_contact": name}


def test_the_history_says_undoing_the_closing_restored_the_help_contact(helped, personas, login):  # noqa: F811
    name = "李红梅"
    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    head = helped.members.get()
    household_reopen(actor=personas.county_officer, household=helped, note="误将户主标记为迁出", restore_member=head)

    # The closing undone, the head's wrong mark with it, then the contact back.
    newest, restored, reopening = _history(login, personas.township, helped)[:3]
    assert "撤销 张大山 的“迁出”标记" in restored
    assert f"撤销注销后恢复帮扶联系人{name}" in newest
    assert f"{timezone.localdate():%Y-%m-%d}" in newest and "county_officer" in newest
    assert "撤销农户注销" in reopening
    assert AuditEvent.objects.get(action="assistance.help_contact_reopened").actor == personas.county_officer


def test_a_household_with_no_contact_gets_no_contact_row(helped, personas, login):  # noqa: F811
    from assistance.models import HelpContactAssignment
    from households.models import Household

    HelpContactAssignment.objects.filter(household=helped).delete()
    Household.objects.filter(pk=helped.pk).update(help_contact=None)

    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    assert not any("因农户注销结束" in row for row in _history(login, personas.township, helped))
