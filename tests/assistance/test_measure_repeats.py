"""Review finding 12: the same measure for the same member (or the whole household) still open, or a large amount,
is asked about first ("仍要添加"); an amount above the ceiling is refused in yuan, not in digits."""

import pytest
from django.core.exceptions import ValidationError

from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measure_status, measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db

TOO_LARGE = "金额不能超过1,000,000元。"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def add(actor, plan, code="temporary_relief", **extra):
    values = {"starts_on": today(), "responsible_person": "王干部", **extra}
    return measures.measure_add(actor=actor, plan=plan, measure_type=MeasureType.objects.get(code=code), **values)


def form(code="temporary_relief", **extra):
    measure_type = MeasureType.objects.get(code=code)
    return {
        "measure_type": measure_type.pk,
        "responsible_person": "王干部",
        "starts_on": f"{today():%Y-%m-%d}",
        **extra,
    }


def test_the_same_open_measure_again_is_asked_about_and_added_once_confirmed(personas, plan):
    first = add(personas.township, plan, amount=800)

    with pytest.raises(ValidationError) as error:
        add(personas.township, plan, amount=800)

    question = error.value.message_dict["confirm_unusual"][0]
    assert (
        f"该户已有同一措施“临时救助”尚未办结（{today():%Y-%m-%d}开始，计划中）" in question and "仍要添加" in question
    )
    assert PlanMeasure.objects.count() == 1
    add(personas.township, plan, amount=800, confirm_unusual=True)
    assert PlanMeasure.objects.count() == 2
    # A stopped one is no repeat.
    PlanMeasure.objects.exclude(pk=first.pk).update(status=MeasureStatus.STOPPED)
    PlanMeasure.objects.filter(pk=first.pk).update(status=MeasureStatus.STOPPED)
    add(personas.township, plan, amount=800)
    assert PlanMeasure.objects.count() == 3


def test_the_same_measure_for_another_member_is_no_repeat(personas, plan):
    head = plan.household.members.get(name="张大山")
    spouse = plan.household.members.get(name="李秀英")
    add(personas.township, plan, code="medical_insurance_subsidy", member=spouse)

    add(personas.township, plan, code="medical_insurance_subsidy", member=head)
    with pytest.raises(ValidationError) as error:
        add(personas.township, plan, code="medical_insurance_subsidy", member=spouse)
    assert "李秀英已有同一措施" in error.value.message_dict["confirm_unusual"][0]


def test_a_large_amount_is_asked_about_and_one_above_the_ceiling_refused(personas, plan):
    with pytest.raises(ValidationError) as error:
        add(personas.township, plan, amount=100000)
    assert "金额100,000元超过50,000元，请核对金额（单位为元）" in error.value.message_dict["confirm_unusual"][0]

    with pytest.raises(ValidationError) as error:
        add(personas.township, plan, amount=9999999999, confirm_unusual=True)
    assert error.value.message_dict["amount"] == [TOO_LARGE]
    add(personas.township, plan, amount=100000, confirm_unusual=True)
    assert PlanMeasure.objects.get().amount == 100000


def test_the_form_asks_on_the_page_and_says_the_ceiling_in_yuan(personas, login, plan):
    client = login(personas.township)
    url = f"/assistance/plans/{plan.pk}/measures/new/"
    assert client.post(url, form(amount="800")).status_code == 302

    again = client.post(url, form(amount="800")).content.decode()
    huge = client.post(url, form(amount="1e12")).content.decode()

    assert "data-unusual" in again and "已有同一措施“临时救助”尚未办结" in again and 'name="confirm_unusual"' in again
    assert TOO_LARGE in huge and "小数点前" not in huge
    assert client.post(url, form(amount="800", confirm_unusual="on")).status_code == 302
    assert PlanMeasure.objects.count() == 2


def test_the_api_asks_the_same_and_refuses_the_huge_amount_in_yuan(personas, login, plan):
    client = login(personas.township)
    body = {
        "plan": plan.pk,
        "measure_code": "temporary_relief",
        "responsible_person": "王干部",
        "starts_on": str(today()),
    }
    url = "/api/v1/assistance/measures/"

    huge = client.post(url, {**body, "amount": "12345678901234"}, content_type="application/json")
    first = client.post(url, {**body, "amount": "800"}, content_type="application/json")
    again = client.post(url, {**body, "amount": "800"}, content_type="application/json")
    confirmed = client.post(url, {**body, "amount": "800", "confirm_unusual": True}, content_type="application/json")

    assert huge.status_code == 400 and huge.json()["amount"] == [TOO_LARGE]
    assert first.status_code == 201
    assert again.status_code == 400 and "已有同一措施" in again.json()["confirm_unusual"][0]
    assert confirmed.status_code == 201


def test_a_new_round_once_the_first_is_done_is_asked_nothing(personas, plan):
    done = add(personas.township, plan)
    measure_status.measure_set_status(  # 民政's measure: closed by the county bureau (or 民政), not the township
        actor=personas.county_officer, measure=done, status=MeasureStatus.DONE, note="已发放", on=today()
    )

    add(personas.township, plan)  # the first is done: a new round of relief is asked nothing
    assert PlanMeasure.objects.count() == 2
