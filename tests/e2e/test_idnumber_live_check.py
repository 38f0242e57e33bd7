"""static/js/idnumber.js, the ID number's live check on the member and household forms, refuses what the server
refuses (households/idnumber.py): a number whose first two digits are no province of GB/T 2260 showed the green
性别/出生日期 hint right above the server's red error (review memberform)."""

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page

from households.idnumber import MSG_ID_REGION, PROVINCE_CODES, make

IDNUMBER = (Path(__file__).resolve().parents[2] / "static" / "js" / "idnumber.js").read_text(encoding="utf-8")
FORM = """<!doctype html><html><head></head><body><form>
  <div class="field"><label>身份证号</label><input data-id-number name="id" value="{number}">
  <p class="id-derived muted small"></p></div></form></body></html>"""


def _check(page: Page, number: str) -> str:
    page.set_content(FORM.format(number=number))
    page.add_script_tag(content=IDNUMBER)
    page.evaluate("document.dispatchEvent(new Event('DOMContentLoaded'))")
    return page.locator(".id-derived").inner_text()


def test_a_number_of_no_province_is_refused_as_the_server_words_it(desktop: Page) -> None:
    number = make("999999", dt.date(1980, 1, 1), 123)

    said = _check(desktop, number)

    assert said == MSG_ID_REGION.format(code="99")
    assert desktop.locator(".id-derived.field-error").count() == 1
    assert not desktop.locator("input").evaluate("e => e.checkValidity()")


def test_every_province_the_server_accepts_is_accepted(desktop: Page) -> None:
    _check(desktop, "")
    numbers = {code: make(f"{code}0425", dt.date(1980, 1, 1), 123) for code in sorted(PROVINCE_CODES)}

    parsed = desktop.evaluate("ns => Object.values(ns).map(n => window.ShouwangId.parse(n))", numbers)

    assert [p.get("error") for p in parsed] == [None] * len(PROVINCE_CODES)
    assert {p["sex"] for p in parsed} == {"男"}
