"""Shared bits of the self-application tests: a village's public link and a valid public submission."""

import datetime as dt
import re

from households import idnumber

HEAD_ID = idnumber.make("360425", dt.date(1968, 3, 12), 11)  # 张大山, head of household_a (tests/workflow/conftest)
STRANGER_ID = idnumber.make("360425", dt.date(1980, 6, 1), 77)  # in nobody's household


def form_data(**overrides: object) -> dict:
    data = {
        "name": "张大山",
        "id_number": HEAD_ID,
        "phone": "13812345678",
        "risk_types": ["medical_cost"],
        "situation": "老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def receipt_of(html: str) -> str:
    match = re.search(r"回执号<strong>([0-9A-Z]{5}-[0-9A-Z]{5})</strong>", html)
    assert match, html[:2000]
    return match.group(1)


def field_errors(html: str, field: str) -> str:
    """The text of the field's block (from its input to the next field), where its errors must be shown."""
    start = html.index(f'id="id_{field}"')
    end = html.find('<div class="field', start + 1)
    return html[start : end if end != -1 else start + 1500]
