"""A county run that crashes leaves no row, and a scheduler that is down leaves none either: the county bureau and the
system administrator are told on their home page, and everyone on the screening results page, when no county run
has finished for a day or the last one finished with failures."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household
from screening.choices import RunKind, RunStatus
from screening.models import ScreeningRun
from screening.services.runs import screening_run

TILE = "全县筛查未按时完成"


def _age_registry(days: int) -> None:
    Household.objects.update(created_at=timezone.now() - dt.timedelta(days=days))


def _home(client) -> str:
    return client.get("/").content.decode()


@pytest.mark.django_db
def test_a_registry_a_day_old_with_no_county_run_is_told_to_the_bureau_and_the_admin(
    personas, login, make_household, line
):
    make_household("3000")
    county, admin, cadre = (login(u) for u in (personas.county_officer, personas.system_admin, personas.cadre_a))
    assert TILE not in _home(county)  # just imported: its first night has not come
    assert "data-run-health" not in county.get("/screening/").content.decode()

    _age_registry(2)

    assert TILE in _home(county) and "全县尚未完成过一次筛查" in _home(county)
    assert TILE in _home(admin)
    assert TILE not in _home(cadre)  # cannot mend it; the results page tells them
    page = cadre.get("/screening/").content.decode()
    assert 'data-run-health="warn"' in page and "全县尚未完成过一次筛查" in page


@pytest.mark.django_db
def test_a_run_finished_more_than_a_day_ago_warns_and_a_fresh_one_is_only_stated(personas, login, make_household, line):
    make_household("3000")
    _age_registry(3)
    run = screening_run(kind=RunKind.NIGHTLY)
    ScreeningRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(hours=27))
    county = login(personas.county_officer)

    home = _home(county)
    assert TILE in home and "已超过一天未运行" in home
    assert 'data-run-health="warn"' in county.get("/screening/").content.decode()

    screening_run(kind=RunKind.NIGHTLY)

    assert TILE not in _home(county)
    page = county.get("/screening/").content.decode()
    assert 'data-run-health="ok"' in page and "最近一次全县筛查：" in page and "已完成" in page
    # A household's own run after a change is not a county run.
    ScreeningRun.objects.filter(household__isnull=True).update(finished_at=timezone.now() - dt.timedelta(days=2))
    screening_run(kind=RunKind.HOUSEHOLD, household_id=Household.objects.get().pk)
    assert TILE in _home(county)


@pytest.mark.django_db
def test_a_run_with_failures_is_told_with_how_many(personas, login, make_household, line):
    make_household("3000")
    run = screening_run(kind=RunKind.NIGHTLY)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE_WITH_FAILURES,
        failures=[{"rule": "low_income", "household": None, "error": "参数有误"}] * 2,
    )

    home = _home(login(personas.county_officer))

    assert TILE in home and "部分失败（2 项）" in home
