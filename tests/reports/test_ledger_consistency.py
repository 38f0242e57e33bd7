"""Ledgers that agree with each other and with the home page: the members ledger with 家庭人口数, the data-check list
with the home tile, an empty ledger that says so, a bad date on the performance page that is told, not replaced."""

from collections import Counter

import pytest
from django.utils import timezone

from households.choices import LivingStatus, Relation
from households.data_checks import CHECKS, KIND_LABELS, check_counts, error_count
from households.models import Member
from tests.factories import MemberFactory
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def ledger(client, code, **filters):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code, **filters})))
    header, table = ledger_table(rows)
    body = [dict(zip(header, row, strict=False)) for row in table]
    return rows[1][0], body


def test_the_members_ledger_lists_as_many_members_as_each_households_size(personas, registry, login):
    """a1's son moves out and b1 gains a wife who has died: a1 counts 1 person, b1 1, and so do their rows."""
    Member.objects.filter(name="张小三").update(living_status=LivingStatus.MOVED_OUT)
    MemberFactory(household=registry.b1, name="已故妻", relation=Relation.SPOUSE, living_status=LivingStatus.DECEASED)
    client = login(personas.county_officer)

    _, households = ledger(client, "monitored_households")
    _, members = ledger(client, "members")
    page = client.get("/reports/").content.decode()

    sizes = {row["户编号"]: row["家庭人口数"] for row in households}
    assert sizes[registry.a1.number] == 1
    assert Counter(row["户编号"] for row in members) == sizes
    assert {row["姓名"] for row in members}.isdisjoint({"张小三", "已故妻"})
    assert "不含已故和迁出的成员" in page and "与监测对象台账的“家庭人口数”一致" in page


@pytest.fixture
def findings(registry):
    """Errors: every registry household (all lifted out) has no income this year or last; a child listed as a labourer.
    To be checked: 张小三 (14) not registered in school. Comparison: the four monitored households without 低保."""
    twelve = timezone.localdate().replace(month=1, day=1, year=timezone.localdate().year - 12)
    MemberFactory(household=registry.a3, name="童工", relation=Relation.SON, birth_date=twelve, labour_skill="ordinary")
    return registry


def test_the_data_check_list_puts_errors_first_and_counts_them_as_the_home_tile_does(
    personas, findings, login, monkeypatch
):
    # Whatever order the registry lists its checks in, the comparison list comes last.
    monkeypatch.setattr("reports.ledgers.data_checks.CHECKS", list(reversed(CHECKS)))
    actor = personas.county_officer
    client = login(actor)
    counts = Counter()
    for check, n in check_counts(actor=actor, today=timezone.localdate()):
        counts[KIND_LABELS[check.kind]] += n

    line, rows = ledger(client, "data_checks")
    page = client.get("/reports/").content.decode()
    home = client.get("/").content.decode()

    kinds = [row["问题类别"] for row in rows]
    assert kinds == sorted(kinds, key=["逻辑错误", "需核实", "比对"].index)
    assert min(counts["逻辑错误"], counts["需核实"], counts["比对"]) > 0
    assert Counter(kinds) == counts
    errors = error_count(actor=actor, today=timezone.localdate())
    assert errors == counts["逻辑错误"]
    summary = (
        f"逻辑错误 {errors} 条、需核实 {counts['需核实']} 条（首页“数据逻辑问题”计逻辑错误条数），列在前面；"
        f"与民政比对的监测户名单 {counts['比对']} 条，列在最后"
    )
    assert summary in line and summary in page
    assert f'数据逻辑问题 <span class="tile-count">{errors}</span>' in home


def test_an_empty_ledger_says_no_data_under_its_header(personas, registry, login):
    _, rows = ledger(login(personas.county_officer), "risk_elimination")

    assert len(rows) == 1 and rows[0]["乡镇"] == "（无数据）"


def test_a_date_that_does_not_exist_is_reported_on_the_performance_page(personas, login):
    client = login(personas.official)

    response = client.get("/reports/performance/?period=month&date=2026-02-30")
    page = response.content.decode()

    assert response.status_code == 400
    assert "“2026-02-30”不是有效的日期" in page and 'value="2026-02-30"' in page
    assert "识别纳入与走访" not in page  # no figures of another month shown as if they were asked for
    assert client.get("/reports/performance/?period=month&date=2026-02-28").status_code == 200
