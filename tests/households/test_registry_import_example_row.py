"""Review finding (registry import #1): the template's example row (张大山, 户编号 3604251002019999, its sample ID
number) is refused wherever it stands, 第N行是模板示例行，请删除后再导入, instead of registering a 脱贫户 in the
county's first village; a template sent back as downloaded is refused whole with that message. Only the exact example
is refused."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.choices import Relation
from households.models import Household, RegistryImport
from households.registry_import.columns import EXAMPLE_ID, EXAMPLE_NAME, EXAMPLE_NUMBER
from households.registry_import.workbook import template_workbook
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.test_registry_import import VILLAGE_B, error_sheet, hn, member, pid, run

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status
EXAMPLE_MESSAGE = "第2行是模板示例行，请删除后再导入"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def template_with(*rows: list[str]) -> SimpleUploadedFile:
    """The downloaded template, its example row left in, with `rows` typed below it (from row 3)."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book["农户档案"]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("农户档案导入模板.xlsx", buffer.getvalue())


def real_household() -> list[str]:
    return member(hn("E1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")


def test_the_template_uploaded_as_downloaded_is_refused_whole(personas, county, login):
    client = login(personas.county_officer)
    template = client.get("/households/import/template/").content

    record = run(personas.county_officer, SimpleUploadedFile("农户档案导入模板.xlsx", template))

    assert record.status == Status.FAILED and record.message == f"{EXAMPLE_MESSAGE}。"
    assert not Household.objects.filter(number=EXAMPLE_NUMBER).exists()
    assert EXAMPLE_MESSAGE in client.get(f"/households/import/{record.pk}/").content.decode()


def test_the_example_left_above_real_rows_is_listed_and_the_real_households_imported(personas, county):
    record = run(personas.county_officer, template_with(real_household()))

    assert record.status == Status.DONE, record.message
    assert (record.rows_total, record.rows_ok, record.rows_bad, record.households_created) == (2, 1, 1, 1)
    assert Household.objects.filter(number=hn("E1")).exists()
    assert not Household.objects.filter(number=EXAMPLE_NUMBER).exists()
    # The example row is in no household: the message does not say "（涉及 0 户）".
    assert "1 行有误未导入，请下载错误清单" in record.message
    _, reasons = error_sheet(record)
    assert reasons == {2: EXAMPLE_MESSAGE}


def test_the_example_imported_before_is_still_refused_as_the_example(personas, county):
    # The reviewer's county: the unchanged template had registered 张大山 once; uploading it again is not a household
    # "已导入，跳过", nor an ID number held by a living member: it is the example.
    earlier = HouseholdFactory(number=EXAMPLE_NUMBER, village=county.village_a)
    MemberFactory(household=earlier, name=EXAMPLE_NAME, id_number=EXAMPLE_ID, relation=Relation.HEAD)

    record = run(personas.county_officer, template_with(real_household()))

    assert record.status == Status.DONE and record.households_skipped == 0
    _, reasons = error_sheet(record)
    assert reasons == {2: EXAMPLE_MESSAGE}


def test_only_the_exact_example_is_refused(personas, county):
    # The example's number and ID number under a real name is not the example: it is checked as any row is.
    renamed = member(EXAMPLE_NUMBER, "360425100201001", "是", "李大山", EXAMPLE_ID, "户主")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(template_header()))
    sheet.append(renamed)
    buffer = io.BytesIO()
    book.save(buffer)

    record = run(personas.county_officer, SimpleUploadedFile("registry.xlsx", buffer.getvalue()))

    assert record.status == Status.DONE and record.households_created == 1, record.message
    assert Household.objects.get(number=EXAMPLE_NUMBER).head_name == "李大山"


def template_header() -> tuple[str, ...]:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    return next(book["农户档案"].iter_rows(max_row=1, values_only=True))
