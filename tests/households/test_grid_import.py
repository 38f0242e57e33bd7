"""The system admin sets up a county's grids and their grid workers from one sheet (批量导入网格)."""

import base64
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from accounts.models import AuditEvent
from households.grid_import import COLUMNS, grids_import
from households.models import Grid
from tests.factories import UserFactory
from tests.reports.conftest import libreoffice_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/households/grid/import/"
HEADER = ["所属村", "网格名称", "网格员用户名"]


def _import(actor, *rows):
    columns = {c.key: i for i, c in enumerate(COLUMNS)}
    return grids_import(actor=actor, rows=[(i, list(r)) for i, r in enumerate(rows, start=2)], columns=columns)


@pytest.fixture
def workers(county):
    return {
        "li": UserFactory(username="chengnan_li", role=Role.VILLAGE_CADRE, region_path=county.village_a.path),
        "zhao": UserFactory(username="chengbei_zhao", role=Role.VILLAGE_CADRE, region_path=county.village_b.path),
        "gone": UserFactory(username="gone", role=Role.VILLAGE_CADRE, region_path=county.village_a.path,
                            is_active=False),
    }  # fmt: skip


def test_grids_are_created_and_an_existing_grid_gets_its_new_worker(personas, county, workers):
    Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    Grid.objects.create(
        village=county.village_b, name="第一网格", region_path=county.village_b.path, worker=workers["zhao"]
    )

    outcome = _import(
        personas.system_admin,
        ["360425100201", "第一网格", "chengnan_li"],
        ["涂埠镇城南村", "第二网格", ""],
        ["城北村", "第一网格", ""],  # a blank worker leaves the grid's worker as it is
    )

    assert outcome.errors == []
    assert [g.name for g in outcome.created] == ["第二网格"]
    assert [g.name for g in outcome.updated] == ["第一网格"]
    assert outcome.unchanged == 1
    a1 = Grid.objects.get(village=county.village_a, name="第一网格")
    assert a1.worker == workers["li"]
    assert Grid.objects.get(village=county.village_a, name="第二网格").worker is None
    assert Grid.objects.get(village=county.village_b, name="第一网格").worker == workers["zhao"]
    assert AuditEvent.objects.filter(action="grid.create").count() == 1
    assert AuditEvent.objects.filter(action="grid.update").count() == 1
    assert AuditEvent.objects.filter(action="grid.import").count() == 1


def test_each_bad_grid_row_names_its_column_and_reason(personas, county, workers):
    outcome = _import(
        personas.system_admin,
        ["城南村", "第一网格", "chengnan_li"],
        ["城南村", "第一网格", "chengnan_li"],
        ["涂埠镇", "第二网格", ""],
        ["城南村", "第三网格", "nobody"],
        ["城南村", "第四网格", "chengbei_zhao"],
        ["城南村", "第五网格", "gone"],
        ["无此村", "", ""],
        ["城南村", "网" * 101, ""],
        ["城南村", "第六网格", "township"],
    )

    assert [g.name for g in outcome.created] == ["第一网格"]
    assert {e.line: e.reason for e in outcome.errors} == {
        3: "网格名称：与第2行是同一个网格",
        4: "所属村：“涂埠镇”不是村：网格只能建在村下",
        5: "网格员用户名：没有用户名为“nobody”的账号（请先在“用户”中创建或批量导入）",
        6: "网格员用户名：网格员的管辖区划必须包含该村",
        7: "网格员用户名：该用户已停用，不能担任网格员",
        8: "网格名称：不能为空；所属村：没有找到区划“无此村”：请填写区划代码（如 360425100201）或“乡镇名村名”"
        "（如 涂埠镇城南村）",
        9: "网格名称：网格名称不能超过 100 个字符",
        10: "网格员用户名：网格员须为村干部/网格员或驻村工作队，“township”是乡镇工作人员",
    }


def test_the_admin_page_imports_a_sheet_and_hands_back_the_bad_rows(personas, county, workers, login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["永修县网格划分表"])
    sheet.append(HEADER)
    sheet.append([360425100201, "第一网格", "chengnan_li"])
    sheet.append(["城南村", "第二网格", "nobody"])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "网格.xlsx"

    response = login(personas.system_admin).post(IMPORT_URL, {"file": upload})

    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "新建网格 1 个，修改网格员 0 个，有误 1 行未导入。" in html
    match = re.search(r'href="data:[^;]+;base64,([^"]+)" download="网格导入错误清单.xlsx"', html)
    rows = list(load_workbook(io.BytesIO(base64.b64decode(match.group(1)))).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("城南村", "第二网格", "nobody", 4)
    assert Grid.objects.get(name="第一网格").worker == workers["li"]


def test_the_grid_template_opens_in_libreoffice_and_lists_the_columns(personas, county, login):
    client = login(personas.system_admin)
    listing = client.get("/admin/households/grid/").content.decode()
    template = client.get(IMPORT_URL + "template/")

    assert IMPORT_URL in listing
    assert libreoffice_csv(template.content)[0] == HEADER
    assert login(personas.county_officer).get(IMPORT_URL).status_code in (302, 403)


def test_the_grid_list_shows_which_grids_need_a_grid_worker(personas, county, workers, login):
    Grid.objects.create(village=county.village_a, name="无人网格", region_path=county.village_a.path)
    Grid.objects.create(
        village=county.village_a, name="离任网格", region_path=county.village_a.path, worker=workers["gone"]
    )
    Grid.objects.create(
        village=county.village_a, name="在岗网格", region_path=county.village_a.path, worker=workers["li"]
    )
    client = login(personas.system_admin)

    def listed(state: str) -> set[str]:
        response = client.get(f"/admin/households/grid/?worker_state={state}")
        return {grid.name for grid in response.context["cl"].result_list}

    assert listed("none") == {"无人网格"}
    assert listed("inactive") == {"离任网格"}
    assert listed("active") == {"在岗网格"}
    assert "（已停用）" in client.get("/admin/households/grid/").content.decode()
