"""Review finding (approver/township #3): 返回修改 on the batch confirmations was a link that reloaded the selection
page empty — the ticks, the 批复文号 and the 意见 lost, worst when the page asks to untick one household of thirty. It
posts the confirmation's values back, as the meeting confirmation does: the page again as it was submitted, nothing
decided."""

import html
import re

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import at_township
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.batches import case_version

pytestmark = pytest.mark.django_db
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def posted_back(page: str) -> dict[str, list[str]]:
    """What the confirmation's form posts, with its 返回修改 button (not the CSRF token)."""
    form = page[page.index('name="confirmed"') - 100 :]
    form = form[: form.index("</form>")]
    assert '<button type="submit" name="edit" value="1"' in form and ">返回修改</button>" in form
    values: dict[str, list[str]] = {"edit": ["1"]}
    for name, value in HIDDEN.findall(form):
        if name != "csrfmiddlewaretoken":
            values.setdefault(name, []).append(html.unescape(value))
    return values


def ticked(page: str, case) -> bool:
    return f'value="{case.pk}:{case_version(case)}" class="batch-case" checked' in page


def test_the_county_returns_to_its_ticks_number_and_opinion(personas, login, household_a, household_b):
    first = at_approval(personas, household_a, personas.cadre_a)
    second = at_approval(personas, household_b, personas.cadre_b)
    client = login(personas.approver)
    body = {
        "case": [f"{first.pk}:{case_version(first)}"],
        "decision": "reject",
        "document_number": "永巩固〔2026〕30号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "经县领导小组会议研究同意",
    }
    confirm = client.post("/workflow/batches/", body).content.decode()
    assert "确认不予批准 1 户" in confirm

    back = client.post("/workflow/batches/", posted_back(confirm)).content.decode()
    assert "下一步：确认" in back and "确认不予批准" not in back
    assert re.search(r'<input type="radio" name="decision" value="reject"[^>]* checked', back)
    assert ticked(back, first) and not ticked(back, second)
    assert 'value="永巩固〔2026〕30号"' in back and "经县领导小组会议研究同意" in back
    assert not Batch.objects.exists()
    assert CaseStep.objects.get(case=first, step__code="county_approval").status == CaseStepStatus.OPEN


def test_the_township_returns_to_its_ticks_and_opinion(personas, login, household_a, household_b):
    first = at_township(personas, household_a, personas.cadre_a)
    second = at_township(personas, household_b, personas.cadre_b)
    client = login(personas.township)
    body = {"case": [f"{case.pk}:{case_version(case)}" for case in (first, second)], "outcome": "return"}
    confirm = client.post("/workflow/township-audit/", {**body, "note": "请补充收入证明"}).content.decode()
    assert "确认退回村级补正 2 户" in confirm

    back = client.post("/workflow/township-audit/", posted_back(confirm)).content.decode()
    assert "下一步：确认" in back
    assert ticked(back, first) and ticked(back, second)
    assert re.search(r'<input type="radio" name="outcome" value="return"[^>]* checked', back)
    assert "请补充收入证明" in back
    assert CaseStep.objects.get(case=first, step__code="township_preliminary").status == CaseStepStatus.OPEN
