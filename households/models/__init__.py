"""Registry models, one module per sub-domain: regions, the registry itself, activity, the go-live import."""

from households.models.activity import Consent, HouseholdEvent, Visit
from households.models.imports import RegistryImport
from households.models.regions import Grid, Region, RegionQuerySet
from households.models.registry import Household, HouseholdIncome, Member

__all__ = [
    "Consent",
    "Grid",
    "Household",
    "HouseholdEvent",
    "HouseholdIncome",
    "Member",
    "Region",
    "RegionQuerySet",
    "RegistryImport",
    "Visit",
]
