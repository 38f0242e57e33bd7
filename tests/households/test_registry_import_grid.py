"""The go-live import's 网格 column: a household comes in its village's grid, so a grid-limited cadre sees it."""

import datetime as dt
import io

import openpyxl
import pytest

from accounts.choices import Role
from households.models import Grid, Household, HouseholdEvent
from households.registry_import.grids import MSG_GRID_DIFFERS
from households.registry_import.staging import MSG_SIBLING
from households.selectors import household_list
from tests.factories import UserFactory
from tests.households.test_registry_import import GROUP_A, HEADER, VILLAGE_B, error_sheet, hn, member, pid, run
from tests.households.test_registry_import import xlsx_upload as upload

pytestmark = pytest.mark.django_db

HEAD_1, SON_1 = pid(dt.date(1966, 4, 2), 11), pid(dt.date(1995, 1, 30), 13)
HEAD_2, HEAD_3 = pid(dt.date(1970, 5, 6), 21), pid(dt.date(1972, 7, 8), 31)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def grids(county):
    def grid(village, name):
        return Grid.objects.create(village=village, name=name, region_path=village.path)

    return {
        "b1": grid(county.village_b, "第一网格"),
        "b2": grid(county.village_b, "第二网格"),
        "a1": grid(county.village_a, "第一网格"),
    }


def rows(h1_grid: str = "第一网格", son_grid: str = "", h2_grid: str = "第二网格") -> list[list[str]]:
    return [
        member(hn("H1"), VILLAGE_B, "是", "周一", HEAD_1, "户主", 网格=h1_grid),
        member(hn("H1"), "", "否", "周小一", SON_1, "之子", 网格=son_grid),
        member(hn("H2"), VILLAGE_B, "是", "吴二", HEAD_2, "户主", 网格=h2_grid),
        member(hn("H3", GROUP_A), GROUP_A, "是", "郑三", HEAD_3, "户主"),
    ]


def test_households_come_in_the_grid_their_row_names_and_a_grid_limited_cadre_finds_them(personas, county, grids):
    record = run(personas.county_officer, upload(rows(son_grid="第一网格")))

    assert (record.rows_bad, record.households_created) == (0, 3), record.message
    placed = dict(Household.objects.values_list("number", "grid__name"))
    assert placed == {hn("H1"): "第一网格", hn("H2"): "第二网格", hn("H3", GROUP_A): None}
    # Village A has a 第一网格 too: the name is read within the household's own village.
    assert Household.objects.get(number=hn("H1")).grid == grids["b1"]
    worker = UserFactory(role=Role.VILLAGE_CADRE, region_path=county.village_b.path, grid=grids["b1"])
    assert [h.number for h in household_list(actor=worker, filters={})] == [hn("H1")]
    assert [h.number for h in household_list(actor=worker, filters={"q": "周一"})] == [hn("H1")]
    event = HouseholdEvent.objects.get(household__number=hn("H1"))
    assert {"field": "grid", "label": "网格", "old": "", "new": "城北村 第一网格"} in event.changes


def test_a_grid_the_village_does_not_have_is_the_rows_error_naming_the_villages_grids(personas, county, grids):
    record = run(personas.county_officer, upload(rows(h1_grid="第三网格")))

    assert (record.rows_bad, record.households_created) == (2, 2), record.message
    assert not Household.objects.filter(number=hn("H1")).exists()
    assert not Grid.objects.filter(name="第三网格").exists()  # never created silently
    _, reasons = error_sheet(record)
    # A title row and the header stand above the data: H1's head is row 3.
    assert reasons[3] == "网格：城北村没有名为“第三网格”的网格，该村的网格有：第一网格、第二网格"
    assert reasons[4] == MSG_SIBLING


def test_a_village_without_grids_says_so_and_a_blank_cell_leaves_the_household_in_none(personas, county):
    record = run(personas.county_officer, upload(rows(h2_grid="")))

    assert (record.rows_bad, record.households_created) == (2, 2), record.message
    _, reasons = error_sheet(record)
    assert reasons[3].startswith("网格：城北村还没有网格，无法划入“第一网格”")
    assert Household.objects.get(number=hn("H2")).grid is None


def test_a_member_row_naming_another_grid_than_its_heads_is_refused(personas, county, grids):
    record = run(personas.county_officer, upload(rows(son_grid="第二网格")))

    assert (record.rows_bad, record.households_created) == (2, 2), record.message
    _, reasons = error_sheet(record)
    assert reasons[4] == MSG_GRID_DIFFERS


def test_the_column_is_read_under_its_other_headers(personas, county, grids):
    header = ["所属网格" if h == "网格" else h for h in HEADER]
    record = run(personas.county_officer, upload(rows(), header=header))

    assert record.households_created == 3, record.message
    assert Household.objects.get(number=hn("H2")).grid == grids["b2"]


def test_the_template_and_the_upload_page_document_the_grid_column(personas, county, login):
    client = login(personas.county_officer)

    page = client.get("/households/import/").content.decode()
    template = openpyxl.load_workbook(io.BytesIO(client.get("/households/import/template/").content))

    assert "<td>网格</td>" in page
    header = [c.value for c in template["农户档案"][1]]
    assert "网格" in header
    notes = [row[0] for row in template["填写说明"].iter_rows(values_only=True)]
    assert "网格" in notes


def test_the_import_page_names_the_villages_whose_households_came_in_no_grid_and_links_to_assign_them(
    personas, county, grids, login
):
    record = run(personas.county_officer, upload(rows(h2_grid="")))

    page = login(personas.county_officer).get(f"/households/import/{record.pk}/").content.decode()

    assert "涂埠镇城北村：1 户" in page and "涂埠镇城南村：1 户" in page
    assert f'href="/households/grids/assign/?village={VILLAGE_B}"' in page
    assert '<td data-label="网格">第一网格</td>' in page
