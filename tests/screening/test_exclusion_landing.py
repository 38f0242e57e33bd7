"""The household page a cadre lands on after recording or withdrawing an exclusion shows the household re-screened:
the badge above the tabs and the screening panel agree (before, the re-screen was queued for the worker, the page was
drawn first, and it read "筛查发现疑似风险，待研判" above a panel saying 符合排除情形 until reloaded)."""

import pytest

from screening.choices import ResultStatus, RunKind
from screening.models import ExclusionFact, ScreeningResult
from screening.services.runs import screening_run
from tests.clock import today

pytestmark = pytest.mark.django_db
BADGE = "筛查发现疑似风险，待研判"


@pytest.fixture
def worker_not_yet_run(monkeypatch):
    """The queued one-household runs, held as the worker would hold them until after the page is drawn."""
    from screening import tasks

    queued: list[int] = []
    monkeypatch.setattr(tasks.screen_household, "delay", lambda household_id: queued.append(household_id))
    return queued


def _header(page: str) -> str:
    return page.split('class="status-row"', 1)[1].split("</div>", 1)[0]


def test_the_page_after_an_exclusion_shows_it_excluded_not_waiting(
    line, make_household, personas, login, worker_not_yet_run, django_capture_on_commit_callbacks
):
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY, on_date=today())
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.HIT
    client = login(personas.cadre_a)
    head = household.members.get(relation="head")

    with django_capture_on_commit_callbacks(execute=True):
        landing = client.post(
            f"/screening/households/{household.pk}/exclusions/new/",
            {"kind": "car", "target": str(head.pk)},
            follow=True,
        ).content.decode()

    assert ScreeningResult.objects.get(household=household).status == ResultStatus.EXCLUDED
    assert BADGE not in _header(landing)
    assert "符合排除情形" in landing


def test_the_page_after_withdrawing_it_shows_the_hit_again(
    line, make_household, personas, login, worker_not_yet_run, django_capture_on_commit_callbacks
):
    household = make_household("5000")
    head = household.members.get(relation="head")
    fact = ExclusionFact.objects.create(household=household, member=head, region_path=household.region_path, kind="car")
    screening_run(kind=RunKind.NIGHTLY, on_date=today())
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.EXCLUDED
    client = login(personas.cadre_a)

    with django_capture_on_commit_callbacks(execute=True):
        landing = client.post(
            f"/screening/exclusions/{fact.pk}/withdraw/", {"reason": "登记错了，该车已过户"}, follow=True
        ).content.decode()

    assert ScreeningResult.objects.get(household=household).status == ResultStatus.HIT
    assert BADGE in _header(landing)
