"""A help contact must be able to open the family's file: only people whose scope covers the household (its
village's cadres and work team, its township, its county). The refusal is in Chinese and tells nothing of another
user's role or place of work."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from assistance.models import HelpContactAssignment
from assistance.selectors import contact_candidates
from assistance.services import contacts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/help-contacts/"


def _post(client, household, contact_pk):
    return client.post(URL, {"household": household.pk, "contact": contact_pk}, content_type="application/json")


def test_people_whose_scope_covers_the_household_may_help_it(personas, county, monitored_a):
    work_team = UserFactory(username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path)
    helpers = [personas.cadre_a, work_team, personas.township, personas.county_officer]

    for helper in helpers:
        contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=helper, reason="调整")

    assert HelpContactAssignment.objects.filter(household=monitored_a).count() == len(helpers)


@pytest.mark.parametrize("who", ["cadre_b", "clerk", "audit_admin", "inactive"])
def test_anyone_who_cannot_open_the_file_is_refused_with_one_chinese_message(personas, county, monitored_a, who):
    contact = (
        UserFactory(username="gone", role=Role.VILLAGE_CADRE, region_path=county.village_a.path, is_active=False)
        if who == "inactive"
        else getattr(personas, who)
    )

    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(actor=personas.county_officer, household=monitored_a, contact=contact)

    assert error.value.message_dict["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]
    assert not HelpContactAssignment.objects.exists()


@pytest.mark.parametrize("who", ["official", "approver"])
def test_a_read_only_account_is_neither_offered_nor_accepted_as_help_contact(personas, monitored_a, login, who):
    # Review finding 11: 赵文华（领导/只读） was offered and could be appointed, but could then record no visit or 回访.
    reader = getattr(personas, who)

    assert reader not in set(contact_candidates(actor=personas.township, household=monitored_a))
    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/contact/").content.decode()
    assert f'value="{reader.pk}"' not in page and "cadre_a" in page
    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=reader)
    assert error.value.message_dict["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]
    assert "只读账号不能担任" in contacts.MSG_CONTACT_NOT_COVERING
    response = _post(login(personas.township), monitored_a, reader.pk)
    assert response.status_code == 400 and "contact" in response.json()  # as for a user who does not exist
    assert not HelpContactAssignment.objects.exists()


def test_the_page_offers_only_people_who_cover_the_household(personas, monitored_a, login):
    offered = set(contact_candidates(actor=personas.township, household=monitored_a))

    assert {personas.cadre_a, personas.township, personas.county_officer} <= offered
    assert personas.cadre_b not in offered
    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/contact/").content.decode()
    assert "cadre_a" in page and "cadre_b" not in page


def test_a_township_officer_naming_a_cadre_of_the_next_village_is_refused_in_chinese(personas, monitored_a, login):
    response = _post(login(personas.township), monitored_a, personas.cadre_b.pk)

    assert response.status_code == 400
    assert response.json()["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]
    assert not HelpContactAssignment.objects.exists()


def test_the_api_tells_a_cadre_nothing_of_other_users_roles(personas, monitored_a, login):
    client = login(personas.cadre_a)

    def refusal(contact_pk):
        response = _post(client, monitored_a, contact_pk)
        assert response.status_code == 400
        return response.json()["contact"][0].replace(str(contact_pk), "<id>")

    missing = refusal(999999)
    # Another village's cadre, a clerk and an administrator read the same as a user who does not exist.
    assert refusal(personas.cadre_b.pk) == missing
    assert refusal(personas.clerk.pk) == missing
    assert refusal(personas.audit_admin.pk) == missing
    assert "村干部" not in missing and "角色" not in missing
    assert not HelpContactAssignment.objects.exists()
    assert _post(client, monitored_a, personas.cadre_a.pk).status_code == 201
