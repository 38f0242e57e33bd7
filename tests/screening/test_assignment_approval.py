"""A campaign's screener (排查人) must be able to sign in and fill the forms: an account not approved by the
security admin is neither offered nor accepted."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Approval, Role
from screening.selectors_campaigns import cadre_options
from screening.services import campaigns
from tests.factories import UserFactory
from tests.screening.test_campaigns import campaign  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_cadre_the_security_admin_refused_is_not_offered_nor_assigned(campaign, personas, county):  # noqa: F811
    refused = UserFactory(username="refused_a", role=Role.VILLAGE_CADRE, region_path=county.village_a.path)
    refused.approval = Approval.REFUSED
    refused.save(update_fields=["approval"])

    assert refused not in set(cadre_options(actor=personas.township, campaign=campaign))
    assert personas.cadre_a in set(cadre_options(actor=personas.township, campaign=campaign))
    with pytest.raises(ValidationError) as error:
        campaigns.assignment_add(actor=personas.township, campaign=campaign, village=county.village_a, cadre=refused)
    said = campaigns.MSG_CADRE_NOT_APPROVED.format(name="refused_a", state="审核未通过")
    assert error.value.message_dict["cadre"] == [said]
