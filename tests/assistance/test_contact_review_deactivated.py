"""A help contact whose account is deactivated (who has left, 003 §二3(2)) is no longer printed on the 明白卡 as the
family's contact: the line reads 待调整 with blanks to write the new one in, and the print page warns before printing;
the contact's own page says 已停用 and links each household to 调整帮扶联系人."""

import re

import pytest

from accounts.choices import Role
from assistance.services import contacts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def left(personas, county, monitored_a):
    """周建军 of the township, the household's contact, whose account is then deactivated."""
    user = UserFactory(
        username="zhou_jj",
        last_name="周",
        first_name="建军",
        phone="13511112222",
        role=Role.TOWNSHIP_OFFICER,
        region_path=county.township.path,
    )
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    return user


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_card_prints_no_departed_contact_and_warns_before_printing(personas, login, monitored_a, left):
    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/card/print/").content.decode()

    line = _text(page.split("data-card-contact>")[1].split("</p>")[0])
    assert line == "帮扶责任人（联系人）：待调整＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿＿"
    assert "13511112222" not in page
    warning = page.split("data-card-contact-warning>")[1].split("</p>")[0]
    assert "周建军账号已停用，需调整" in _text(warning)
    assert f"/assistance/households/{monitored_a.pk}/contact/" in warning


def test_the_contacts_page_says_deactivated_and_offers_the_reassign_link(personas, login, monitored_a, left):
    page = login(personas.township).get(f"/assistance/contacts/{left.pk}/").content.decode()

    assert "账号已停用，需调整" in _text(page.split("data-contact-inactive>")[1].split("</p>")[0])
    assert f'href="/assistance/households/{monitored_a.pk}/contact/"' in page and "调整帮扶联系人" in page


def test_an_active_contact_is_printed_and_nothing_is_warned(personas, login, county, monitored_a):
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)

    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/card/print/").content.decode()

    assert "data-card-contact-warning" not in page and "待调整" not in page
