"""A household renamed while its village publicity is on the board (review cadre_phone finding 11): the head
died after the notice was posted. The case page says the notice must be printed and posted again; the printed
notice names the household as now and as posted; once the new posting is recorded, the notices go."""

import pytest

from households.choices import LivingStatus, Relation
from households.services.member_status import member_set_status
from tests.clock import today
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.selectors_posted_names import MSG_RENAMED
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def _head_dies(personas, household):
    head = household.members.get(relation=Relation.HEAD)
    spouse = household.members.get(relation=Relation.SPOUSE)
    son = household.members.get(relation=Relation.SON)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=head,
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=spouse,
        relations={son.pk: Relation.SON},
    )


def test_a_head_change_after_the_posting_asks_for_a_new_notice_until_it_is_posted(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())
    client = login(personas.cadre_a)
    notice_url = f"/workflow/publicity/{household_a.village.code}/print/"
    renamed = MSG_RENAMED.format(current="李秀英", posted="张大山")

    assert renamed not in client.get(f"/workflow/cases/{case.pk}/").content.decode()

    _head_dies(personas, household_a)

    case_page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    notice = client.get(notice_url).content.decode()
    assert renamed in case_page and "户主已变更为李秀英" in case_page
    assert "李秀英（原公示户主张大山）" in notice and renamed in notice

    # Printed again and posted: the posting recorded after the rename ends the notices.
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())

    assert renamed not in client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "原公示户主" not in client.get(notice_url).content.decode()


def test_a_head_change_before_the_posting_is_what_was_posted(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    _head_dies(personas, household_a)
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())

    case_page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "公示张贴时为" not in case_page


def test_a_later_posting_of_another_step_does_not_hide_the_rename(personas, login, household_a):
    """The posting read is the open step's own (CaseEvent.detail's case_step): a case with two publicity steps whose
    other step's posting was recorded after the rename still says the board shows the old name."""
    from workflow.models import CaseEvent, CaseStep

    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())
    _head_dies(personas, household_a)
    other = CaseStep.objects.filter(case=case).exclude(step__code="village_publicity").first()
    CaseEvent.objects.create(
        case=case, action="publicity_posted", summary="另一公示张贴日期", detail={"case_step": other.pk}
    )

    case_page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert MSG_RENAMED.format(current="李秀英", posted="张大山") in case_page
