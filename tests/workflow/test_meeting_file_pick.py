"""Review of the cadre's phone journey, finding 5: the meeting form's 会议记录 was the browser's bare file input
("Choose File"); every other upload uses the shared picker (partials/file_input.html, static/js/file_pick.js)."""

import re

import pytest

from tests.workflow.batch_helpers import open_case

pytestmark = pytest.mark.django_db


def test_the_minutes_use_the_shared_picker_with_its_chinese_button(personas, login, county, household_a):
    open_case(personas.cadre_a, household_a)

    page = login(personas.cadre_a).get(f"/workflow/meetings/{county.village_a.code}/new/").content.decode()

    pick = re.search(r'<div class="file-pick" data-file-pick>(.*?)</div>', page, re.S)
    assert pick is not None and 'name="minutes"' in pick.group(1)
    assert '<label for="id_minutes" class="btn btn-small" aria-hidden="true">选择文件</label>' in pick.group(1)
    assert "未选择文件" in pick.group(1)
