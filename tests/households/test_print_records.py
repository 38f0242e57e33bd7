"""Review findings on the printed registry sheets.

- Printing the 承诺和授权查询书 or the 基础信息采集表, which list every member's full ID number and the phone, left
  no audit record, while revealing one number or opening the consent's scan does (DOMAIN.md "Privacy").
- The consent form gave a child a 本人签字（或手印） box and no line for the guardian who signs for them."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.choices import Relation
from households.models import Member
from households.services import registry
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

PRINTS = [
    ("consent/print", "households.consent_print", "承诺和授权查询书"),
    ("form/print", "households.form_sheet_print", "基础信息采集表"),
]


@pytest.mark.parametrize(("path", "action", "sheet"), PRINTS)
def test_printing_a_sheet_with_id_numbers_is_recorded_with_the_household_as_target(
    household_a, personas, login, path, action, sheet
):
    assert login(personas.cadre_a).get(f"/households/{household_a.pk}/{path}/").status_code == 200
    assert login(personas.official).get(f"/households/{household_a.pk}/{path}/").status_code == 200

    events = list(AuditEvent.objects.filter(action=action).order_by("pk"))
    assert [event.actor for event in events] == [personas.cadre_a, personas.official]
    first, second = events
    assert (first.object_type, first.object_id) == ("households.household", str(household_a.pk))
    assert first.region_path == household_a.region_path
    assert household_a.number in first.summary and sheet in first.summary and "完整身份证号" in first.summary
    assert "已遮挡" in second.summary  # the official's print shows the numbers masked


@pytest.mark.parametrize(("path", "action", "sheet"), PRINTS)
def test_a_sheet_out_of_scope_is_not_found_and_not_recorded(household_a, personas, login, path, action, sheet):
    assert login(personas.cadre_b).get(f"/households/{household_a.pk}/{path}/").status_code == 404
    assert not AuditEvent.objects.filter(action=action).exists()


def test_the_audit_log_lists_sheet_prints_with_the_personal_files(household_a, personas, login):
    login(personas.cadre_a).get(f"/households/{household_a.pk}/consent/print/")

    page = login(personas.audit_admin).get("/accounts/audit/", {"category": "files"}).content.decode()

    assert "打印户编号" in page and "承诺和授权查询书" in page


def rows_of(body: str) -> dict[str, str]:
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return {row.split("</td><td>", 2)[1]: row for row in tbody.split("<tr>")[1:]}


def test_a_minor_or_a_severely_intellectually_disabled_adult_gets_the_guardians_line(household_a, personas, login):
    infant = member_row("张小丫", Relation.DAUGHTER, today() - dt.timedelta(days=400), 44)
    registry.member_add(reason="moved_in", actor=personas.cadre_a, household=household_a, data=infant)
    Member.objects.filter(household=household_a, name="李秀英").update(
        health="disabled", disability_grade="1", disability_type="智力残疾"
    )

    body = login(personas.cadre_a).get(f"/households/{household_a.pk}/consent/print/").content.decode()

    rows = rows_of(body)
    for name in ("张小明", "张小丫", "李秀英"):  # a pupil of 13, an infant, a grade-one intellectual disability
        assert "监护人代签：" in rows[name], name
    assert "监护人代签" not in rows["张大山"]
    assert "智力残疾" not in body  # the form does not say why
    assert "未满十八周岁或不能辨认自己行为的成员，由其监护人代为签字。" in body
