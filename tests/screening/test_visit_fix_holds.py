# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""A campaign's 入户排查表 records the month's visit (screening.services.campaign_form_effects): that visit is the
form's record, corrected through the form, not on its own (households.services.visit_fix, screening.visit_holds)."""

import pytest
from django.core.exceptions import ValidationError

from households.models import Visit
from households.services import visit_fix
from screening.services import campaigns
from screening.visit_holds import MSG_FORM
from tests.clock import today
from tests.screening.test_campaign_proposals import campaign, families, presets  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_campaign_forms_visit_is_refused_naming_the_campaign(campaign, make_household, personas):
    household = make_household("9000")
    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers={}, at_risk=False, filled_on=today()
    )
    visit = Visit.objects.get(household=household)

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")

    assert refused.value.messages == [MSG_FORM.format(campaign=campaign)]
    assert Visit.objects.get(pk=visit.pk).voided_at is None
