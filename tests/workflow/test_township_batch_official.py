"""Review finding (township 5): an official (领导, read-only) who posted the township batch audit was told the form's
errors ("请至少选择一户") as if they could fix them and submit; and the page is theirs to read only. A post by anyone
who acts no township audit is refused before the form is read, and they see the list without ticks or buttons."""

import pytest

from tests.workflow.township_helpers import at_township, selection
from workflow.choices import CaseStepStatus
from workflow.models import CaseStep
from workflow.services.township_batch import MSG_NOT_TOWNSHIP_AUDITOR

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"


@pytest.fixture
def case(personas, household_a):
    return at_township(personas, household_a, personas.cadre_a)


def test_the_official_reads_the_queue_without_selection_controls(personas, login, case):
    page = login(personas.official).get(URL).content.decode()

    assert "张大山" in page and "由乡镇干部办理" in page
    assert 'type="checkbox" name="case"' not in page and 'name="case"' not in page
    assert "select-all" not in page and "下一步：确认" not in page and "已选" not in page
    assert "勾选多户后填写一条意见" not in page and "处于乡镇审核环节的案件（仅供查看）" in page


@pytest.mark.parametrize("posted", [{}, {"outcome": "pass", "note": "情况属实"}])
def test_a_post_by_the_official_is_refused_before_the_form_is_read(personas, login, case, posted):
    data = {**posted, "case": selection([case])} if posted else {}
    response = login(personas.official).post(URL, data)

    page = response.content.decode()
    assert response.status_code == 403 and MSG_NOT_TOWNSHIP_AUDITOR in page
    assert "请至少选择一户" not in page
    assert CaseStep.objects.get(case=case, step__code="township_preliminary").status == CaseStepStatus.OPEN


def test_the_township_still_ticks_and_submits(personas, login, case):
    page = login(personas.township).get(URL).content.decode()
    assert 'name="case"' in page and "下一步：确认" in page and "勾选多户后填写一条意见" in page
