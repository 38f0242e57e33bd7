"""Review finding (township 2): a batch page submitted with no household ticked said "请至少选择一户" twice, once
with "（本页缺少必要信息，请从案件页面重新进入后填写）" after it (partials/form_errors.html took the ticked cases for a
hidden field the page had lost), and static/js/errors.js counted "有 2 处需要更正". The selection is the rows'
checkboxes: its error is said once, above the list, on each batch page."""

import re

import pytest

from tests.clock import today

pytestmark = pytest.mark.django_db
MISSING = "请至少选择一户。"
RE_ENTER = "本页缺少必要信息"


def _errors(page: str) -> list[str]:
    """What errors.js counts: each .field-error, and each message of a .form-errors box."""
    field = re.findall(r'<p class="field-error">(.*?)</p>', page)
    boxes = re.findall(r'<div class="form-errors" role="alert">(.*?)</div>', page, re.S)
    return field + [p for box in boxes for p in re.findall(r"<p>(.*?)</p>", box)]


@pytest.mark.parametrize(
    ("who", "url", "data"),
    [
        ("township", "/workflow/township-audit/", {"outcome": "pass", "note": "情况属实"}),
        ("approver", "/workflow/batches/", {"decision": "approve", "document_number": "永巩固〔2026〕24号"}),
        ("township", "/workflow/announcement/batch/", {"announced_on": "today"}),
    ],
)
def test_no_household_ticked_is_said_once_without_re_entering(personas, login, who, url, data):
    data = {key: today().isoformat() if value == "today" else value for key, value in data.items()}
    response = login(getattr(personas, who)).post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert _errors(page) == [MISSING]
    assert RE_ENTER not in page
