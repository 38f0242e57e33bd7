"""Facts county bureau staff recorded by hand before 县级录入 existed were written as 村乡干部录入, so a village cadre
could withdraw them. Migration 0018 gives them to the county by their recorder; a cadre's and a township's stay
theirs."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from screening.choices import ExclusionKind, ExclusionSource
from screening.models import ExclusionFact
from screening.services import exclusion_sources

pytestmark = pytest.mark.django_db
migration = importlib.import_module("screening.migrations.0018_county_hand_entries_by_recorder")


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("screening", "0017_exclusion_county_entry"))
    migration.county_recorders_apart(state.apps, None)


def fact(household, recorder):
    return ExclusionFact.objects.create(
        household=household,
        region_path=household.region_path,
        kind=ExclusionKind.CAR,
        source=ExclusionSource.CADRE,  # as written before 85a480c, whoever recorded it
        recorded_by=recorder,
    )


def test_a_county_officers_old_entry_becomes_the_countys_and_the_cadre_may_no_longer_withdraw_it(
    make_household, personas
):
    household = make_household("5000")
    by_county = fact(household, personas.county_officer)
    by_cadre = fact(household, personas.cadre_a)
    by_township = fact(household, personas.township)
    assert exclusion_sources.exclusion_may_retract(personas.cadre_a, by_county)

    run_migration()

    by_county.refresh_from_db()
    assert by_county.source == ExclusionSource.COUNTY_ENTRY
    assert not exclusion_sources.exclusion_may_retract(personas.cadre_a, by_county)
    assert exclusion_sources.exclusion_may_retract(personas.county_officer, by_county)
    sources = set(ExclusionFact.objects.filter(pk__in=[by_cadre.pk, by_township.pk]).values_list("source", flat=True))
    assert sources == {ExclusionSource.CADRE}
