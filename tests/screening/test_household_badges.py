"""The household page's header names what waits in the later apps' tabs (households.panels badges): a screening hit
not yet handled, a case in progress at its open steps. Whoever opens the household sees them on every tab, each a
link to its tab (before, a risk a visit found or a case under way showed only inside its own tab)."""

import datetime as dt

import pytest

from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run
from tests.clock import this_year
from tests.workflow.steps_helpers import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def test_a_hit_not_yet_handled_then_the_case_it_opened_are_named_in_the_header(line, make_household, personas, login):
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year(), 1, 5))
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.HIT
    township = login(personas.township)

    hit_page = township.get(f"/households/{household.pk}/?tab=history").content.decode()
    open_case(personas, household)
    ScreeningResult.objects.filter(household=household).update(status=ResultStatus.PROPOSED)
    case_page = township.get(f"/households/{household.pk}/").content.decode()

    header = hit_page.split('class="status-row"', 1)[1].split("</div>", 1)[0]
    assert '<a class="badge badge-warn" href="?tab=screening">筛查发现疑似风险，待研判</a>' in header
    header = case_page.split('class="status-row"', 1)[1].split("</div>", 1)[0]
    assert "筛查发现疑似风险" not in header
    assert 'href="?tab=cases">纳入办理中（村级评议）</a>' in header
