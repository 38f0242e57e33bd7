"""Review finding (approver's day #2): the 批准名单 was stamped 永修县防止返贫监测帮扶工作领导小组 whatever the county
calls its leading group (seeds: 000 报县委农村工作领导小组审批; 001 涞源县巩固拓展脱贫攻坚成果领导小组; 004 中共新丰县委
农村工作领导小组). The county bureau now names it (Region.approving_body, audited); the 批准名单's seal line and the
提请审批名单 print it, and a county that has not set it keeps the default name."""

import pytest

from accounts.models import AuditEvent
from households.county_bodies import DEFAULT_APPROVING_BODY
from households.models import Region
from households.services.region_bodies import MSG_COUNTY_ONLY, MSG_SEAL, county_approving_body_save
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
PAGE = "/regions/approving-body/"
BODY = "中共永修县委农村工作领导小组"


@pytest.fixture
def batch(personas, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case))],
        decision="approve",
        document_number="永防返贫〔2026〕88号",
        decided_on=today(),
    )


def seal(page: str) -> str:
    return page.split('class="sign-line"', 1)[1]


def test_the_county_bureau_names_the_body_and_the_printed_lists_carry_it(personas, login, county, batch):
    # Given no name set: the default under the county's name
    default = DEFAULT_APPROVING_BODY.format(county="永修县")
    assert f"{default}（盖章）" in seal(
        login(personas.approver).get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    )

    # When the county bureau names its county's leading group as the seed does
    client = login(personas.county_officer)
    form = client.get(PAGE).content.decode()
    assert f'name="body_{county.county.pk}"' in form and default in form
    assert client.post(PAGE, {f"body_{county.county.pk}": f"  {BODY} "}).status_code == 302

    # Then the 批准名单 is sealed with it, the 提请审批名单 is addressed to it, and the change is audited
    printed = login(personas.approver).get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    assert f"{BODY}（盖章）" in seal(printed) and default not in printed
    submission = client.get("/workflow/batches/submission/").content.decode()
    assert f"提请{BODY}审批" in submission
    event = AuditEvent.objects.get(action="households.approving_body", object_id=str(county.county.pk))
    assert event.before == {"approving_body": ""} and event.after == {"approving_body": BODY}
    assert BODY in event.summary

    # And blank restores the default (audited again)
    assert client.post(PAGE, {f"body_{county.county.pk}": ""}).status_code == 302
    printed = login(personas.approver).get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    assert f"{default}（盖章）" in seal(printed)
    assert AuditEvent.objects.filter(action="households.approving_body").count() == 2


def test_a_name_with_the_seal_words_is_refused_at_the_field(personas, login, county):
    client = login(personas.county_officer)
    page = client.post(PAGE, {f"body_{county.county.pk}": f"{BODY}（盖章）"})
    assert page.status_code == 200 and MSG_SEAL in page.content.decode()
    assert Region.objects.get(pk=county.county.pk).approving_body == ""


def test_only_the_county_bureau_sets_it(personas, login, county):
    assert login(personas.approver).get(PAGE).status_code == 403
    assert login(personas.township).post(PAGE, {f"body_{county.county.pk}": BODY}).status_code == 403
    with pytest.raises(Exception) as refused:
        county_approving_body_save(actor=personas.approver, county=county.county, name=BODY)
    assert MSG_COUNTY_ONLY in str(refused.value)
    assert Region.objects.get(pk=county.county.pk).approving_body == ""
