"""Review of 风险消除: a household whose exit is refused (services.exit_rules: here no income of this year or last)
was told so beside the kind choice, but the page still asked the exit's own fields (未落实帮扶措施的原因, the
advisories' confirmation), listed its advisories and offered an active 发起 that could only repeat the refusal. A
refused exit now asks nothing of its own, and 发起 is offered for the other kinds only."""

import pytest

from tests.clock import today
from tests.workflow.helpers import exit_ready
from workflow.exit_checks import MSG_NO_INCOME
from workflow.models import Case

pytestmark = pytest.mark.django_db


def form_url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def _submit(page: str) -> str:
    """The markup from the end of the fields to the end of the form: the 发起 button and what wraps it."""
    start = page.index("此操作会记入农户变更记录和审计日志") - 200
    return page[start : page.index("</form>", start)]


def test_a_refused_exit_asks_none_of_its_fields_and_offers_no_submit_for_it(personas, login, monitored_a):
    page = login(personas.cadre_a).get(form_url(monitored_a)).content.decode()

    assert MSG_NO_INCOME.format(last=today().year - 1, this=today().year) in page
    assert 'name="no_measure_reason"' not in page and 'name="confirm_advisories"' not in page
    assert "data-exit-advisories" not in page and "如发起风险消除，请注意" not in page
    submit = _submit(page)
    # 发起 sits in the part shown for the other kinds only (js/shown_for.js hides and disables it for 风险消除).
    wrapper = submit[: submit.index("发起</button>")]
    assert wrapper[wrapper.rindex("data-shown-for=") :].startswith('data-shown-for="identification remark"')
    assert 'data-shown-for="exit" data-exit-refused-submit>该户暂不能发起风险消除' in submit


def test_an_exit_refused_and_posted_anyway_is_refused_by_the_service(personas, login, monitored_a):
    response = login(personas.cadre_a).post(form_url(monitored_a), {"kind": "exit", "discovered_on": today()})

    assert response.status_code == 200 and not Case.objects.exists()
    assert MSG_NO_INCOME.format(last=today().year - 1, this=today().year) in response.content.decode()


def test_an_exit_that_may_be_proposed_keeps_its_fields_and_its_submit(personas, login, monitored_a):
    exit_ready(monitored_a)

    page = login(personas.cadre_a).get(form_url(monitored_a)).content.decode()

    assert "data-exit-refusal" not in page and "data-exit-refused-submit" not in page
    assert "data-submit-other-kinds" not in page and "发起</button>" in page
