"""Review finding (approver's day #1): a case the county returned to the township (退回乡镇补正) and the township sent
back showed no trace of the return at the county: the batch page's and the printed 提请审批名单's 办理经过 read
"…乡镇审核 12-07；乡镇审核后再次公示 11-29至12-04" (in the procedure's order, not the days they were done), with no
"县级审批退回…" and no township answer. The trail is in the order things were done, with every return (its day and
opinion) and each pass after one as its 补正 with its note (workflow.selectors_trails)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act, minutes
from tests.workflow.township_helpers import TO_AUDIT, at_township
from workflow.choices import Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.selectors_trails import step_trails

pytestmark = pytest.mark.django_db
NOTE = "缺少县级部门比对的不动产查询证明，请乡镇补充后重新报批"
ANSWER = "已补充不动产查询证明"  # typed with a closing 。 below: the trail drops it, joining its entries with ；


def ago(days):
    """10 o'clock (local time) `days` days ago."""
    return timezone.localtime().replace(hour=10, minute=0) - dt.timedelta(days=days)


def day(days):
    """That day as the trail gives one of this year (11-20), or with its year."""
    shown = timezone.localdate() - dt.timedelta(days=days)
    return f"{shown:%m-%d}" if shown.year == timezone.localdate().year else f"{shown:%Y-%m-%d}"


def step(case, code):
    return CaseStep.objects.select_related("step").get(case=case, step__code=code)


def acts(case, code, outcome):
    return CaseEvent.objects.filter(case=case, action="case_act", detail__case_step=step(case, code).pk).filter(
        detail__outcome=outcome
    )


def positions(trail, *parts):
    """The index of the first entry of the trail containing each part, in the order given."""
    return [next(i for i, entry in enumerate(trail) if part in entry) for part in parts]


@pytest.fixture
def returned(personas, household_a):
    """Passed up to the county on days ago: the township's audit 12 days ago, its second publicity posted 11 days
    ago (5 days, done 5 days ago); returned by the county 3 days ago and audited again by the township 1 day ago."""
    case = at_approval(personas, household_a, personas.cadre_a)
    CaseStep.objects.filter(case=case, acted_at__isnull=False).update(acted_at=ago(14))
    CaseEvent.objects.filter(case=case).update(created_at=ago(14))
    acts(case, "township_audit", Outcome.PASS).update(created_at=ago(12))
    CaseStep.objects.filter(pk=step(case, "township_audit").pk).update(acted_at=ago(12))
    publicity = step(case, "township_publicity")
    posted = timezone.localdate() - dt.timedelta(days=11)
    CaseStep.objects.filter(pk=publicity.pk).update(
        posted_on=posted, ends_on=posted + dt.timedelta(days=5), acted_at=ago(5)
    )
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=NOTE)
    acts(case, "county_approval", Outcome.RETURN).update(created_at=ago(3))
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS, note=f"{ANSWER}。")
    acts(case, "township_audit", Outcome.PASS).filter(created_at__gt=ago(2)).update(created_at=ago(1))
    CaseStep.objects.filter(pk=step(case, "township_audit").pk).update(acted_at=ago(1))
    return case


def test_the_county_reads_its_return_and_the_township_s_answer_in_the_order_done(personas, returned):
    audit, publicity = step(returned, "township_audit").step.name, step(returned, "township_publicity").step.name
    trail = step_trails([returned])[returned.pk]

    first = f"{audit} {day(12)}"
    period = f"{publicity} {day(11)}至"
    back = f"县级审批退回乡镇补正 {day(3)}：{NOTE}"
    again = f"{audit}（补正）{day(1)}：{ANSWER}"
    assert positions(trail, first, period, back, again) == sorted(positions(trail, first, period, back, again))
    assert first in trail and back in trail and again in trail
    assert trail[-2:] == [back, again]


def test_the_batch_page_and_the_printed_list_show_it(personas, login, returned):
    client = login(personas.approver)
    for url in ("/workflow/batches/", "/workflow/batches/submission/"):
        page = client.get(url).content.decode()
        assert f"县级审批退回乡镇补正 {day(3)}：{NOTE}" in page, url
        assert f"（补正）{day(1)}：{ANSWER}" in page, url
    rows = client.get("/api/v1/batches/queue/").json()["results"]
    assert rows[0]["trail"][-1].endswith(ANSWER)


def test_a_return_to_the_village_reads_the_same_way_at_the_township(personas, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    note = "缺少评议会议签到表，请补充"
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=note)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        note="已补充签到表",
        attachment=minutes(),
    )
    review = step(case, "village_review").step.name
    trail = step_trails([case])[case.pk]
    today = day(0)
    assert f"{review} {today}" in trail  # its first pass, where it was
    assert trail[-2:] == [f"乡镇审核退回村级补正 {today}：{note}", f"{review}（补正）{today}：已补充签到表"]
