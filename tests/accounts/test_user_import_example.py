"""The template's example row (xinshan_lihm 李红梅, 村干部, 新山村) left in an uploaded sheet is not an account: it is
skipped and said so, and the real rows below it are created."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import User
from accounts.user_import import COLUMNS, MSG_EXAMPLE_SKIPPED
from tests.households.conftest import numbered

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/accounts/user/import/"


def _template_with(client, rows: list[dict[str, str]]) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(client.get(IMPORT_URL + "template/").content))
    sheet = workbook.active
    for row in rows:
        sheet.append([row.get(column.key, "") for column in COLUMNS])
    handle = io.BytesIO()
    workbook.save(handle)
    handle.seek(0)
    handle.name = "账号.xlsx"
    return handle


def test_the_example_row_is_skipped_and_the_real_rows_are_created(personas, county, login):
    client = login(personas.system_admin)
    example = {column.key: column.example for column in COLUMNS}
    real = [
        {
            "username": "xinshan_zhang",
            "name": numbered("张", 1),
            "role": "村干部/网格员",
            "region": county.village_a.path,
        },
        {"username": "xinshan_wang", "name": numbered("王", 2), "role": "驻村工作队", "region": county.village_a.path},
    ]

    html = client.post(IMPORT_URL, {"file": _template_with(client, real)}).content.decode()

    assert "新建账号 2 个" in html
    assert MSG_EXAMPLE_SKIPPED.format(line=2) in html
    assert not User.objects.filter(username__iexact=example["username"]).exists()
    assert set(User.objects.filter(username__startswith="xinshan_").values_list("username", flat=True)) == {
        "xinshan_zhang",
        "xinshan_wang",
    }


def test_a_row_that_only_borrows_the_examples_village_is_a_real_account(personas, county, login):
    client = login(personas.system_admin)
    example = {column.key: column.example for column in COLUMNS}
    own = {**example, "username": "xinshan_chen", "name": numbered("陈", 3)}

    html = client.post(IMPORT_URL, {"file": _template_with(client, [own])}).content.decode()

    assert "新建账号 1 个" in html
    assert User.objects.get(username="xinshan_chen").region_path == county.village_a.path


def test_the_import_page_names_a_grid_as_the_grids_are_named(personas, login):
    page = login(personas.system_admin).get(IMPORT_URL).content.decode()

    assert "（如 第一网格）" in page and "第2网格" not in page
