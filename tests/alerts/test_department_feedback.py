"""What the reporting department learns (review rev-clerk findings 3 and 4): the county's finding on its rows of
persons the registry does not hold, and of a verified alert only the outcome and a note written for it, never
the cadre's own 核实情况 with the household's income and benefits."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.choices import AlertOutcome, UnregisteredOutcome
from alerts.models import Alert, UnregisteredEntry
from alerts.services.unregistered import unregistered_check
from alerts.services.verification import MSG_WRONG_DATA_NOTE, alert_verify
from households.choices import LivingStatus
from tests.alerts.conftest import csv_file, header_of, ingest, pid
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
UNKNOWN = pid(dt.date(1985, 4, 4), 31)
INTERNAL = "家庭年人均纯收入18500元，其子谢某在浙江务工月收入6000元，妻子享受低保"


@pytest.fixture
def uploaded(clerks, people):
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["王五", people["wang"].id_number, "未参保", "10"],
        ["王未登", UNKNOWN, "未参保", "0"],
    ]
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())


# --- finding 4: the cadre's note stays with the registry ------------------------------------------------------


def test_the_department_sees_the_outcome_and_its_note_but_not_the_cadres_note(personas, uploaded, clerks, login):
    alert = Alert.objects.get(person_name="张大山")
    alert_verify(actor=personas.cadre_a, alert=alert, outcome="not_at_risk", visited_on=timezone.localdate(),
                 note=INTERNAL, department_note="经入户核实，暂无返贫致贫风险")  # fmt: skip
    client = login(clerks["health"])

    page = client.get("/alerts/outcomes/?q=张大山").content.decode()
    rows = client.get("/api/v1/alerts/", {"q": "张大山"}).json()
    rows = rows.get("results", rows)

    assert "经入户核实，暂无返贫致贫风险" in page and "18500" not in page and "低保" not in page.split("核实说明")[-1]
    assert rows[0]["department_note"] == "经入户核实，暂无返贫致贫风险"
    assert "outcome_note" not in rows[0] and INTERNAL not in str(rows[0])
    registry = login(personas.county_officer).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert (registry["outcome_note"], registry["department_note"]) == (INTERNAL, "经入户核实，暂无返贫致贫风险")


def test_an_old_note_written_before_the_two_were_apart_stays_internal(personas, uploaded, clerks, login):
    alert = Alert.objects.get(person_name="张大山")
    Alert.objects.filter(pk=alert.pk).update(status="verified", outcome="not_at_risk", outcome_note=INTERNAL,
                                             verified_on=timezone.localdate())  # fmt: skip

    page = login(clerks["health"]).get("/alerts/outcomes/").content.decode()

    assert "18500" not in page and "无返贫致贫风险" in page


def test_wrong_data_needs_a_note_for_the_department(personas, uploaded):
    alert = Alert.objects.get(person_name="张大山")
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="wrong_data", visited_on=timezone.localdate(),
                     note="身份证号是张大山的，不是张三")  # fmt: skip
    assert error.value.message_dict["department_note"] == [MSG_WRONG_DATA_NOTE]


def test_the_verification_form_warns_that_the_department_reads_its_note(personas, uploaded, login):
    alert = Alert.objects.get(person_name="张大山")

    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()

    assert "反馈报送部门的说明" in page and "核实情况（仅系统内可见）" in page
    assert "请勿在给部门的说明中填写收入、低保" in page


def test_the_verification_page_records_both_notes(personas, uploaded, login):
    alert = Alert.objects.get(person_name="张大山")
    body = {"outcome": "not_at_risk", "visited_on": timezone.localdate().isoformat(), "note": INTERNAL,
            "department_note": "暂无风险", "risk_types": [alert.rule.risk_type]}  # fmt: skip

    response = login(personas.cadre_a).post(f"/alerts/{alert.pk}/", body)

    assert response.status_code == 302, response.content.decode()[-2000:]
    alert.refresh_from_db()
    assert (alert.outcome_note, alert.department_note) == (INTERNAL, "暂无风险")


# --- finding 3: the county's finding on the department's unmatched rows ------------------------------------


def test_the_department_sees_its_unmatched_rows_and_the_countys_wrong_data_finding(personas, uploaded, clerks, login):
    client = login(clerks["health"])
    before = client.get(f"/alerts/uploads/{uploaded.pk}/").content.decode()
    assert "第 4 行" in before and "王未登" in before and UNKNOWN in before and "待县里核查" in before

    entry = UnregisteredEntry.objects.get(id_number=UNKNOWN)
    unregistered_check(actor=personas.county_officer, entry=entry, outcome=UnregisteredOutcome.WRONG_DATA,
                       note="身份证号查无此人，疑为录入错误", checked_on=timezone.localdate())  # fmt: skip

    page = client.get(f"/alerts/uploads/{uploaded.pk}/").content.decode()
    outcomes = client.get("/alerts/outcomes/?status=unregistered&q=王未登").content.decode()
    wrong = client.get("/alerts/outcomes/?status=unregistered&outcome=wrong_data").content.decode()

    for html in (page, outcomes, wrong):
        assert "王未登" in html and "部门数据有误" in html and "身份证号查无此人，疑为录入错误" in html
    assert "共 1 条" in outcomes


def test_another_findings_note_is_the_countys_own_and_another_department_sees_nothing(
    personas, uploaded, clerks, login
):
    entry = UnregisteredEntry.objects.get(id_number=UNKNOWN)
    unregistered_check(actor=personas.county_officer, entry=entry, outcome=UnregisteredOutcome.NOT_RURAL,
                       note="户籍在南昌市东湖区", checked_on=timezone.localdate())  # fmt: skip

    page = login(clerks["health"]).get("/alerts/outcomes/?status=unregistered").content.decode()
    other = login(clerks["civil_affairs"]).get("/alerts/outcomes/?status=unregistered").content.decode()

    assert "非本县农村人口" in page and "南昌市" not in page
    assert "王未登" not in other


def test_the_clerk_is_not_told_the_registry_record_of_a_deceased_person(clerks, county, people, login):
    household = HouseholdFactory(village=county.village_a)
    dead = MemberFactory(household=household, name="苏帆水", living_status=LivingStatus.DECEASED,
                         status_changed_on=dt.date(2026, 10, 28))  # fmt: skip
    record = ingest(clerks["health"], CODE, csv_file([["苏帆水", dead.id_number, "未参保", "0"]],
                                                     header=header_of(CODE)), today=timezone.localdate())  # fmt: skip

    page = login(clerks["health"]).get(f"/alerts/uploads/{record.pk}/").content.decode()

    assert "苏帆水" in page and "已登记为已故" not in page
    assert AlertOutcome.WRONG_DATA  # the alert outcomes list is unchanged for these rows
