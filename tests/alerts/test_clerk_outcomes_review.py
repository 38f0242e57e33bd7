"""Review of the department's outcomes page: an empty tab or search says nothing matched (not that the department's
data raised no alert), and an unknown tab or outcome is a 400 saying so (it listed everything), as the API answers.
The cadre's note to the department may repeat the outcome the department reads anyway (已是监测对象)."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from alerts.services.department_note import department_note_problem
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
PAGE = "/alerts/outcomes/"
API = "/api/v1/alerts/"


@pytest.fixture
def alert(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return Alert.objects.get()


def test_an_empty_tab_says_nothing_matched(clerks, alert, login):
    clerk = login(clerks["health"])

    page = clerk.get(PAGE, {"status": "overdue"})

    assert page.status_code == 200 and list(page.context["page"]) == []
    assert "没有符合条件的预警" in page.content.decode()
    assert "还没有生成预警" not in page.content.decode()


@pytest.mark.parametrize(("name", "said"), [("status", "状态“bogus”无效"), ("outcome", "核实结果：")])
def test_an_unknown_tab_or_outcome_is_a_400_saying_so(clerks, alert, login, name, said):
    clerk = login(clerks["health"])

    page = clerk.get(PAGE, {name: "bogus"})

    assert page.status_code == 400 and said in page.content.decode()
    assert 'value="bogus"' not in page.content.decode()  # the search form does not send it again
    assert list(page.context["page"]) == []
    api = clerk.get(API, {name: "bogus"})
    assert api.status_code == 400 and name in api.json()


def test_the_outcome_the_department_reads_may_be_repeated_in_the_note(alert):
    assert department_note_problem("经入户核实，该户已是监测对象，请知悉", alert=alert, outcome="monitored") == ""
    # Not another outcome's words, nor the status word alone under another outcome.
    assert "“监测对象”" in department_note_problem("该户已是监测对象", alert=alert, outcome="wrong_data")
    assert "“低保”" in department_note_problem("已是监测对象，享受低保", alert=alert, outcome="monitored")
