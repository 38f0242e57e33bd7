"""The rule of 000 §三 type 3, "主要就业务工劳动力失岗 6 个月以上，造成家庭收入骤减": a main labourer (16–64, skilled or
ordinary, not in school) out of work at least 6 of the months of this year already over, a labourer who has not
worked at all counting 0 months, in a household whose per-capita income fell at least 20 % on the year before."""

import datetime as dt
from decimal import Decimal

import pytest

from households.models import Member
from households.services import income
from screening.choices import RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run, screening_run_household
from tests.clock import this_year, today

pytestmark = pytest.mark.django_db


def december() -> dt.date:
    return dt.date(this_year(), 12, 4)  # 11 months of the year are over


@pytest.fixture
def labourer_household(line, make_household, personas):
    """Two members at 9,000 a head this year (above the line), 12,000 a head last year: a fall of 25 %."""

    def _make(previous_per_capita: str | None = "12000", **member):
        household = make_household("9000")
        if previous_per_capita is not None:
            income.income_save(
                actor=personas.county_officer,
                household=household,
                year=this_year() - 1,
                amounts={"wage_income": Decimal(previous_per_capita) * 2},
            )
        head = household.members.get(relation="head")  # born 1970: 56 in 2026
        Member.objects.filter(pk=head.pk).update(**{"labour_skill": "skilled", **member})
        return household, head

    return _make


def _reasons(household, on_date=None):
    screening_run(kind=RunKind.NIGHTLY, on_date=on_date or december())
    result = ScreeningResult.objects.filter(household=household, is_current=True).first()
    return [r for r in (result.reasons if result else []) if "失岗" in r]


def test_a_main_labourer_who_has_not_worked_at_all_this_year_is_hit_when_the_income_fell(labourer_household):
    household, head = labourer_household(employment_place="none", employment_months=0)

    assert _reasons(household) == [
        f"主要劳动力 {head.name}（本年前11个月未务工），失岗 6 个月以上；{this_year()} 年人均纯收入 9,000.00 元，"
        "比上年 12,000.00 元下降 25%"
    ]


def test_untidy_months_on_a_member_marked_not_working_count_as_none(labourer_household):
    household, head = labourer_household(employment_place="none", employment_months=9)

    assert _reasons(household)[0].startswith(f"主要劳动力 {head.name}（本年前11个月未务工）")


def test_months_are_counted_against_the_months_already_over_not_twelve(labourer_household):
    six, _ = labourer_household(employment_place="in_province", employment_months=6)
    five, head = labourer_household(employment_place="in_province", employment_months=5)

    screening_run(kind=RunKind.NIGHTLY, on_date=december())

    # 6 months of work in the 11 months over: out of work 5 of them, not 6.
    assert not ScreeningResult.objects.filter(household=six, is_current=True).exists()
    assert (
        ScreeningResult.objects.get(household=five, is_current=True)
        .reasons[0]
        .startswith(f"主要劳动力 {head.name}（本年前11个月务工5个月），失岗 6 个月以上")
    )


def test_early_in_the_year_nobody_can_yet_be_out_of_work_six_months(labourer_household):
    year = this_year()
    household, _ = labourer_household(employment_place="none", employment_months=0)

    assert _reasons(household, on_date=dt.date(year, 2, 10)) == []  # one month over
    assert _reasons(household, on_date=dt.date(year, 7, 1)) != []  # six months over


def test_without_last_years_income_no_fall_is_seen_and_the_household_is_not_hit(labourer_household):
    household, _ = labourer_household(previous_per_capita=None, employment_place="in_county", employment_months=2)

    assert _reasons(household) == []


def test_a_small_fall_is_not_a_sharp_one(labourer_household):
    household, _ = labourer_household(previous_per_capita="10500", employment_place="in_county", employment_months=2)

    assert _reasons(household) == []  # 9,000 against 10,500: down 14 %


@pytest.mark.parametrize(
    "member",
    [
        {"birth_date": dt.date(1950, 1, 1)},  # past working age (over 64 in any year the tests run)
        {"student_stage": "undergraduate"},  # a student
        {"labour_skill": "weak"},  # not a full labourer
        {"living_status": "deceased"},
    ],
    ids=["elderly", "student", "weak", "deceased"],
)
def test_only_main_labourers_count(labourer_household, member):
    household, _ = labourer_household(employment_place="in_county", employment_months=2, **member)

    assert _reasons(household) == []


def test_the_single_household_run_gives_the_same_reason(labourer_household):
    household, _ = labourer_household(employment_place="none", employment_months=0)
    county_reasons = _reasons(household)
    ScreeningResult.objects.all().delete()

    screening_run_household(household=household)

    # The household run is dated today; in the first half of the year it cannot fire (see above).
    if today().month > 6:
        result = ScreeningResult.objects.get(household=household, is_current=True)
        months_over = today().month - 1
        assert [r for r in result.reasons if r.startswith("主要劳动力")] == [
            county_reasons[0].replace("本年前11个月", f"本年前{months_over}个月")
        ]


def test_the_rules_page_and_api_explain_how_the_rule_reads_the_registry(personas, login):
    client = login(personas.county_officer)

    page = client.get("/screening/rules/").content.decode()
    rules = client.get("/api/v1/screening-rules/").json()

    assert "本年已过月数（不含当月）减去本年务工月数" in page
    assert "家庭人均纯收入比上年的最小降幅：0.2" in page
    labourer = next(r for r in rules if r["kind"] == "labourer_underemployed")
    assert "没有上年收支记录的农户" in labourer["note"]


def test_the_rule_note_says_it_cannot_fire_in_the_first_half_of_the_year(personas, login):
    """Only this year's months worked are recorded, not when a job was lost: before July fewer than six months of
    the year are over, so the rule cannot fire; the county is told so where the rule is shown."""
    page = login(personas.county_officer).get("/screening/rules/").content.decode()

    assert "不登记何时失岗" in page and "即每年1至6月）本规则不会命中" in page


def test_a_household_the_rule_fails_on_is_left_out_and_the_others_are_still_hit(labourer_household, monkeypatch):
    from screening import engine_kinds as engine

    good, _ = labourer_household(employment_place="none", employment_months=0)
    bad, _ = labourer_household(employment_place="none", employment_months=0)
    original = engine._labourer_out_of_work

    def explode_for_bad(compiled, prefix):
        # Division by zero for one household only: stands for data that breaks the rule's SQL.
        original(compiled, prefix)
        compiled.names = f"CASE WHEN 1 / (h.id - {bad.pk}) <> 0 THEN {compiled.names} END"

    monkeypatch.setattr(engine, "_labourer_out_of_work", explode_for_bad)

    run = screening_run(kind=RunKind.NIGHTLY, on_date=december())

    assert [f["household"] for f in run.failures] == [bad.pk]
    assert _reasons(good) and not _reasons(bad)
