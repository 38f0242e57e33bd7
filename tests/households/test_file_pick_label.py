"""Review (township) finding 5: an upload field shows a button in Chinese (选择文件) instead of the browser's own
"Choose File", with the file input still there (and the script that names the chosen file, CSP script-src 'self')."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_upload_field_has_a_chinese_button_bound_to_its_input(personas, login, household_a):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/consent/new/").content.decode()

    assert "data-file-pick" in page and 'type="file"' in page
    assert '<label for="id_scan" class="btn btn-small" aria-hidden="true">选择文件</label>' in page
    assert "未选择文件" in page and "/static/js/file_pick.js" in page


def test_a_case_steps_attachment_has_it_too(personas, login, household_a):
    from tests.workflow.batch_helpers import open_case

    case = open_case(personas.cadre_a, household_a)

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert '<label for="id_village_review-attachment" class="btn btn-small" aria-hidden="true">选择文件</label>' in page
