"""A help contact's 调整原因 is read as the contact's phone beside it (households.privacy.shown_text): before, an
official read the new contact's phone masked (138****3333) next to a reason quoting it, and an ID number, in full,
in the API and in the plan page's 联系人变更记录."""

import datetime as dt

import pytest

from assistance.services import contacts
from households import privacy
from households.idnumber import make, mask

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistance/help-contacts/"
ZHAO_ID = make("360425", dt.date(1992, 12, 13), 1)
REASON = f"王五调离，新联系人赵六电话13822223333，身份证{ZHAO_ID}"
MASKED = f"王五调离，新联系人赵六电话138****3333，身份证{mask(ZHAO_ID)}"
WANG = {"person_name": "王五", "person_unit": "县农业农村局", "person_phone": "13811112222"}
ZHAO = {"person_name": "赵六", "person_unit": "县交通运输局", "person_phone": "13822223333"}


@pytest.fixture
def changed(personas, monitored_a):
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, **WANG)
    return contacts.help_contact_assign(actor=personas.township, household=monitored_a, reason=REASON, **ZHAO)


def test_an_official_reads_the_reason_masked_in_the_api_and_on_the_plan_page(personas, login, changed):
    client = login(personas.official)

    one = client.get(f"{URL}{changed.pk}/").json()
    page = client.get(f"/assistance/households/{changed.household_id}/").content.decode()

    assert (one["person_phone"], one["reason"]) == ("138****3333", MASKED)
    assert f"调整原因：{MASKED}" in page
    assert "13822223333" not in page and ZHAO_ID not in page


def test_the_township_reads_the_reason_as_written(personas, login, changed):
    client = login(personas.township)

    one = client.get(f"{URL}{changed.pk}/").json()
    page = client.get(f"/assistance/households/{changed.household_id}/contact/").content.decode()

    assert one["reason"] == REASON
    assert f"调整原因：{REASON}" in page


def test_the_contact_forms_history_masks_the_reason_for_whoever_reads_numbers_masked(
    personas, login, changed, monkeypatch
):
    """Only those who edit the registry open the form, and they read numbers in full today; its history reads the
    reason through the same rule all the same."""
    monkeypatch.setattr(privacy, "sees_personal_numbers", lambda user: False)

    page = login(personas.township).get(f"/assistance/households/{changed.household_id}/contact/").content.decode()

    # The form's own 联系电话 field is filled with the current contact's phone, to correct: that is the editor's.
    assert f"调整原因：{MASKED}" in page and f"调整原因：{REASON}" not in page
