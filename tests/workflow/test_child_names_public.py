"""A household named after a head under 14 is masked (张某某) on the village 公示 (DOMAIN.md "Privacy")."""

import pytest

from households.choices import Relation
from tests.clock import today
from tests.workflow.steps_helpers import open_case, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def test_the_village_publicity_masks_a_head_under_14(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    client = login(personas.cadre_a)
    url = f"/workflow/publicity/{household_a.village.code}/print/"
    assert "<td>张大山" in client.get(url).content.decode()  # an adult head: named in full

    household_a.members.filter(relation=Relation.HEAD).update(birth_date=today().replace(year=today().year - 9, day=1))
    page = client.get(url).content.decode()

    assert "<td>张某某" in page
    notice = page.split("<h1>", 1)[1]
    assert "张大山" not in notice


def test_the_announcement_masks_a_head_under_14_and_scrolls_its_table_on_a_phone(personas, login, county, household_a):
    from tests.workflow.batch_helpers import at_approval
    from tests.workflow.helpers import act
    from workflow.choices import Outcome

    case = at_approval(personas, household_a, personas.cadre_a)
    act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    household_a.members.filter(relation=Relation.HEAD).update(birth_date=today().replace(year=today().year - 8, day=1))

    page = login(personas.township).get(f"/workflow/announcement/{county.village_a.code}/print/").content.decode()

    assert "<td>张某某</td>" in page and "张大山" not in page
    assert '<div class="print-scroll readable"><table class="print-table">' in page


def test_the_village_publicity_table_scrolls_in_a_readable_frame(personas, login, household_a):
    # A household on it: an empty notice prints no table (本期无公示对象).
    walk_to(personas, open_case(personas, household_a), "village_publicity")
    page = login(personas.cadre_a).get(f"/workflow/publicity/{household_a.village.code}/print/").content.decode()

    assert '<div class="print-scroll readable"><table class="print-table">' in page
