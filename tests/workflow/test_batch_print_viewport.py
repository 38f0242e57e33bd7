"""Review finding (approver #10): the printed 批准名单 is laid out at the phone's width, like the other print pages."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


def test_the_batch_print_page_has_the_viewport_of_the_print_base(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case))],
        decision="approve",
        document_number="永巩固〔2026〕7号",
        decided_on=timezone.localdate(),
    )
    page = login(personas.approver).get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "防止返贫监测对象批准名单" in page and "张大山" in page and "永巩固〔2026〕7号" in page
    assert f'href="/workflow/batches/{batch.pk}/"' in page  # 返回
