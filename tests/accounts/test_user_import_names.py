"""Bulk user import (review admins w3 finding 3): a username of Chinese characters is refused with its row, column
and reason as the template promises (letters, digits and @ . + - _ only); the template's grid example is named like
the grids are (第一网格); a wrong grid name lists the village's grids in their natural order."""

import io

import pytest
from openpyxl import load_workbook

from accounts import user_import
from accounts.models import User
from accounts.user_import import MSG_USERNAME_FORMAT, users_import
from accounts.user_import_places import MSG_GRID_UNKNOWN
from accounts.user_import_workbooks import template_workbook
from households.models import Grid
from households.selectors import grid_directory, region_directory

pytestmark = pytest.mark.django_db


def _import(actor, *rows):
    return users_import(
        actor=actor,
        rows=[(line, list(row)) for line, row in enumerate(rows, start=2)],
        columns={"username": 0, "name": 1, "role": 2, "region": 3, "grid": 4},
        regions=region_directory(),
        grids=grid_directory(),
    )


def test_a_username_of_chinese_characters_is_refused_at_its_row_and_column(personas, county):
    outcome = _import(
        personas.system_admin,
        ["cn_wang", "王一", "村干部", "城南村", ""],
        ["审查用户", "赵二", "村干部", "城南村", ""],
        ["ｗａｎｇ2", "钱三", "村干部", "城南村", ""],
    )

    # Full-width letters are letters: stored as the account stores them.
    assert [a.user.username for a in outcome.created] == ["cn_wang", "wang2"]
    reasons = {error.line: error.reason for error in outcome.errors}
    assert reasons == {3: "用户名：" + MSG_USERNAME_FORMAT.format(value="审查用户", n=150)}
    assert "只能由字母、数字和 @ . + - _ 组成" in reasons[3]
    assert not User.objects.filter(username="审查用户").exists()


def test_the_templates_grid_example_is_named_like_the_grids():
    notes = load_workbook(io.BytesIO(template_workbook()))["填写说明"]
    grid_note = next(row[2].value for row in notes.iter_rows(min_row=2) if row[0].value == "网格")

    assert "第一网格" in grid_note
    assert "第2网格" not in grid_note
    assert next(c for c in user_import.COLUMNS if c.key == "grid").example in {"", "第一网格"}


def test_a_wrong_grid_name_lists_the_villages_grids_in_their_natural_order(personas, county):
    for name in ["第一网格", "第三网格", "第十网格", "第二网格", "第十二网格", "第四网格"]:
        Grid.objects.create(village=county.village_a, name=name, region_path=county.village_a.path)

    outcome = _import(personas.system_admin, ["cn_sun", "孙四", "村干部", "城南村", "第九网格"])

    allowed = "第一网格、第二网格、第三网格、第四网格、第十网格、第十二网格"
    assert outcome.errors[0].reason == "网格：" + MSG_GRID_UNKNOWN.format(
        village="城南村", value="第九网格", allowed=allowed
    )


def test_grids_numbered_in_digits_are_ordered_by_number_too(personas, county):
    for name in ["第10网格", "第2网格", "第1网格", "村部片区"]:
        Grid.objects.create(village=county.village_a, name=name, region_path=county.village_a.path)

    outcome = _import(personas.system_admin, ["cn_sun", "孙四", "村干部", "城南村", "第9网格"])

    allowed = "第1网格、第2网格、第10网格、村部片区"
    assert outcome.errors[0].reason == "网格：" + MSG_GRID_UNKNOWN.format(
        village="城南村", value="第9网格", allowed=allowed
    )
