"""Review findings on the non-Yongxiu presets (涞源 laiyuan_identification, seed 001; 桃沟 taogou_*, seed 003): the
printed 公告 described Yongxiu's procedure and was stamped by the township whatever the procedure; a Laiyuan batch
offered a notice that said no one was approved (its procedure, 001 §三, has no 公告: 县级审定 ends it); the comparison
page cited 永党农字, the approval's 批复文号 suggested 永巩固; a Taogou case could be withdrawn 县级审批前, a step it
does not have; and recording the same 张贴日期 again added a line to the case record each time."""

import re

import pytest

from households.models import Region
from tests.clock import today
from tests.workflow.batch_helpers import at_approval, open_case
from tests.workflow.helpers import act, act_after_publicity
from tests.workflow.test_exit_presets import open_exit, run, taogou  # noqa: F401 (a fixture)
from tests.workflow.test_laiyuan_review_publicity import opened, to_comparison
from workflow.choices import CaseStatus, Outcome
from workflow.models import CaseEvent, Step
from workflow.services.cases import case_act

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def laiyuan_at_approval(personas, household):
    case = to_comparison(personas, opened(personas, household))
    return case_act(
        actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP, note="风险明确"
    )


def test_a_laiyuan_batch_offers_no_notice_and_says_its_procedure_has_none(personas, login, county, household_a):
    # A 批复 recorded before 0033, when the leading group approved Laiyuan's 县级审定 with a number (001 §五 has the
    # county bureau decide it without one now): its batch still says there is no notice to print.
    Step.objects.filter(procedure__code="laiyuan_identification", code="county_approval").update(
        role="county_approver", needs_approval_number=True
    )
    case = act(
        actor=personas.approver,
        case=laiyuan_at_approval(personas, household_a),
        step_code="county_approval",
        outcome=Outcome.PASS,
    )
    assert case.status == CaseStatus.APPROVED  # 县级审定 ends it: 001 §三 has no 公告
    batch = case.batch_items.get().batch

    detail = text(login(personas.approver).get(f"/workflow/batches/{batch.pk}/"))
    assert "打印本批复的公告" not in detail
    assert "涞源县监测对象认定程序（涞巩固拓展〔2022〕3号 §三-四）没有公告环节" in detail

    client = login(personas.township)
    notice = text(client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}"))
    assert (
        f"没有公告环节：县级审定通过即纳入监测（或标注风险消除），本批复（{batch.document_number}）没有需要张贴的公告"
        in notice
    )
    assert "本批复没有" not in notice and "（盖章）" not in notice
    cases = client.get("/workflow/cases/").content.decode()
    assert f"?batch={batch.pk}" not in cases  # no reprint offered of a notice that does not exist
    waiting = text(client.get(f"/workflow/announcement/{county.township.code}/print/"))
    assert "涞源县监测对象认定程序" in waiting and "当前没有待公告" not in waiting


def test_the_notice_names_the_households_own_procedures_steps_and_approval(personas, login, county, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)

    page = text(login(personas.township).get(f"/workflow/announcement/{county.village_a.code}/print/"))

    assert (
        "经农户申请（或干部排查、部门预警）和村级评议、村级公示、乡镇汇总初审、县级部门比对、乡镇审核、"
        "乡镇审核后再次公示、县级审批，现将城南村下列农户纳入" in page
    )
    assert "批准日期" in page and "批复文号" in page and "涂埠镇人民政府（盖章）" in page


def test_a_taogou_notice_is_the_districts_without_approval_columns(taogou, login):  # noqa: F811
    case = run(
        open_exit(taogou),
        [(taogou.cadre, "village_review"), (taogou.cadre, "village_publicity"), (taogou.township, "township_review")],
    )
    village = taogou.household.village

    page = text(login(taogou.county_officer).get(f"/workflow/announcement/{village.code}/print/"))

    assert "经村两委评议、村内公示、乡党委政府审核，现将桃沟村下列农户标注“风险消除”" in page
    assert "批准日期" not in page and "批复文号" not in page and " — —" not in page
    assert "沿淮区乡村振兴局（盖章）" in page and "桃沟乡人民政府（盖章）" not in page
    assert "县（区）级审定同意" not in page and "可向沿淮区乡村振兴局反映" in page
    assert case.status == CaseStatus.OPEN


def test_a_taogou_case_is_withdrawn_before_the_districts_filing(taogou, login):  # noqa: F811
    case = open_exit(taogou)

    page = text(login(taogou.cadre).get(f"/workflow/cases/{case.pk}/"))

    assert "撤回本案" in page and "区级备案公告并标注风险消除前可撤回" in page and "县级审批前" not in page


def test_laiyuan_pages_cite_its_own_document_not_yongxius(personas, login, household_a):
    case = to_comparison(personas, opened(personas, household_a))
    comparison = text(login(personas.county_officer).get(f"/workflow/cases/{case.pk}/comparison/"))
    assert "涞巩固拓展〔2022〕3号 §三-四" in comparison and "永党农字" not in comparison

    case = case_act(
        actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP, note="风险明确"
    )
    approval = text(login(personas.county_officer).get(f"/workflow/cases/{case.pk}/"))
    # The county bureau decides its 县级审定 (001 §五): no 批复文号 is asked, least of all Yongxiu's.
    assert "县级审定" in approval and "批复文号" not in approval and "永巩固" not in approval
    assert "县级审定前可撤回" in text(login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/"))


def test_recording_the_same_posting_day_again_adds_no_record_line(personas, login, household_a):
    case = act_after_publicity(
        actor=personas.cadre_a,
        case=open_case(personas.cadre_a, household_a),
        step_code="village_review",
        outcome=Outcome.PASS,
    )
    client = login(personas.cadre_a)
    form = {"posted-step_code": "village_publicity", "posted-posted_on": f"{today():%Y-%m-%d}"}

    first = text(client.post(f"/workflow/cases/{case.pk}/", form, follow=True))
    again = text(client.post(f"/workflow/cases/{case.pk}/", form, follow=True))

    assert "已登记村级公示的张贴日期" in first
    assert f"村级公示的张贴日期已登记为 {today():%Y-%m-%d}，未变化，不重复记录。" in again
    assert CaseEvent.objects.filter(case=case, action="publicity_posted").count() == 1


def test_a_district_stamped_notice_prints_the_districts_phone_under_its_name(taogou, login):  # noqa: F811
    # Printed-matter review, finding 3: a number is printed under the name of the body it belongs to.
    case = run(
        open_exit(taogou),
        [(taogou.cadre, "village_review"), (taogou.cadre, "village_publicity"), (taogou.township, "township_review")],
    )
    village = case.household.village
    Region.objects.filter(pk=village.parent.pk).update(supervision_phone="0554-7654321")
    Region.objects.filter(pk=village.parent.parent.pk).update(supervision_phone="0554-1234567")

    page = text(login(taogou.county_officer).get(f"/workflow/announcement/{village.code}/print/"))

    assert "可向沿淮区乡村振兴局反映（监督电话：0554-1234567）。" in page and "0554-7654321" not in page
