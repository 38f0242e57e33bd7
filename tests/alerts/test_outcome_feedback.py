"""The department learns why its alert was closed, and a wrong row comes back to it (review clerk_alerts,
finding 9): the note written for it on its outcomes page and in the API (review rev-clerk 4: never the cadre's
own 核实情况), and the outcome 部门数据有误 it can filter."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.services.verification import MSG_WRONG_DATA_NOTE, alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.fixture
def alerts(clerks, people):
    rows = [["张三", people["zhang"].id_number, "未参保", "10"], ["王五", people["wang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return {a.member.name: a for a in Alert.objects.select_related("member")}


def test_a_wrong_row_is_verified_as_wrong_data_with_a_note(personas, alerts):
    alert = alerts["张大山"]  # the file says 张三, the ID number is 张大山's
    with pytest.raises(ValidationError) as error:
        alert_verify(
            actor=personas.cadre_a,
            alert=alert,
            note="入户核实，情况属实",
            outcome="wrong_data",
            visited_on=timezone.localdate(),
        )
    assert error.value.message_dict["department_note"] == [MSG_WRONG_DATA_NOTE]

    done = alert_verify(actor=personas.cadre_a, alert=alert, outcome="wrong_data", visited_on=timezone.localdate(),
                        note="入户核实，情况属实", department_note="身份证号与姓名不符，不是张三")  # fmt: skip

    assert done.outcome == AlertOutcome.WRONG_DATA
    assert done.get_outcome_display() == "部门数据有误（姓名与身份证号不符等）"


def test_the_department_sees_the_note_and_lists_its_wrong_rows(personas, alerts, clerks, login):
    today = timezone.localdate()
    alert_verify(actor=personas.cadre_a, alert=alerts["张大山"], outcome="wrong_data", visited_on=today,
                 note="入户核实，情况属实", department_note="身份证号与姓名不符，不是张三")  # fmt: skip
    alert_verify(actor=personas.county_officer, alert=alerts["王五"], outcome="not_at_risk", visited_on=today,
                 note="已报销90%，家庭收入稳定", department_note="经入户核实，已报销90%，家庭收入稳定")  # fmt: skip
    client = login(clerks["health"])

    page = client.get("/alerts/outcomes/").content.decode()
    assert "身份证号与姓名不符，不是张三" in page and "经入户核实，已报销90%，家庭收入稳定" in page
    wrong = client.get("/alerts/outcomes/?outcome=wrong_data").content.decode()
    assert "张三" in wrong and "王五" not in wrong

    rows = client.get("/api/v1/alerts/", {"outcome": "wrong_data"}).json()
    rows = rows.get("results", rows)
    assert [(r["person_name"], r["department_note"]) for r in rows] == [("张三", "身份证号与姓名不符，不是张三")]
    assert "household" not in rows[0]  # still no registry field for a department
