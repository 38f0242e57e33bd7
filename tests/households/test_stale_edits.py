"""A page left open while someone else saves the same record (the concurrency review's findings 1a–1c): only what
this user changed is written, a field someone else changed meanwhile is refused with its value now, and a second
submit of the refused page goes through. Each test holds a page, lets the township save, and submits the page."""

from decimal import Decimal

import pytest

from households.choices import Health, LabourCapacity, Relation
from households.models import Household, HouseholdEvent, HouseholdIncome, Member
from households.services import income
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def edit_page(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return page_form(response)


def test_a_stale_household_page_writes_only_what_its_user_changed(personas, household_a, login):
    # given the cadre's edit page, open with the household as it was
    url = f"/households/{household_a.pk}/edit/"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    # when the township saves a new address and phone and unticks 基本医疗有保障
    other = changed(edit_page(township, url), address="城南村8号", phone="13912345678", medical_ok=False)
    assert township.post(url, other).status_code == 302
    # and the cadre submits the old page changing only 劳动能力
    response = cadre.post(url, changed(stale, labour_capacity=LabourCapacity.PARTIAL))
    # then the township's values stay and the cadre's change is written
    assert response.status_code == 302
    household = Household.objects.get(pk=household_a.pk)
    assert (household.address, household.phone, household.medical_ok) == ("城南村8号", "13912345678", False)
    assert household.labour_capacity == LabourCapacity.PARTIAL
    # and the history says the cadre changed 劳动能力 only
    event = HouseholdEvent.objects.filter(household=household, summary="修改农户信息").order_by("-id").first()
    assert [change["field"] for change in event.changes] == ["labour_capacity"]


def test_a_field_both_changed_is_refused_with_its_value_now_and_the_second_submit_goes_through(
    personas, household_a, login
):
    url = f"/households/{household_a.pk}/edit/"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    township.post(url, changed(edit_page(township, url), phone="13912345678", address="城南村8号"))
    # when the cadre's old page changes the phone too
    response = cadre.post(url, changed(stale, phone="13600000000", labour_capacity=LabourCapacity.NONE))
    # then nothing is saved, the page names the phone and its value now, and keeps the cadre's input
    assert response.status_code == 200
    page = response.content.decode()
    assert "您打开页面后，他人已修改了：联系电话（现为 13912345678）。请核对后再提交。" in page
    household = Household.objects.get(pk=household_a.pk)
    assert household.phone == "13912345678" and household.labour_capacity != LabourCapacity.NONE
    shown = page_form(response)
    assert shown["phone"] == ["13600000000"]
    assert shown["address"] == ["城南村8号"]  # what the township saved, which the cadre did not change
    # when the cadre submits the refused page as it is
    assert cadre.post(url, shown).status_code == 302
    household.refresh_from_db()
    assert (household.phone, household.address) == ("13600000000", "城南村8号")
    assert household.labour_capacity == LabourCapacity.NONE


def test_an_error_round_keeps_what_the_page_first_showed(personas, household_a, login):
    # given the cadre's page, submitted once with an error (a phone number too short) and shown again
    url = f"/households/{household_a.pk}/edit/"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    first = cadre.post(url, changed(stale, phone="139", labour_capacity=LabourCapacity.PARTIAL))
    assert first.status_code == 200 and "联系电话" in first.content.decode()
    # when the township saves an address, then the cadre corrects the phone and submits
    township.post(url, changed(edit_page(township, url), address="城南村8号"))
    again = changed(page_form(first), phone="13600000000")
    assert cadre.post(url, again).status_code == 302
    # then the address is the township's: the cadre's page still counts it as unchanged
    household = Household.objects.get(pk=household_a.pk)
    assert (household.address, household.phone) == ("城南村8号", "13600000000")


def test_a_stale_member_page_keeps_the_health_someone_else_recorded(personas, household_a, login):
    member = household_a.members.get(relation=Relation.HEAD)
    url = f"/households/members/{member.pk}/edit/"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    # when the township records a serious illness and the cadre's older page changes only the work (place and months)
    assert township.post(url, changed(edit_page(township, url), health=Health.SERIOUS)).status_code == 302
    response = cadre.post(url, changed(stale, employment_place="out_of_province", employment_months=9))
    # then both are kept
    assert response.status_code == 302
    member = Member.objects.get(pk=member.pk)
    assert member.health == Health.SERIOUS and member.employment_months == 9


def test_a_member_field_both_changed_is_refused(personas, household_a, login):
    member = household_a.members.get(relation=Relation.HEAD)
    url = f"/households/members/{member.pk}/edit/"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    township.post(url, changed(edit_page(township, url), health=Health.SERIOUS))
    response = cadre.post(url, changed(stale, health=Health.CHRONIC))
    assert response.status_code == 200
    assert "健康状况（现为 患有大病）" in response.content.decode()
    assert Member.objects.get(pk=member.pk).health == Health.SERIOUS


@pytest.fixture
def entered(personas, household_a):
    amounts = {"wage_income": Decimal("40000"), "medical_expenses": Decimal("20000")}
    return income.income_save(actor=personas.cadre_a, household=household_a, year=2025, amounts=amounts)


def test_a_stale_income_correction_writes_only_the_amounts_its_user_changed(personas, household_a, entered, login):
    url = f"/households/{household_a.pk}/income/?year=2025"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    # when the township corrects 医疗支出 and the cadre's older page changes only 工资性收入
    assert township.post(url, changed(edit_page(township, url), medical_expenses="35000")).status_code == 302
    assert cadre.post(url, changed(stale, wage_income="42000")).status_code == 302
    # then both corrections stand, and the per-capita income is worked out from both
    row = HouseholdIncome.objects.get(household=household_a, year=2025)
    assert (row.wage_income, row.medical_expenses) == (Decimal("42000"), Decimal("35000"))
    assert row.per_capita_net_income == income.per_capita_net_income(
        {"wage_income": Decimal("42000")}, row.members_count
    )


def test_an_amount_both_corrected_is_refused(personas, household_a, entered, login):
    url = f"/households/{household_a.pk}/income/?year=2025"
    cadre, township = login(personas.cadre_a), login(personas.township)
    stale = edit_page(cadre, url)
    township.post(url, changed(edit_page(township, url), medical_expenses="35000"))
    response = cadre.post(url, changed(stale, medical_expenses="21000", wage_income="42000"))
    assert response.status_code == 200
    assert "医疗支出（元）（现为 35000.00）" in response.content.decode()
    row = HouseholdIncome.objects.get(household=household_a, year=2025)
    assert (row.wage_income, row.medical_expenses) == (Decimal("40000"), Decimal("35000"))


def test_the_api_refuses_put_and_a_patch_writes_only_the_fields_sent(personas, household_a, login):
    client = login(personas.cadre_a)
    url = f"/api/v1/households/{household_a.pk}/"
    row = client.get(url).json()
    Household.objects.filter(pk=household_a.pk).update(address="城南村8号")  # someone else's save since
    assert client.put(url, {**row, "phone": "13600000000"}, content_type="application/json").status_code == 405
    response = client.patch(url, {"phone": "13600000000"}, content_type="application/json")
    assert response.status_code == 200
    household = Household.objects.get(pk=household_a.pk)
    assert (household.phone, household.address) == ("13600000000", "城南村8号")
    member = household_a.members.get(relation=Relation.HEAD)
    assert client.put(f"/api/v1/members/{member.pk}/", {}, content_type="application/json").status_code == 405
