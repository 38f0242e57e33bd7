"""The township batch audit (乡镇批量审核) and a green-channel case its viewer opened: its 乡镇审核 is not the opener's
(services.step_waits.opener_refusal), so the queue shows it greyed out with the reason instead of a tick box, the API
says the same of it, and an action that names it anyway is refused by name before anything is written. Another
township officer ticks and audits it as any other case."""

import pytest

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.test_green_channel import open_green, status
from tests.workflow.township_helpers import at_township, refs, selection
from workflow.choices import CaseStepStatus
from workflow.services.batches import BatchConflict
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"
API = "/api/v1/township-audits/"
REASON = "本人发起的绿色通道案件，须由其他乡镇人员审核"


@pytest.fixture
def colleague(county):
    path, name = county.township.path, county.township.name
    return UserFactory(username="township_colleague", role=Role.TOWNSHIP_OFFICER, region_path=path, region_name=name)


@pytest.fixture
def queue(personas, household_a, household_b):
    """张大山's green-channel case the township officer opened, at its 乡镇审核; 王五's ordinary case at its
    乡镇汇总初审."""
    green = open_green(personas.township, household_a)
    ordinary = at_township(personas, household_b, personas.cadre_b)
    return green, ordinary


def card(page: str, case) -> str:
    return page.split(f'data-case="{case.pk}"', 1)[1].split("</li>", 1)[0]


def test_the_opener_sees_their_green_case_greyed_out_with_the_reason(personas, login, queue):
    green, ordinary = queue

    page = login(personas.township).get(URL).content.decode()

    assert "共 2 户待审核" in page
    row = card(page, green)
    assert REASON in row and "data-audit-refusal" in row and "disabled" in row
    assert "data-return-refusal" not in row  # nothing more to say of a case the viewer may not audit at all
    assert f'value="{green.pk}:' not in page  # nothing to tick, and 全选本页 does not tick it
    assert f'value="{ordinary.pk}:' in page and REASON not in card(page, ordinary)


def test_another_township_officer_ticks_and_audits_it(personas, login, queue, colleague):
    green, _ = queue
    client = login(colleague)

    page = client.get(URL).content.decode()
    assert f'value="{green.pk}:' in page and REASON not in page

    done = client.post(
        URL, {"case": selection([green]), "outcome": "pass", "note": "情况属实", "confirmed": "1"}, follow=True
    )
    assert "已通过 1 户乡镇审核" in done.content.decode()
    assert status(green, "township_audit") == CaseStepStatus.DONE


def test_the_api_queue_says_the_reason_to_the_opener_only(personas, login, queue, colleague):
    green, ordinary = queue

    rows = {row["id"]: row for row in login(personas.township).get(API).json()["results"]}
    assert rows[green.pk]["audit_refusal"] == REASON and rows[ordinary.pk]["audit_refusal"] == ""
    assert login(personas.township).get(f"{API}{green.pk}/").json()["audit_refusal"] == REASON

    theirs = {row["id"]: row for row in login(colleague).get(API).json()["results"]}
    assert theirs[green.pk]["audit_refusal"] == ""


def test_the_confirmation_names_it_and_offers_no_submit(personas, login, queue):
    green, ordinary = queue

    page = login(personas.township).post(URL, {"case": selection([green, ordinary]), "outcome": "pass"})
    text = page.content.decode()

    assert "data-refused" in text and REASON in text and "确认提交" not in text


@pytest.mark.parametrize("outcome", ["pass", "return"])
def test_an_action_naming_it_is_refused_by_name_and_writes_nothing(personas, queue, outcome):
    green, ordinary = queue

    with pytest.raises(BatchConflict) as refused:
        township_batch_audit(actor=personas.township, refs=refs([green, ordinary]), outcome=outcome, note="请补正")

    assert refused.value.extra["cases"] == [{"id": green.pk, "head_name": "张大山", "reason": REASON}]
    assert status(green, "township_audit") == CaseStepStatus.OPEN
    assert status(ordinary, "township_preliminary") == CaseStepStatus.OPEN
