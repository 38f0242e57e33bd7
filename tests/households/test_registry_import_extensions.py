"""The go-live import takes what its message names, .xlsx or .csv (and .xlsm, a workbook with macros): a .txt or
any other extension is refused at upload, on the page at its field, with that message; nothing is stored."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.models import RegistryImport
from households.registry_import import registry_import_create
from tests.households.test_registry_import import VILLAGE_B, csv_upload, member, pid, xlsx_upload

pytestmark = pytest.mark.django_db
MSG = "仅支持 .xlsx 或 .csv 文件（从国家系统导出的 Excel 请另存为 .xlsx）。"


def _rows():
    return [member("H1", VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")]


@pytest.mark.parametrize("name", ["registry.txt", "registry.tsv", "registry"])
def test_a_file_not_xlsx_or_csv_is_refused_at_upload_with_the_message(personas, county, name):
    with pytest.raises(ValidationError) as refused:
        registry_import_create(actor=personas.county_officer, upload=csv_upload(_rows(), name=name), enqueue=False)

    assert refused.value.message_dict == {"file": [MSG]}
    assert not RegistryImport.objects.exists()


def test_the_page_refuses_a_txt_at_the_file_field_and_offers_only_xlsx_and_csv(personas, county, login):
    client = login(personas.county_officer)

    page = client.post("/households/import/", {"file": csv_upload(_rows(), name="registry.txt")})

    assert page.status_code == 200
    assert MSG in page.content.decode()
    assert page.context["form"].errors == {"file": [MSG]}
    assert 'accept=".csv,.xlsm,.xlsx"' in page.content.decode()
    assert not RegistryImport.objects.exists()


def test_a_csv_and_an_xlsx_are_still_taken(personas, county):
    for upload in (csv_upload(_rows()), xlsx_upload(_rows())):
        registry_import_create(actor=personas.county_officer, upload=upload, enqueue=False)

    assert set(RegistryImport.objects.values_list("original_name", flat=True)) == {"registry.csv", "registry.xlsx"}
