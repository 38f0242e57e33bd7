"""A line's "以下" (MonitoringLine.inclusive): seed 004 "10420元以下" includes the figure, seed 003 "低于" does not. The
screening rule reads it; the county sets it where lines are edited (page, configuration site, API)."""

import datetime as dt
from decimal import Decimal

import pytest

from screening.choices import RunKind
from screening.models import MonitoringLine, ScreeningResult
from screening.services import config
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


def _reasons(household):
    result = ScreeningResult.objects.filter(household=household).first()
    return None if result is None else result.reasons


def test_an_income_equal_to_an_inclusive_line_is_hit_and_to_a_strict_line_is_not(line, make_household):
    at = make_household("7300")
    screening_run(kind=RunKind.NIGHTLY)
    assert _reasons(at) is None

    line.inclusive = True
    line.save(update_fields=["inclusive"])
    screening_run(kind=RunKind.NIGHTLY)

    assert _reasons(at) == [f"人均纯收入 7,300.00 元，等于 {this_year()} 年监测标准 7,300.00 元（标准以下含本数）"]


def test_at_a_strict_line_under_a_warning_line_the_warning_line_is_quoted(line, make_household, personas):
    year = this_year()
    config.warning_line_save(
        actor=personas.county_officer,
        line=line,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        amount=Decimal("7500"),
    )
    at = make_household("7300", household_type="lifted_out")

    screening_run(kind=RunKind.NIGHTLY)

    assert _reasons(at) == [f"人均纯收入 7,300.00 元，低于 {year} 年预警线 7,500.00 元"]


def test_the_seeded_guangdong_line_includes_its_figure_and_jiangxis_does_not(db):
    assert MonitoringLine.objects.get(year=2023, region_prefix="44").inclusive
    assert not MonitoringLine.objects.get(year=2021, region_prefix="36").inclusive


def test_the_county_sets_it_on_the_lines_page_and_a_change_re_screens(
    personas, login, django_capture_on_commit_callbacks
):
    line = MonitoringLine.objects.get(year=2021, region_prefix="36")
    client = login(personas.county_officer)
    form = client.get(f"/screening/lines/{line.pk}/").content.decode()
    assert "含标准本数（“以下”）" in form and "10420元以下" in form and "勾选" not in form

    data = {"year": 2021, "region_prefix": "36", "region_label": "江西省", "amount": "6000", "basis": line.basis}
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post(f"/screening/lines/{line.pk}/", data | {"inclusive": "True"}, follow=True).content.decode()

    line.refresh_from_db()
    assert line.inclusive and "全县将重新筛查。" in page and len(callbacks) == 1
    assert "纳入（“以下”含本数）" in client.get("/screening/lines/").content.decode()


def test_the_api_reads_and_writes_it(personas, login):
    created = login(personas.county_officer).post(
        "/api/v1/monitoring-lines/",
        {"year": 2023, "region_prefix": "4402", "region_label": "韶关市", "amount": "10420", "inclusive": True},
        content_type="application/json",
    )

    assert created.status_code == 201 and created.json()["inclusive"] is True
    assert MonitoringLine.objects.get(year=2023, region_prefix="4402").inclusive
