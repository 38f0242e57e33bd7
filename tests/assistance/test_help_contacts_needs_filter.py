"""The help-contacts API's needs_contact filter finds the rows of the status it names (selectors_contacts.
households_with_contacts, contact_state): before, an ordinary household not followed (an identification under way,
a risk eliminated) whose contact's account was deactivated read 需调整 in the list and in its own record, and
needs_change left it out."""

import pytest

from accounts.choices import Role
from assistance.services import contacts
from households.choices import HouseholdType
from households.models import Household
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistance/help-contacts/"
STATUS = {"none": {"none"}, "needs_change": {"needs_change"}, "any": {"none", "needs_change"}}


def _household(county, number, head, household_type, category=""):
    return Household.objects.create(
        number=number,
        village=county.village_a,
        region_path=county.village_a.path,
        household_type=household_type,
        head_name=head,
        monitoring_category=category,
    )


def _helper(county, username):
    return UserFactory(username=username, role=Role.TOWNSHIP_OFFICER, region_path=county.township.path)


@pytest.fixture
def households(personas, county, monitored_a):
    """Each status, of households that should have a contact (monitored, 脱贫户) and of ordinary ones that need not."""
    left, staying = _helper(county, "left"), _helper(county, "staying")
    ordinary_left = _household(county, "H-A-2", "钱二", HouseholdType.ORDINARY)
    ordinary_kept = _household(county, "H-A-3", "孙三", HouseholdType.ORDINARY)
    _household(county, "H-A-4", "李四", HouseholdType.LIFTED_OUT)  # 脱贫户 without a contact: 未安排
    _household(county, "H-A-5", "周五", HouseholdType.ORDINARY)  # needs none, has none: not listed
    for household, contact in ((monitored_a, left), (ordinary_left, left), (ordinary_kept, staying)):
        contacts.help_contact_assign(actor=personas.township, household=household, contact=contact)
    type(left).objects.filter(pk=left.pk).update(is_active=False)


def _statuses(client, **params) -> dict[str, str]:
    answer = client.get(URL, {"page_size": 100, **params})
    assert answer.status_code == 200, answer.content.decode()
    return {row["head_name"]: row["status"] for row in answer.json()["results"]}


def test_each_needs_contact_value_finds_exactly_the_rows_of_its_status(personas, login, households):
    client = login(personas.township)
    listed = _statuses(client)

    assert listed == {"张大山": "needs_change", "钱二": "needs_change", "孙三": "ok", "李四": "none"}
    for needs, statuses in STATUS.items():
        found = _statuses(client, needs_contact=needs)
        assert set(found) == {name for name, status in listed.items() if status in statuses}, needs
        assert set(found.values()) <= statuses, needs


def test_the_ordinary_household_reads_needs_change_in_its_own_record_and_is_found(personas, login, households):
    client = login(personas.township)
    household = Household.objects.get(head_name="钱二")

    record = client.get(f"/api/v1/households/{household.pk}/").json()["help_contact"]

    assert (record["status"], record["status_display"]) == ("needs_change", "已停用，需调整")
    assert "钱二" in _statuses(client, needs_contact="needs_change")
