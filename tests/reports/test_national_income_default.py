"""Income below the line with no other seed type and no code stored: the ledgers and the dashboard (SQL,
reports.ledgers.national.national_codes) show 缺劳动力 for a household where no living member can work and 其他
otherwise, exactly as households.national (Python) gives it for the same rows."""

import datetime as dt

import pytest

from households.choices import LabourSkill, LivingStatus, Relation, RiskType, StudentStage
from households.member_rules import years_before
from households.models import Household, Member
from households.national import household_codes, national_risk_labels
from tests.clock import today
from tests.factories import MemberFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def test_income_alone_is_shown_lack_of_labour_where_nobody_can_work_in_python_and_sql_alike(personas, registry, login):
    for household in (registry.a1, registry.a2, registry.b1, registry.c1):
        household.risk_types = [RiskType.LOW_INCOME]
        household.national_risk_types = []
        household.save(update_fields=["risk_types", "national_risk_types"])
    # a1: the head lost his labour, the son is 14.
    Member.objects.filter(household=registry.a1, relation=Relation.HEAD).update(labour_skill=LabourSkill.LOST)
    # a2: the head is 65 today; a working-age daughter is at school; a working-age brother died.
    Member.objects.filter(household=registry.a2).update(birth_date=years_before(today(), 65))
    MemberFactory(
        household=registry.a2,
        relation=Relation.DAUGHTER,
        birth_date=years_before(today(), 19),
        student_stage=StudentStage.UNDERGRADUATE,
    )
    MemberFactory(household=registry.a2, relation=Relation.SIBLING, living_status=LivingStatus.DECEASED)
    # b1: the head turns 65 tomorrow, so can still work today.
    Member.objects.filter(household=registry.b1).update(birth_date=years_before(today(), 65) + dt.timedelta(days=1))
    # c1 keeps an ordinary working-age head.
    client = login(personas.county_officer)

    header, body = ledger_table(
        read_xlsx(download(client.post("/reports/export/", {"ledger": "monitored_households"})))
    )

    column = header.index("国家系统风险类型")
    shown = {row[3]: row[column] for row in body}
    expected = {
        registry.a1.number: "缺劳动力",
        registry.a2.number: "缺劳动力",
        registry.b1.number: "其他",
        registry.c1.number: "其他",
    }
    assert {number: shown[number] for number in expected} == expected
    for household in Household.objects.filter(
        pk__in=[h.pk for h in (registry.a1, registry.a2, registry.b1, registry.c1)]
    ):
        assert "、".join(national_risk_labels(household_codes(household))) == shown[household.number]
    chart = dict(client.get("/reports/dashboard/").context["d"].by_national_risk)
    assert chart["缺劳动力"] == 2 and chart["其他"] == 2
