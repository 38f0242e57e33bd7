"""A county run started by hand (立即全县筛查) was listed as "标准或规则变更后全县重算", the label of the run a changed
line or rule starts: the run list said the standard had changed when nobody changed it. It has its own kind."""

import pytest

from screening.choices import RunKind
from screening.models import ScreeningRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs_now(monkeypatch):
    """The worker's run, done in the test when the request commits."""
    from screening import tasks

    monkeypatch.setattr(tasks.screen_county, "delay", lambda kind: tasks.screen_county(kind=kind))


def test_a_county_run_started_by_hand_is_listed_as_manual(
    personas, login, runs_now, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/screening/runs/start/").status_code == 302

    assert ScreeningRun.objects.get().kind == RunKind.MANUAL
    page = client.get("/screening/runs/").content.decode()
    assert '<td data-label="类型" class="nw">手动全县筛查</td>' in page
    assert "标准或规则变更后全县重算" not in page
