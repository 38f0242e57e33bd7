"""Review rev-official 1 and 2: health is hidden from a read-only role the same way in every ledger. A mark only in
the cells that hold a disability tells who is disabled; a screening reason that names an ill member tells who is
ill. The registry's keepers read both in full."""

import pytest

from households.choices import DisabilityGrade, Health
from households.privacy import hide_health_in_text
from households.services import registry as registry_services
from screening.choices import RunKind
from screening.services.runs import screening_run
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx
from tests.screening.conftest import line, make_household  # noqa: F401 (the screening tests' fixtures)

pytestmark = pytest.mark.django_db

HEALTH_COLUMNS = ("健康状况", "残疾等级", "残疾类别")


def member_columns(client, *, csv: bool = False):
    data = download(client.post("/reports/export/", {"ledger": "members"}))
    header, body = ledger_table(libreoffice_csv(data) if csv else read_xlsx(data))
    return {name: [row[header.index(name)] for row in body] for name in ("姓名", *HEALTH_COLUMNS)}


def test_an_official_reads_every_health_cell_of_the_member_ledger_hidden_not_only_the_disabled_ones(
    personas, registry, login
):
    """a1's son is disabled (三级 肢体残疾); the other members of the monitored households (a1's head, a2, b1, c1)
    have no disability, so their 残疾等级 is empty."""
    son = registry.a1.members.get(name="张小三")
    son.health, son.disability_grade, son.disability_type = Health.DISABLED, DisabilityGrade.GRADE_3, "肢体残疾"
    son.save()

    official = member_columns(login(personas.official), csv=True)  # as an office PC opens it
    officer = member_columns(login(personas.county_officer))

    assert len(official["姓名"]) == 5
    for name in HEALTH_COLUMNS:
        assert set(official[name]) == {"（已隐去）"}, name
    # The county bureau reads the facts, blanks where there are none: the mask must not follow them.
    assert sorted(value or "" for value in officer["残疾等级"]) == ["", "", "", "", "三级"]
    assert "肢体残疾" in officer["残疾类别"]


def test_an_illness_reason_names_no_one_to_a_read_only_role(line, make_household, personas, login):  # noqa: F811
    """The serious-illness reason gives a read-only role how many members are ill instead of their names."""
    household = make_household("9000", members=3)
    sick = list(household.members.exclude(relation="head").order_by("pk"))
    for member in sick:
        registry_services.member_update(
            actor=personas.cadre_a, member=member, data={"health": "serious", "medical_insurance": False}
        )
    screening_run(kind=RunKind.NIGHTLY)

    def reasons(user):
        data = download(login(user).post("/reports/export/", {"ledger": "screening_results"}))
        header, body = ledger_table(read_xlsx(data))
        return body[0][header.index("命中原因")]

    official, officer = reasons(personas.official), reasons(personas.county_officer)

    names = "、".join(member.name for member in sick)
    assert f"家庭成员 {names} 患有大病且未参加基本医疗保险" in officer  # the engine's stored text, unchanged
    assert "2 名家庭成员患有大病且未参加基本医疗保险" in official
    assert all(member.name not in official for member in sick)
    # The same rule on the screening pages a read-only role may open.
    page = login(personas.official).get("/screening/").content.decode()
    assert "2 名家庭成员患有大病" in page and all(member.name not in page for member in sick)
    assert names in login(personas.cadre_a).get("/screening/").content.decode()
    # And in the API: the results and a run's changes.
    api = login(personas.official)
    found = api.get("/api/v1/screening-results/").json()["results"]
    assert found and all(member.name not in str(found) for member in sick)
    assert any("2 名家庭成员患有大病" in reason for result in found for reason in result["reasons"])
    run = api.get("/api/v1/screening-runs/").json()["results"][0]
    changed = api.get(f"/api/v1/screening-runs/{run['id']}/changes/").json()["results"]
    assert changed and all(member.name not in str(changed) for member in sick)
    officer = login(personas.county_officer).get("/api/v1/screening-results/").json()
    assert names in str(officer["results"])


def test_the_illness_mask_counts_names_and_leaves_other_reasons_alone():
    text = "人均纯收入 5,000.00 元，低于 2026 年监测标准 7,300.00 元；家庭成员 魏志金 患有大病且未参加基本医疗保险"

    assert hide_health_in_text(text) == (
        "人均纯收入 5,000.00 元，低于 2026 年监测标准 7,300.00 元；1 名家庭成员患有大病且未参加基本医疗保险"
    )
    assert hide_health_in_text("家庭成员 阿依古丽·买买提、钱妹 患有大病") == "2 名家庭成员患有大病"
    assert hide_health_in_text("最近一次走访发现：住房不安全") == "最近一次走访发现：住房不安全"
