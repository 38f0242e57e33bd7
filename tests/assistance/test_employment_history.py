"""A quarter's employment is a fact of the household as much as its income: recording it, and correcting it, shows
in the household's history (变更记录) with the member and each field's old → new value; a save that changes
nothing adds no row."""

import pytest

from households.models import HouseholdEvent
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db


def _quarter():
    return today().year, (today().month - 1) // 3 + 1


def _history(household):
    return list(HouseholdEvent.objects.filter(household=household, summary__contains="就业情况").order_by("id"))


def test_a_correction_on_the_page_shows_in_the_household_history_with_the_old_and_new_wage(
    personas, login, monitored_a
):
    member = monitored_a.members.get(name="张大山")
    year, quarter = _quarter()
    url = f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}"
    cadre = login(personas.cadre_a)
    assert (
        cadre.post(url, {"employed": "1", "place": "in_province", "months": "3", "monthly_income": "3200"}).status_code
        == 302
    )
    form = page_form(cadre.get(url).content.decode(), having="months")
    form.update(monthly_income="1200", months="2")

    assert cadre.post(url, form).status_code == 302

    reported, corrected = _history(monitored_a)
    assert reported.member == member and reported.actor == personas.cadre_a
    assert reported.summary == f"登记张大山 {year}年第{quarter}季度就业情况：省内县外务工3个月，月均3200.00元"
    assert corrected.member == member and corrected.actor == personas.cadre_a
    assert corrected.summary == (
        f"修改张大山 {year}年第{quarter}季度就业情况，本年务工时间（月）：3 → 2；月均务工收入（元）：3200.00 → 1200.00"
    )
    assert [(c["label"], c["old"], c["new"]) for c in corrected.changes] == [
        ("本年务工时间（月）", "3", "2"),
        ("月均务工收入（元）", "3200.00", "1200.00"),
    ]
    page = cadre.get(f"/households/{monitored_a.pk}/", {"tab": "history"}).content.decode()
    assert corrected.summary in page and "月均务工收入（元）：3200.00 → 1200.00" in page


def test_the_page_submitted_unchanged_adds_no_history_row(personas, login, monitored_a):
    member = monitored_a.members.get(name="张大山")
    year, quarter = _quarter()
    url = f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}"
    cadre = login(personas.cadre_a)
    assert (
        cadre.post(url, {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"}).status_code
        == 302
    )
    form = page_form(cadre.get(url).content.decode(), having="months")

    assert cadre.post(url, form).status_code == 302

    assert len(_history(monitored_a)) == 1


def test_an_api_correction_shows_the_member_and_the_fields_it_changed(personas, login, monitored_a):
    member = monitored_a.members.get(name="李秀英")
    year, quarter = _quarter()
    body = {"member": member.pk, "year": year, "quarter": quarter, "employed": True, "place": "in_county"}
    body |= {"months": 3, "monthly_income": "2800.00"}
    client = login(personas.cadre_a)

    for data in (body, body, {**body, "employed": False, "place": "none", "months": 0, "monthly_income": "0"}):
        response = client.post("/api/v1/assistance/employment/", data, content_type="application/json")
        assert response.status_code == 201, response.content.decode()

    _, corrected = _history(monitored_a)  # the same body twice: one row
    assert corrected.member == member
    assert corrected.summary.startswith(
        f"修改李秀英 {year}年第{quarter}季度就业情况，是否务工就业：是 → 否；务工地点：县内 → 未务工"
    )
    assert {c["field"] for c in corrected.changes} == {"employed", "place", "months", "monthly_income"}


def test_a_changed_note_is_named_in_the_history_summary_and_its_words_kept_to_the_change(personas, monitored_a):
    from assistance.services.employment import employment_record_save

    member = monitored_a.members.get(name="李秀英")
    year, quarter = _quarter()
    saved = {"actor": personas.cadre_a, "member": member, "year": year, "quarter": quarter, "employed": False}
    employment_record_save(**saved)

    employment_record_save(**saved, note="因病在家休养")

    corrected = _history(monitored_a)[-1]
    assert corrected.summary == f"修改李秀英 {year}年第{quarter}季度就业情况，备注已修改"
    assert [(c["old"], c["new"]) for c in corrected.changes] == [("", "因病在家休养")]
