"""A row re-sent unchanged after its alert was verified 部门数据有误 raises nothing (review alerts, finding 2): 医保
sends its cumulative list every ten days, and each file raised a new alert to the village for the same wrong row.
Held back while the member, the name and the ID number are those of the wrong alert; counted apart in the result
(已核实为部门数据有误、未改正) with the note for the department, and listed on a sheet of the error workbook. A name
corrected raises a new alert, as does a live alert of the rule since (the corrected row was alerted)."""

import datetime as dt

import openpyxl
import pytest

from alerts.choices import AlertOutcome, AlertStatus
from alerts.ingest.wrong_data import WRONG_DATA_SHEET
from alerts.models import Alert, AlertRule, FeedUpload
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "medical-cost-monitored"  # 医保, every ten days (旬), cumulative out-of-pocket costs
FIRST, SECOND, THIRD = dt.date(2026, 9, 2), dt.date(2026, 9, 12), dt.date(2026, 9, 22)  # three 旬
NOTE = "身份证号对应的是另一人，请核对"


def _send(clerks, day: dt.date, *rows: tuple[str, str, str]) -> FeedUpload:
    cells = [[name, id_number, "", amount, ""] for name, id_number, amount in rows]
    return ingest(
        clerks["medical_insurance"], CODE, csv_file(cells, header=header_of(CODE), name=f"{day}.csv"), today=day
    )


def _wrong(personas, person) -> Alert:
    alert = Alert.objects.get(member=person, status=AlertStatus.PENDING)
    return alert_verify(actor=personas.cadre_a, alert=alert, outcome=AlertOutcome.WRONG_DATA, visited_on=FIRST,
                        note="入户核实，本人未住院", department_note=NOTE)  # fmt: skip


def test_the_same_row_resent_raises_no_alert_and_is_counted_with_the_note(personas, clerks, people):
    zhang, li = people["zhang"], people["li"]
    _send(clerks, FIRST, ("张大山", zhang.id_number, "12000"))
    _wrong(personas, zhang)

    again = _send(clerks, SECOND, ("李秀英", li.id_number, "15000"), ("张大山", zhang.id_number, "12500"))

    assert (again.alerts_raised, again.alerts_repeated, again.alerts_wrong_data) == (1, 0, 1)
    assert not Alert.objects.filter(member=zhang, status=AlertStatus.PENDING).exists()
    assert f"另有 1 条已核实为部门数据有误、未改正，未生成预警：第 3 行（{NOTE}）" in again.message
    workbook = openpyxl.load_workbook(again.error_file.path)
    assert workbook.sheetnames == [WRONG_DATA_SHEET]  # no row in error: no empty 错误清单
    sheet = workbook[WRONG_DATA_SHEET]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert any("张大山" in row and f"已核实为部门数据有误、未改正：{NOTE}" in row for row in rows), rows
    # and each later file the same
    assert _send(clerks, THIRD, ("张大山", zhang.id_number, "12900")).alerts_wrong_data == 1  # under the rise
    assert Alert.objects.filter(member=zhang).count() == 1


def test_a_corrected_name_raises_a_new_alert(personas, clerks, people):
    zhang = people["zhang"]
    _send(clerks, FIRST, ("张大三", zhang.id_number, "12000"))
    _wrong(personas, zhang)

    corrected = _send(clerks, SECOND, ("张大山", zhang.id_number, "12000"))

    assert (corrected.alerts_raised, corrected.alerts_wrong_data) == (1, 0)
    assert "部门数据有误" not in corrected.message and not corrected.error_file


def test_the_upload_api_gives_the_count(personas, clerks, people, login):
    zhang = people["zhang"]
    _send(clerks, FIRST, ("张大山", zhang.id_number, "12000"))
    _wrong(personas, zhang)
    again = _send(clerks, SECOND, ("张大山", zhang.id_number, "12300"))  # the next 旬's cumulative cost

    body = login(clerks["medical_insurance"]).get(f"/api/v1/feed-uploads/{again.pk}/").json()
    page = login(clerks["medical_insurance"]).get(f"/alerts/uploads/{again.pk}/").content.decode()

    assert body["alerts_wrong_data"] == 1 and "已核实为部门数据有误、未改正" in body["message"]
    assert '<dt>已核实为部门数据有误、未改正</dt><dd><strong class="warn">1</strong>' in page
    assert f"第 2 行（{NOTE}）" in page


def test_a_worse_report_of_the_same_row_still_raises_an_alert(personas, clerks, people):
    """The hold is for the row the village found wrong, not for a risk that came since: a cumulative cost up by the
    rule's 重新预警增加额 reaches the village again, as after the quiet outcomes."""
    zhang = people["zhang"]
    _send(clerks, FIRST, ("张大山", zhang.id_number, "12000"))
    wrong = _wrong(personas, zhang)
    rise = AlertRule.objects.get(pk=wrong.rule_id).rise_amount

    assert _send(clerks, SECOND, ("张大山", zhang.id_number, str(12000 + rise - 1))).alerts_wrong_data == 1
    worse = _send(clerks, THIRD, ("张大山", zhang.id_number, str(12000 + rise)))

    assert (worse.alerts_raised, worse.alerts_wrong_data) == (1, 0)
    assert Alert.objects.filter(member=zhang, status=AlertStatus.PENDING).count() == 1


def test_the_clerks_outcomes_page_says_an_unchanged_row_raises_nothing(clerks, login):
    page = login(clerks["medical_insurance"]).get("/alerts/outcomes/").content.decode()

    assert "姓名和身份证号都未改、情况也未加重的行再次报送不会生成预警" in page
