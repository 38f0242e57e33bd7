"""Review finding (batchprint #2): the batch page offered today as the 批复日期 while the case page leaves it blank
(a number on file brings its 批复's date, a new one is today), so adding households to an older 批复 from the batch
page was refused (the same number with another date) until the approver typed the old date. The batch page now
leaves it blank with the case page's hint and takes the number's date, as a single approval does."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NUMBER = "永防返贫〔2026〕77号"


def backdated(case, days=10):
    """The case as if its steps before the approval were done `days` days ago."""
    CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).update(
        acted_at=timezone.now() - dt.timedelta(days=days)
    )
    type(case).objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=days + 5))
    case.refresh_from_db()
    return case


def body(case, **extra):
    return {
        "case": [f"{case.pk}:{case_version(case)}"],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": "",
        "note": "",
        **extra,
    }


def test_the_batch_page_offers_no_date_and_says_what_a_blank_one_means(personas, login, household_a):
    at_approval(personas, household_a, personas.cadre_a)
    page = login(personas.approver).get("/workflow/batches/").content.decode()
    field = re.search(r'<input type="date" name="decided_on"[^>]*>', page).group(0)
    assert "value=" not in field and f'max="{today().isoformat()}"' in field
    assert "已有批复文号的，留空即按原批复日期；新批复文号留空即为今天。" in page


def test_a_blank_date_adds_households_to_an_older_batch_under_its_date(personas, login, household_a, household_b):
    # Given 77号 recorded four days ago for one household
    first = backdated(at_approval(personas, household_a, personas.cadre_a))
    older = today() - dt.timedelta(days=4)
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(first.pk, case_version(first))],
        decision="approve",
        document_number=NUMBER,
        decided_on=older,
    )
    second = backdated(at_approval(personas, household_b, personas.cadre_b))
    client = login(personas.approver)

    # When the approver adds another household to 77号 from the batch page, the date left blank
    confirm = client.post("/workflow/batches/", body(second)).content.decode()

    # Then the confirmation takes the 批复's date, not today, and says the batch joins it
    assert "确认批准 1 户" in confirm and f"批复日期 {older.isoformat()}" in confirm
    assert f'name="decided_on" value="{older.isoformat()}"' in confirm and "data-joined" in confirm
    done = client.post("/workflow/batches/", {**body(second, decided_on=older.isoformat()), "confirmed": "1"})
    assert done.status_code == 302
    assert list(Batch.objects.order_by("pk").values_list("decided_on", flat=True)) == [older, older]


def test_a_blank_date_with_a_new_number_is_today(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    confirm = client.post("/workflow/batches/", body(case)).content.decode()
    assert f"批复日期 {today().isoformat()}" in confirm
    # Submitted blank too (a page that skipped the confirmation's date): the service takes today
    done = client.post("/workflow/batches/", {**body(case), "confirmed": "1"})
    assert done.status_code == 302 and Batch.objects.get().decided_on == today()
