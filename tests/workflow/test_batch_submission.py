"""The county bureau's submission list (提请审批名单): the approval queue printed for the leading group's meeting."""

import re
from types import SimpleNamespace

import pytest

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import at_approval, new_household
from workflow import selectors_batches
from workflow.choices import CaseStepStatus
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]


def table(page: str) -> str:
    return page.split("<table", 1)[1].split("</table>", 1)[0]


def test_the_bureau_prints_the_queue_with_what_the_lower_levels_did(personas, login, two):
    page = login(personas.county_officer).get("/workflow/batches/submission/").content.decode()
    assert "防止返贫监测对象提请审批名单" in page and "共 2 户" in page
    rows = table(page)
    assert "张大山" in rows and "王五" in rows
    # Each finished step of the case, by the county's own step names; a publicity with its period.
    done = CaseStep.objects.filter(case=two[0], status=CaseStepStatus.DONE).select_related("step")
    assert done.count() >= 5
    for step in done:
        assert step.step.name in rows
    assert "无异议" in rows
    publicity = done.filter(ends_on__isnull=False).first()
    assert f"至{publicity.ends_on:%Y-%m-%d}" in rows  # a day of another year says its year
    # What the leading group needs, not what it must not see: no ID numbers.
    assert not re.search(r"\d{17}[\dX]", rows)
    assert "经办人" in page and "县乡村振兴局（盖章）" in page


def test_the_list_follows_the_batch_page_filters(personas, login, county, two):
    client = login(personas.county_officer)
    queue = client.get(f"/workflow/batches/?township={county.township2.code}").content.decode()
    assert f"/workflow/batches/submission/?township={county.township2.code}" in queue
    page = client.get(f"/workflow/batches/submission/?township={county.township2.code}").content.decode()
    assert f"乡镇：{county.township2.name}" in page
    assert "张大山" not in page and "没有处于县级审批环节的案件" in page
    # A bad filter is left out, not the list with it.
    assert "张大山" in client.get("/workflow/batches/submission/?min_days=abc").content.decode()


def test_a_township_prints_only_its_own_households(personas, login, county, two):
    cadre_c = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    township2 = UserFactory(
        username="township2", role=Role.TOWNSHIP_OFFICER, region_path=county.township2.path, region_name="虬津镇"
    )
    officers = SimpleNamespace(county_officer=personas.county_officer, township=township2)
    at_approval(officers, new_household(cadre_c, county.village_c, "赵六", 77), cadre_c)
    assert "赵六" in login(personas.county_officer).get("/workflow/batches/submission/").content.decode()
    page = login(personas.township).get("/workflow/batches/submission/").content.decode()
    assert "涂埠镇防止返贫监测对象提请审批名单" in page and "共 2 户" in page
    rows = table(page)
    assert "张大山" in rows and "王五" in rows and "赵六" not in rows


def test_a_list_longer_than_one_batch_says_what_it_left_out(personas, login, two, monkeypatch):
    monkeypatch.setattr(selectors_batches, "SUBMISSION_LIMIT", 1)
    page = login(personas.county_officer).get("/workflow/batches/submission/").content.decode()
    assert "共 2 户" in page and "本表列出等待最久的 1 户" in page
    assert table(page).split("<tbody>", 1)[1].count("<tr") == 1
