"""The 明白卡 (seed 004 §(二十四)): a printable card for a 脱贫户 or 监测对象 with how to apply by itself, its help
contact and, for a monitored household, the measures it enjoys; the head's ID number masked; printing it audited."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from assistance.help_card import HELP_CARD_PRINT
from assistance.models import MeasureType
from assistance.services import measures, plans
from households.choices import Relation
from households.idnumber import mask
from households.models import Household, Region
from tests.clock import today

pytestmark = pytest.mark.django_db


def url(household):
    return f"/assistance/households/{household.pk}/card/print/"


def test_a_monitored_households_card_lists_its_measures_and_contacts(personas, login, county, monitored_a):
    Region.objects.filter(pk=county.township.pk).update(supervision_phone="0792-1234567")
    Household.objects.filter(pk=monitored_a.pk).update(help_contact=personas.cadre_a)
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today() + dt.timedelta(days=3),
        responsible_person="李镇长",
        amount=2000,
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        confirm_unusual=True,
    )
    head = monitored_a.members.get(relation=Relation.HEAD)

    page = login(personas.cadre_a).get(url(monitored_a)).content.decode()

    assert "防止返贫帮扶政策明白卡" in page and "自主申报" in page
    assert "张大山" in page and "监测对象" in page
    assert "0792-1234567" in page  # the township's phone, as the notices print it
    assert "临时救助" in page and ("2,000.00" in page or "2000.00" in page)
    assert mask(head.id_number) in page and head.id_number not in page
    assert "李秀英" not in page  # no member named but the head
    event = AuditEvent.objects.get(action=HELP_CARD_PRINT)
    assert monitored_a.number in event.summary and event.actor_username == "cadre_a"


def test_a_lifted_out_household_gets_blank_lines_where_no_phone_is_set(personas, login, household_a):
    page = login(personas.cadre_a).get(url(household_a)).content.decode()

    assert "脱贫户" in page and "＿＿＿＿＿＿＿＿" in page
    assert "享受的帮扶政策" not in page  # not monitored: no measures section


def test_another_villages_cadre_gets_404_and_nothing_is_audited(personas, login, household_a):
    assert login(personas.cadre_b).get(url(household_a)).status_code == 404
    assert not AuditEvent.objects.filter(action=HELP_CARD_PRINT).exists()


def test_the_household_and_plan_pages_link_to_the_card(personas, login, household_a):
    client = login(personas.cadre_a)

    assert url(household_a) in client.get(f"/households/{household_a.pk}/").content.decode()
    assert url(household_a) in client.get(f"/assistance/households/{household_a.pk}/").content.decode()


def test_the_plan_prints_as_one_household_one_plan_and_is_audited(personas, login, county, monitored_a):
    from assistance.plan_print import PLAN_PRINT

    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today() + dt.timedelta(days=3),
        responsible_person="李镇长",
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        confirm_unusual=True,
    )
    print_url = f"/assistance/households/{monitored_a.pk}/plan/print/"
    client = login(personas.cadre_a)

    assert print_url in client.get(f"/assistance/households/{monitored_a.pk}/").content.decode()
    page = client.get(print_url).content.decode()

    assert "张大山户防止返贫帮扶方案（一户一方案）" in page
    assert "临时救助" in page and "李镇长" in page and "计划中" in page
    assert monitored_a.members.get(relation=Relation.HEAD).id_number not in page
    assert AuditEvent.objects.filter(action=PLAN_PRINT, actor_username="cadre_a").count() == 1
    assert login(personas.cadre_b).get(print_url).status_code == 404


def test_a_household_without_a_plan_has_no_plan_print(personas, login, household_a):
    assert login(personas.cadre_a).get(f"/assistance/households/{household_a.pk}/plan/print/").status_code == 404


def test_a_claim_prints_from_its_page_and_is_audited(personas, login, monitored_a):
    from decimal import Decimal

    from assistance.plan_print import CLAIM_PRINT
    from assistance.services import claims

    claim = claims.claim_create(
        actor=personas.cadre_a, household=monitored_a, cause="illness", amount=Decimal("8000"), occurred_on=today()
    )
    print_url = f"/assistance/claims/{claim.pk}/print/"
    client = login(personas.cadre_a)

    assert print_url in client.get(f"/assistance/claims/{claim.pk}/").content.decode()
    page = client.get(print_url).content.decode()

    assert "防贫保理赔申报表" in page and "张大山" in page and "8,000.00" in page
    assert monitored_a.members.get(relation=Relation.HEAD).id_number not in page
    assert AuditEvent.objects.filter(action=CLAIM_PRINT, actor_username="cadre_a").count() == 1
    assert login(personas.cadre_b).get(print_url).status_code == 404
