"""A verification's review (fx_verify): the note for the department carries no ID number or phone (finding 1), the
health box starts unticked (finding 4), and a person found moved or dead points at the household's open cases
(finding 5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.forms_verify import VerifyForm
from alerts.models import Alert
from alerts.selectors_verify import MSG_CASE_TO_REVIEW
from alerts.services.department_note import DEPARTMENT_NOTE_RULE, MSG_NOTE_ID_NUMBER, MSG_NOTE_PHONE
from alerts.services.verification import alert_verify
from households.models import Member
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.alerts.test_member_health import illness  # noqa: F401  (fixture)
from workflow.models import Case

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.fixture
def alerts(clerks, people):
    """张大山 and 李秀英, of one household in village A."""
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"], ["李秀英", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return {a.person_name: a for a in Alert.objects.all()}


def _wrong_data(note: str) -> dict:
    return {"outcome": "wrong_data", "visited_on": f"{timezone.localdate():%Y-%m-%d}", "note": "查无此病",
            "department_note": note}  # fmt: skip


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("身份证号应为 3604 2519 6803 1211 1X，低保户", MSG_NOTE_ID_NUMBER),
        ("老身份证号360425680312111", MSG_NOTE_ID_NUMBER),
        ("其女儿电话 138-0000-1111", MSG_NOTE_PHONE),
        ("村委电话0792－1234567", MSG_NOTE_PHONE),
    ],
)
def test_a_note_for_the_department_with_an_id_or_phone_number_is_refused(personas, alerts, note, message):
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=alerts["张大山"], visited_on=timezone.localdate(),
                     **{k: v for k, v in _wrong_data(note).items() if k != "visited_on"})  # fmt: skip
    assert error.value.message_dict["department_note"] == [message]
    assert Alert.objects.get(pk=alerts["张大山"].pk).status == "pending"


def test_the_page_and_the_api_refuse_it_at_the_field_and_the_clerk_never_reads_it(personas, alerts, login):
    cadre, alert = login(personas.cadre_a), alerts["张大山"]
    page = cadre.get(f"/alerts/{alert.pk}/").content.decode()
    assert DEPARTMENT_NOTE_RULE in page

    page = cadre.post(f"/alerts/{alert.pk}/", _wrong_data("张大山身份证360425196803121118，电话13800001111"))
    assert page.status_code == 200 and MSG_NOTE_ID_NUMBER in page.content.decode()
    response = cadre.post(f"/api/v1/alerts/{alert.pk}/verify/", _wrong_data("家属电话 13800001111"),
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and response.json()["department_note"] == [MSG_NOTE_PHONE]
    assert "13800001111" not in login(personas.clerk).get("/alerts/outcomes/").content.decode()

    done = cadre.post(f"/alerts/{alert.pk}/", _wrong_data("身份证号与姓名不符，请核对；2026-11-03 2026-11-05 入户"))
    assert done.status_code == 302
    assert "身份证号与姓名不符" in login(personas.clerk).get("/alerts/outcomes/").content.decode()


def test_the_health_update_starts_unticked_with_nothing_chosen(personas, illness, login):  # noqa: F811
    form = VerifyForm(alert=illness)
    assert (form["update_member_health"].value(), form["member_health"].value()) == (False, "")
    page = login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode()
    assert "预警所报为“患有大病”" in page
    assert 'name="update_member_health" id="id_update_member_health" checked' not in page
    assert '<option value="serious" selected>' not in page

    # Submitted as the page starts, 无返贫致贫风险 leaves the member's health as it was.
    before = Member.objects.get(pk=illness.member_id).health
    response = login(personas.cadre_a).post(
        f"/alerts/{illness.pk}/",
        {"outcome": "not_at_risk", "visited_on": f"{timezone.localdate():%Y-%m-%d}", "note": "已报销，自付不足一千元",
         "member_health": "", "member_disability_grade": "", "member_disability_type": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Member.objects.get(pk=illness.member_id).health == before


def test_a_person_found_dead_points_at_the_households_open_case_which_stays(personas, alerts, login):
    today = timezone.localdate()
    alert_verify(actor=personas.cadre_a, alert=alerts["张大山"], outcome="include", visited_on=today,
                 note="入户核实，情况属实", category="sudden_hardship")  # fmt: skip
    case = Case.objects.get()
    steps_before = list(case.case_steps.values_list("pk", "status"))

    response = login(personas.cadre_a).post(
        f"/alerts/{alerts['李秀英'].pk}/",
        {
            "outcome": "deceased",
            "visited_on": f"{today:%Y-%m-%d}",
            "note": "病故",
            "left_on": f"{today - dt.timedelta(days=2):%Y-%m-%d}",
        },
        follow=True,
    )
    page = response.content.decode()

    assert f"该户有在办的纳入监测程序（第{case.pk}号，当前步骤：" in page
    assert "请核实是否需要退回或撤回" in page and f"/workflow/cases/{case.pk}/" in page
    case.refresh_from_db()
    assert case.status == "open" and list(case.case_steps.values_list("pk", "status")) == steps_before
    steps = "、".join(
        case.case_steps.filter(status="open").order_by("step__order").values_list("step__name", flat=True)
    )
    assert MSG_CASE_TO_REVIEW.format(kind="纳入监测", number=case.pk, steps=steps) in page
    # 纳入监测 and the other outcomes that keep the person say nothing of it.
    assert (
        "请核实是否需要退回或撤回"
        not in login(personas.cadre_a).get(f"/alerts/{alerts['张大山'].pk}/").content.decode()
    )
