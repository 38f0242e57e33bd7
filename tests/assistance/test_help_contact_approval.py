"""A help contact must be able to sign in to visit the family: an account the security admin refused, or one still
awaiting approval, is neither offered (page and API) nor accepted, with a Chinese message that says why."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Approval, Role
from assistance.models import HelpContactAssignment
from assistance.selectors import contact_candidates, contact_choices
from assistance.services import contacts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("approval", [Approval.REFUSED, Approval.NEW])
def test_an_account_not_approved_is_not_offered_nor_accepted_as_help_contact(
    personas, county, monitored_a, login, approval
):
    team = UserFactory(username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path)
    team.approval = approval
    team.save(update_fields=["approval"])

    assert team not in set(contact_candidates(actor=personas.township, household=monitored_a))
    assert team not in set(contact_choices(actor=personas.township))
    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/contact/").content.decode()
    assert f'value="{team.pk}"' not in page and "cadre_a" in page
    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=team, reason="调整")
    said = contacts.MSG_CONTACT_NOT_APPROVED.format(name="team_a", state=Approval(approval).label)
    assert error.value.message_dict["contact"] == [said]
    response = login(personas.township).post(
        "/api/v1/assistance/help-contacts/",
        {"household": monitored_a.pk, "contact": team.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "contact" in response.json()
    assert not HelpContactAssignment.objects.filter(contact=team).exists()
