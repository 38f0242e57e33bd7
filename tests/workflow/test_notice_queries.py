"""The printed notices cost no more queries for 15 rows than for 3 (one more per row before): each row's head, masked
when under 14 (households.public_names), comes from one prefetch of the households' members, and the village
公示's rename since the posting (selectors_posted_names) is read for all its rows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households.choices import LivingStatus, Relation
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import numbered
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import act
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import Outcome
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def _new_households(personas, county, count, start):
    return [
        new_household(personas.cadre_a, county.village_a, numbered("户主", start + i), 300 + start + i)
        for i in range(count)
    ]


def _child_head(household):
    household.members.filter(relation=Relation.HEAD).update(birth_date=today().replace(year=today().year - 9, day=1))


def _head_dies(personas, household):
    """张大山 dies and 李秀英 heads the household: the posted notice shows the old name."""
    spouse = household.members.get(relation=Relation.SPOUSE)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(relation=Relation.HEAD),
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=spouse,
        relations={},
    )


def _posted(personas, households):
    for household in households:
        case = open_case(personas, household)
        walk_to(personas, case, "village_publicity")
        publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())


def _queries(client, url):
    client.get(url)  # the session and the caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_village_publicity_costs_no_more_queries_for_15_rows_than_for_3(personas, login, county, household_a):
    first = _new_households(personas, county, 2, start=1)
    _posted(personas, [household_a, *first])
    _head_dies(personas, household_a)  # a row with its posted name (原公示户主)
    _child_head(first[0])  # and one masked
    client = login(personas.cadre_a)
    url = f"/workflow/publicity/{county.village_a.code}/print/"

    few, page = _queries(client, url)
    assert page.count('<td class="nw">') >= 3 and "李秀英（原公示户主张大山）" in page and "户某某" in page
    _posted(personas, _new_households(personas, county, 12, start=3))
    many, page = _queries(client, url)

    assert "户主一四" in page and "户主一五" not in page  # 15 rows: 3 + 12 (户主三 to 户主一四)
    assert many <= few  # not one more for 12 more rows (one or more each before)


def test_the_announcement_costs_no_more_queries_for_15_rows_than_for_3(personas, login, county):
    def approved(households):
        for household in households:
            case = at_approval(personas, household, personas.cadre_a)
            act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)

    first = _new_households(personas, county, 3, start=1)
    approved(first)
    _child_head(first[0])
    client = login(personas.township)
    url = f"/workflow/announcement/{county.village_a.code}/print/"

    few, page = _queries(client, url)
    assert "<td>户某某</td>" in page and f"{timezone.localdate():%Y年}" in page
    approved(_new_households(personas, county, 12, start=4))
    many, page = _queries(client, url)

    assert "户主一五" in page
    assert many <= few  # not one more for 12 more rows (one or more each before)
