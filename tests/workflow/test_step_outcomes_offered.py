"""Review finding (steps 2): at 公告并标识 after the county approved, the form offered 不通过; chosen and confirmed
("将终止本案…不能撤回") it was refused with "县级已审批同意，不能再退回", which called it a return. The same for
退回村级补正 on a green-channel case's single form, which the batch audit already refused. A step's form offers
only the outcomes the service takes (services.outcome_rules), and 不通过 is refused in its own words."""

import pytest

from config.errors import ApplicationError
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act, case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import Outcome
from workflow.services.outcome_rules import MSG_REJECT_AFTER_APPROVAL

pytestmark = pytest.mark.django_db


def offered(client, case, code) -> list[str]:
    forms = client.get(f"/workflow/cases/{case.pk}/").context["forms_by_step"]
    form = next(form for case_step, form in forms if case_step.step.code == code)
    return [value for value, _ in form.fields["outcome"].choices]


def test_the_announcement_after_the_approval_does_not_offer_a_refusal(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)

    assert offered(login(personas.township), case, "announcement") == [Outcome.PASS]
    with pytest.raises(ApplicationError) as refused:
        case_act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.REJECT, note="错")
    assert str(refused.value.message) == MSG_REJECT_AFTER_APPROVAL
    assert "不通过" in MSG_REJECT_AFTER_APPROVAL and "退回" not in MSG_REJECT_AFTER_APPROVAL


def test_a_green_channel_case_is_offered_no_return(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)
    township = offered(login(personas.township), case, "township_audit")
    assert Outcome.RETURN not in township and Outcome.REJECT in township and Outcome.PASS in township
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "“退回村级补正”：案件不终止" not in page

    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    county = offered(login(personas.approver), case, "county_approval")
    assert Outcome.RETURN not in county and Outcome.REJECT in county


def test_an_ordinary_township_audit_still_offers_the_return(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    assert Outcome.RETURN in offered(login(personas.approver), case, "county_approval")
