"""National-system export: approved, not yet marked households; marking records who and when."""

import pytest

from accounts.models import AuditEvent
from reports.models import ExportMark
from reports.services.national import MSG_NOT_ALLOWED
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_list_holds_approved_cases_not_yet_marked_in_the_documented_layout(personas, cases, login):
    rows = read_xlsx(download(login(personas.county_officer).post("/reports/export/", {"ledger": "national_pending"})))

    assert ledger_table(rows)[0] == [
        "案件编号", "乡镇", "村", "户编号", "户主姓名", "户主身份证号", "标注事项", "监测对象类别", "风险类型",
        "国家系统风险类型", "发现渠道", "发现日期", "批准日期", "家庭人口数",
    ]  # fmt: skip
    body = ledger_table(rows)[1]
    assert [(row[0], row[4], row[6], row[7]) for row in body] == [
        (cases.d1_in.pk, "孙八", "纳入", "边缘易致贫户"),
        (cases.included.pk, "钱七", "纳入", "突发严重困难户"),
        (cases.d1_out.pk, "孙八", "风险消除", "边缘易致贫户"),
    ]
    assert body[0][5] == cases.d1.members.get().id_number and body[0][13] == 1


def test_marking_removes_cases_from_the_list_and_records_who_and_when(personas, cases, login):
    client = login(personas.county_officer)

    response = client.post("/reports/national/mark/", {"case": [cases.d1_in.pk, cases.d1_out.pk]}, follow=True)

    assert "已标注 2 户" in response.content.decode()
    mark = ExportMark.objects.get(case=cases.d1_in)
    assert mark.marked_by == personas.county_officer and mark.marked_at is not None
    assert AuditEvent.objects.filter(action="reports.national_mark", object_id=str(cases.d1_out.pk)).exists()
    page = client.get("/reports/national/")
    assert page.context["page"].paginator.count == 1
    again = client.post("/reports/national/mark/", {"case": [cases.d1_in.pk]}, follow=True)
    assert "本次未作任何标注" in again.content.decode() and "标注为已在国家系统录入" in again.content.decode()
    assert ExportMark.objects.count() == 2


def test_only_the_county_bureau_marks(personas, cases, login):
    response = login(personas.official).post("/reports/national/mark/", {"case": [cases.included.pk]})

    assert response.status_code == 403 and MSG_NOT_ALLOWED in response.content.decode()
    assert not ExportMark.objects.exists()


def test_a_township_sees_only_its_own_pending_cases(personas, cases, login):
    page = login(personas.township).get("/reports/national/")

    assert {case.household.head_name for case in page.context["page"]} == {"孙八"}
