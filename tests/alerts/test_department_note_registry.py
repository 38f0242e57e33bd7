"""The note for the reporting department carries no registry data (review rev-clerk 1): a cadre wrote
"此号码是李倩艳的，她患有高血压，家里是梁文兵户，低保户" and the clerk read it on /alerts/outcomes/ and in the
API. Names of the alert's household (its members and head), benefit and status words and illnesses are refused,
saying what was found; the name the department itself sent may be written back."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.models import Alert
from alerts.services.department_note import department_note_problem
from alerts.services.verification import alert_verify
from households.models import Member
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
LEAK = "此号码是李秀英的，她患有高血压，家里是张大山户，低保户"


@pytest.fixture
def alerts(clerks, people):
    """The file names 张大山's ID number 张三 (a wrong row), and 李秀英's by her own name; one household, whose
    head is 张大山."""
    rows = [["张三", people["zhang"].id_number, "未参保", "10"], ["李秀英", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return {a.person_name: a for a in Alert.objects.all()}


def _verify(personas, alert, note: str) -> Alert:
    return alert_verify(actor=personas.cadre_a, alert=alert, outcome="wrong_data", visited_on=timezone.localdate(),
                        note="入户核实，身份证号是张大山的", department_note=note)  # fmt: skip


def _refusal(personas, alert, note: str) -> str:
    with pytest.raises(ValidationError) as error:
        _verify(personas, alert, note)
    assert Alert.objects.get(pk=alert.pk).status == "pending"
    (message,) = error.value.message_dict["department_note"]
    return message


def test_the_reviewers_note_is_refused_saying_what_it_found(personas, alerts):
    message = _refusal(personas, alerts["张三"], LEAK)
    assert message.startswith("“反馈报送部门的说明”中有农户档案信息，不能提交")
    assert "家庭成员姓名“李秀英”“张大山”" in message
    assert "享受政策或身份“低保”" in message and "病情或残疾“高血压”" in message
    assert "部门只能看到核实结果" in message


@pytest.mark.parametrize(
    ("note", "found"),
    [
        ("户主张 大山说没有这回事", "“张大山”"),  # the head, spaced
        ("其妻李秀英在家", "“李秀英”"),
        ("该户已是特困供养户", "“特困供养”"),
        ("已给予临时救助", "“临时救助”"),
        ("已是监测对象", "“监测对象”"),
        ("该户为脱贫户", "“脱贫户”"),
        ("该户为边缘易致贫户", "“边缘易致贫户”"),
        ("本人残疾，长期慢性病", "“残疾”“长期慢性病”"),
        ("患有大病，已住院", "“患有大病”"),
    ],
)
def test_names_benefits_and_illnesses_of_the_registry_are_refused(personas, alerts, note, found):
    assert found in _refusal(personas, alerts["张三"], note)


def test_a_member_who_left_the_household_is_still_its_name(personas, alerts, people):
    Member.objects.filter(pk=people["li"].pk).update(living_status="moved_out")
    assert "“李秀英”" in _refusal(personas, alerts["张三"], "系李秀英之夫")


def test_the_name_the_department_sent_may_be_written_back(personas, alerts):
    done = _verify(personas, alerts["张三"], "张三的身份证号与姓名不符，请核对")
    assert done.department_note == "张三的身份证号与姓名不符，请核对"
    # Its own person's name, when the department sent the member's own name.
    done = _verify(personas, alerts["李秀英"], "经入户核实，李秀英已参保，请核对")
    assert done.status != "pending"


def test_without_the_alert_the_words_are_still_refused():
    assert "“低保”" in department_note_problem("低保户")
    assert department_note_problem("身份证号与姓名不符，请核对；2026-11-03 入户") == ""


def test_the_page_and_the_api_refuse_it_and_the_clerk_never_reads_it(personas, alerts, clerks, login):
    cadre, alert = login(personas.cadre_a), alerts["张三"]
    form = {"outcome": "wrong_data", "visited_on": f"{timezone.localdate():%Y-%m-%d}", "note": "查无此事",
            "department_note": LEAK}  # fmt: skip
    page = cadre.post(f"/alerts/{alert.pk}/", form)
    assert page.status_code == 200 and "家庭成员姓名“李秀英”“张大山”" in page.content.decode()
    response = cadre.post(f"/api/v1/alerts/{alert.pk}/verify/", form, content_type="application/json")
    assert response.status_code == 400 and "“低保”" in response.json()["department_note"][0]

    clerk = login(clerks["health"])
    assert "高血压" not in clerk.get("/alerts/outcomes/").content.decode()
    assert clerk.get(f"/api/v1/alerts/{alert.pk}/").json()["department_note"] == ""


def test_words_of_what_the_department_sent_itself_may_be_answered(personas, clerks, people):
    """卫健 sent 张大山 as 新增大病患者 (its rule's name): "经核实未患大病" tells it nothing of the registry. A benefit
    the department did not send (低保) is still refused in the same kind of note."""
    rows = [["张大山", people["zhang"].id_number, "恶性肿瘤", "2026-11-01"]]
    ingest(clerks["health"], "health-serious-illness", csv_file(rows, header=header_of("health-serious-illness")))
    alert = Alert.objects.get(rule_name="新增大病患者")

    done = _verify(personas, alert, "经入户核实，本人未患大病，请核对诊断记录")

    assert done.department_note == "经入户核实，本人未患大病，请核对诊断记录"
    assert "“低保”" in department_note_problem("经核实未患大病，并非低保", alert=alert)
