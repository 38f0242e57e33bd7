"""The go-live import's same-file rule holds within a county: another county's bureau importing the same file is
not refused, nor told the date and name of an import it cannot see; its own second upload is refused as before."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from households.models import RegistryImport
from households.registry_import import registry_import_create
from tests.factories import UserFactory
from tests.households.test_registry_import import VILLAGE_B, csv_upload, member, pid

pytestmark = pytest.mark.django_db


def _rows():
    return [member("H1", VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]


def test_another_countys_bureau_may_import_the_same_file_and_is_refused_only_its_own_repeat(personas, county):
    other = UserFactory(username="county_other", role=Role.COUNTY_OFFICER, region_path="360426", region_name="另一县")
    first = registry_import_create(actor=personas.county_officer, upload=csv_upload(_rows()), enqueue=False)

    theirs = registry_import_create(actor=other, upload=csv_upload(_rows(), name="their.csv"), enqueue=False)
    with pytest.raises(ValidationError) as refused:
        registry_import_create(actor=other, upload=csv_upload(_rows(), name="again.csv"), enqueue=False)

    assert theirs.pk != first.pk
    assert theirs.region_path == "360426"
    assert "（their.csv）" in refused.value.message_dict["file"][0]
    assert "registry.csv" not in refused.value.message_dict["file"][0]
    assert RegistryImport.objects.count() == 2
