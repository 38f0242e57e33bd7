"""The national system's risk codes in the ledgers an official exports (DOMAIN.md "Code lists")."""

import pytest

from households.choices import DisabilityGrade, Health, LivingStatus, NationalRiskType, Relation, RiskType
from households.models import Member
from reports.ledgers.households import HOUSEHOLD_COLUMNS
from reports.ledgers.national import COLUMNS
from tests.factories import MemberFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def export(client, code):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code})))
    return ledger_table(rows)


def test_the_national_code_column_follows_the_seed_risk_type_column_in_both_ledgers():
    for columns in (COLUMNS, HOUSEHOLD_COLUMNS):
        headers = [column.header for column in columns]
        assert headers[headers.index("风险类型") + 1] == "国家系统风险类型"


def test_the_pending_list_shows_stored_codes_and_the_usual_code_for_cases_from_before(personas, cases, login):
    cases.included.national_risk_types = [NationalRiskType.DISABILITY]
    cases.included.save(update_fields=["national_risk_types"])

    header, body = export(login(personas.county_officer), "national_pending")

    column = header.index("国家系统风险类型")
    shown = {row[0]: row[column] for row in body}
    assert shown[cases.included.pk] == "因残"  # what the case recorded
    assert shown[cases.d1_in.pk] == "因病"  # no codes stored: medical cost's usual code


def test_the_household_ledger_shows_the_households_codes_or_its_seed_types_usual_codes(personas, registry, login):
    registry.a1.national_risk_types = [NationalRiskType.DISABILITY]
    registry.a1.save(update_fields=["national_risk_types"])
    # Recorded before the national codes were kept: their seed types only.
    registry.a2.risk_types = [RiskType.LOW_INCOME]
    registry.a2.save(update_fields=["risk_types"])
    registry.b1.risk_types = [RiskType.LOW_INCOME, RiskType.UNSAFE_HOUSING]
    registry.b1.save(update_fields=["risk_types"])

    header, body = export(login(personas.county_officer), "monitored_households")

    column = header.index("国家系统风险类型")
    shown = {row[3]: row[column] for row in body}
    assert shown[registry.a1.number] == "因残"
    assert shown[registry.a2.number] == "其他"  # income below the line, no cause recorded
    assert shown[registry.b1.number] == "因安全住房"  # the cause the other seed type gives


def test_a_medical_cost_with_only_a_disabled_member_is_shown_as_disability_in_the_ledger_and_the_chart(
    personas, registry, login
):
    """No code stored: the medical cost of a household whose only health reason is a disability (any grade) is 因残;
    one with an ill member stays 因病. The dashboard's chart counts the same."""
    for household in (registry.a1, registry.a2):
        household.risk_types = [RiskType.MEDICAL_COST]
        household.national_risk_types = []
        household.save(update_fields=["risk_types", "national_risk_types"])
    Member.objects.filter(household=registry.a1).update(health=Health.HEALTHY)
    Member.objects.filter(household=registry.a1, name="张三").update(
        health=Health.DISABLED, disability_grade=DisabilityGrade.GRADE_3
    )
    Member.objects.filter(household=registry.a2).update(health=Health.CHRONIC)
    MemberFactory(
        household=registry.a2, relation=Relation.SON, health=Health.DISABLED, disability_grade=DisabilityGrade.GRADE_1
    )
    MemberFactory(  # an ill member who died no longer makes a1's cost an illness's
        household=registry.a1, relation=Relation.FATHER, health=Health.SERIOUS, living_status=LivingStatus.DECEASED
    )
    client = login(personas.county_officer)

    header, body = export(client, "monitored_households")

    column = header.index("国家系统风险类型")
    shown = {row[3]: row[column] for row in body}
    assert shown[registry.a1.number] == "因残"
    assert shown[registry.a2.number] == "因病"
    chart = dict(client.get("/reports/dashboard/").context["d"].by_national_risk)
    assert chart["因残"] == sum(1 for v in shown.values() if "因残" in (v or ""))
