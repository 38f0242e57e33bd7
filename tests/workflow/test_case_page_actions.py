"""Review rev-ux 4 and 5: on a phone the case page's actions are buttons a finger can hit (撤回本案 apart from the
text that explains it, 召开民主评议会议, 登记异议), and a user with a step to act on finds a "去办理" link at the top
that leads to the form at the end of the page; one without finds none."""

import re

import pytest

from tests.workflow.batch_helpers import open_case

pytestmark = pytest.mark.django_db


def test_the_cadre_sees_the_actions_as_buttons_and_a_way_to_the_form_at_the_top(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    withdraw = f'<a class="btn btn-small" href="/workflow/cases/{case.pk}/withdraw/">撤回本案</a>'
    assert withdraw in page
    assert re.search(r">撤回本案</a><span class=\"small muted\">误选农户", page)  # the text apart, not inline
    assert re.search(r'<a class="btn btn-small" href="/workflow/meetings/[^"]*/new/">召开民主评议会议</a>', page)
    to_act = page.index('href="#act-village_review"')
    assert "去办理：村级评议" in page
    form = page.index('id="act-village_review"')
    assert to_act < page.index("办理环节") < form  # the link near the top, the form after the steps


def test_a_user_with_nothing_to_do_on_the_case_gets_no_link_to_act(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)

    page = login(personas.county_officer).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "去办理" not in page and "data-to-act" not in page


def test_record_a_visit_on_the_household_page_is_a_button(personas, login, household_a):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert f'<a class="btn btn-small" href="/households/{household_a.pk}/visits/new/">记录走访</a>' in page
