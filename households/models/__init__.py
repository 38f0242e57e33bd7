"""Registry models, one module per sub-domain: regions, the registry itself, activity, the go-live import, files kept
across a form's error."""

from households.models.activity import Consent, HouseholdEvent, Visit
from households.models.check_reviews import DataCheckReview
from households.models.imports import RegistryImport, RegistryImportNumber
from households.models.numbers import RetiredNumber
from households.models.regions import Grid, Region, RegionQuerySet
from households.models.registry import Household, HouseholdIncome, Member
from households.models.uploads import PendingUpload

__all__ = [
    "Consent",
    "DataCheckReview",
    "Grid",
    "Household",
    "HouseholdEvent",
    "HouseholdIncome",
    "Member",
    "PendingUpload",
    "Region",
    "RegionQuerySet",
    "RegistryImport",
    "RegistryImportNumber",
    "RetiredNumber",
    "Visit",
]
