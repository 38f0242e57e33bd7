"""监测户无成员享受低保/特困, the reviewer's findings: a household that can earn its way (a labourer of working age,
income not inside the line) is not nudged toward 低保 (000 §四, 003: 缺什么补什么); a finding checked with 民政 is
marked 已核实 with its outcome, who and when, and leaves the list until the household's members or income change or the
review grows old; the checked ones are listed on their own; page and API."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import AuditEvent
from households.choices import AssistanceStatus, Health, LabourSkill, MonitoringCategory, Relation
from households.data_checks import BY_CODE, check_counts, check_findings, years_before
from households.models import HouseholdEvent, HouseholdIncome
from households.models.check_reviews import CheckOutcome, DataCheckReview
from households.services.check_reviews import MSG_NOT_LISTED, MSG_NOT_REVIEWABLE, MSG_NOTE_REQUIRED
from screening.models import MonitoringLine
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CHECK = BY_CODE["no_safety_net"]
URL = "/households/checks/no_safety_net/"
API = "/api/v1/data-checks/no_safety_net/"


def born(age: int) -> dt.date:
    return years_before(today(), age) - dt.timedelta(days=30)


def listed(actor, on: dt.date | None = None, checked: bool = False) -> set[str]:
    rows = check_findings(actor=actor, check=CHECK, today=on or today(), checked=checked)
    return {h.head_name for h in rows}


def monitored(county, name: str, *, income: str | None, skill: str = LabourSkill.ORDINARY, age: int = 40):
    home = HouseholdFactory(village=county.village_a, head_name=name, monitoring_category=MonitoringCategory.MARGINAL)
    MemberFactory(household=home, name=name, birth_date=born(age), labour_skill=skill)
    if income is not None:
        HouseholdIncome.objects.create(
            household=home, region_path=home.region_path, year=today().year - 1, per_capita_net_income=Decimal(income)
        )
    return home


@pytest.fixture
def registry(county):
    MonitoringLine.objects.create(
        year=today().year - 1, region_prefix=county.county.path, region_label="永修县", amount=Decimal("7000")
    )
    return {
        "working": monitored(county, "有劳力收入高", income="9000"),
        "at_line": monitored(county, "有劳力收入等于标准", income="7000"),
        "poor": monitored(county, "有劳力收入低", income="5000"),
        "weak": monitored(county, "弱劳力收入高", income="9000", skill=LabourSkill.WEAK),
        "old": monitored(county, "七十岁普通劳力", income="9000", age=70),
        "unknown": monitored(county, "有劳力无收入", income=None),
    }


def test_a_household_that_can_earn_its_way_is_not_listed(registry, personas):
    # 有劳动能力的，坚持开发式帮扶: a labourer of working age and an income not below the line (7,000, exclusive: an
    # income equal to it is not inside) is development help's. Below the line, without a full labourer of working
    # age, or with no income known, the household stays on the list to compare with 民政.
    assert listed(personas.county_officer) == {"有劳力收入低", "弱劳力收入高", "七十岁普通劳力", "有劳力无收入"}


def test_the_page_says_what_the_list_holds(registry, personas, login):
    page = login(personas.cadre_a).get(URL).content.decode()
    assert "不含有劳动年龄内劳动力" in page and "开发式帮扶" in page
    assert "共 4 户" in page and "有劳力收入高" not in page
    assert page.count(">已核实</a>") == 4 + 1  # one per finding, and the tab of the checked ones


def test_marking_a_finding_checked_takes_it_off_the_list_with_who_when_and_why(registry, personas, login):
    client = login(personas.cadre_a)
    home = registry["weak"]
    form = f"{URL}{home.pk}/review/?next={URL}"
    assert "已比对，不符合低保/特困条件" in client.get(form).content.decode()

    response = client.post(form, {"outcome": CheckOutcome.NOT_ELIGIBLE, "note": "2026年6月民政比对"})

    assert response.status_code == 302 and response["Location"] == URL
    assert "弱劳力收入高" not in listed(personas.county_officer)
    counts = dict((c.code, n) for c, n in check_counts(actor=personas.county_officer, today=today()))
    assert counts["no_safety_net"] == 3
    review = DataCheckReview.objects.get(household=home)
    assert (review.outcome, review.reviewed_by, review.reviewed_on) == ("not_eligible", personas.cadre_a, today())
    event = AuditEvent.objects.get(action="household.check_review")
    assert "已比对，不符合低保/特困条件（2026年6月民政比对）" in event.summary
    assert HouseholdEvent.objects.filter(household=home, summary__contains="已核实").exists()
    checked = client.get(URL + "?checked=1").content.decode()
    assert "弱劳力收入高" in checked and "已核实：已比对，不符合低保/特困条件（2026年6月民政比对）" in checked
    assert "有劳力收入低" not in checked


def test_other_needs_words_said_at_the_field(registry, personas, login):
    response = login(personas.cadre_a).post(f"{URL}{registry['weak'].pk}/review/", {"outcome": CheckOutcome.OTHER})
    assert response.status_code == 200 and MSG_NOTE_REQUIRED in response.content.decode()
    assert not DataCheckReview.objects.exists()


def test_a_change_of_members_or_income_brings_the_finding_back(registry, personas, login):
    client = login(personas.cadre_a)
    weak, old = registry["weak"], registry["old"]
    for home in (weak, old):
        client.post(f"{URL}{home.pk}/review/", {"outcome": CheckOutcome.NOT_ELIGIBLE})
    assert listed(personas.county_officer) == {"有劳力收入低", "有劳力无收入"}

    weak.members.update(health=Health.SERIOUS)  # fell ill: a new situation to compare
    HouseholdIncome.objects.create(household=old, region_path=old.region_path, year=today().year,
                                   per_capita_net_income=Decimal("3000"))  # fmt: skip

    assert listed(personas.county_officer) == {"有劳力收入低", "有劳力无收入", "弱劳力收入高", "七十岁普通劳力"}


def test_a_review_holds_a_year_and_an_application_three_months(registry, personas, login):
    client = login(personas.cadre_a)
    client.post(f"{URL}{registry['weak'].pk}/review/", {"outcome": CheckOutcome.NOT_ELIGIBLE})
    client.post(f"{URL}{registry['old'].pk}/review/", {"outcome": CheckOutcome.APPLIED})
    later = today() + dt.timedelta(days=95)
    assert "七十岁普通劳力" in listed(personas.county_officer, later)  # ask 民政 again how the application went
    assert "弱劳力收入高" not in listed(personas.county_officer, later)
    assert "弱劳力收入高" in listed(personas.county_officer, today() + dt.timedelta(days=366))


def test_a_member_put_on_dibao_leaves_the_list_for_good(registry, personas):
    registry["poor"].members.update(assistance_status=AssistanceStatus.DIBAO)
    assert "有劳力收入低" not in listed(personas.county_officer)


def test_reviews_keep_to_the_scope_and_to_the_list(registry, personas, login, county):
    assert login(personas.cadre_b).post(f"{URL}{registry['weak'].pk}/review/",
                                        {"outcome": CheckOutcome.NOT_ELIGIBLE}).status_code == 404  # fmt: skip
    response = login(personas.cadre_a).post(f"{URL}{registry['working'].pk}/review/",
                                            {"outcome": CheckOutcome.NOT_ELIGIBLE})  # fmt: skip
    assert MSG_NOT_LISTED in response.content.decode()
    assert (
        login(personas.cadre_a).get(f"/households/checks/child_labour/{registry['weak'].pk}/review/").status_code == 404
    )
    assert not DataCheckReview.objects.exists()


def test_the_api_marks_and_lists_checked_findings(registry, personas, login):
    client = login(personas.township)
    home = registry["poor"]
    checks = {c["code"]: c for c in client.get("/api/v1/data-checks/").json()}
    assert checks["no_safety_net"]["outcomes"] == ["not_eligible", "applied", "other_help", "other"]
    assert checks["child_labour"]["outcomes"] == []

    response = client.post(
        f"{API}reviews/", {"household": home.pk, "outcome": "applied"}, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["outcome_display"] == "已申请低保/特困，待民政审批"
    assert response.json()["reviewed_by"] == "township"
    open_rows = client.get(f"{API}findings/").json()["results"]
    assert home.pk not in {r["household"] for r in open_rows} and all(r["review"] is None for r in open_rows)
    [row] = client.get(f"{API}findings/?checked=true").json()["results"]
    assert row["household"] == home.pk and row["review"]["outcome"] == "applied"

    other = client.post(f"{API}reviews/", {"household": registry["weak"].pk, "outcome": "other"},
                        content_type="application/json")  # fmt: skip
    assert other.status_code == 400 and MSG_NOTE_REQUIRED in other.content.decode()
    wrong = client.post("/api/v1/data-checks/child_labour/reviews/", {"household": home.pk, "outcome": "other",
                        "note": "x"}, content_type="application/json")  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["detail"] == MSG_NOT_REVIEWABLE
    outside = login(personas.cadre_b).post(f"{API}reviews/", {"household": home.pk, "outcome": "applied"},
                                           content_type="application/json")  # fmt: skip
    assert outside.status_code == 404
    official = login(personas.official).post(f"{API}reviews/", {"household": registry["weak"].pk,
                                             "outcome": "applied"}, content_type="application/json")  # fmt: skip
    assert official.status_code == 403


def test_a_relation_other_than_head_counts_as_a_labourer_too(registry, personas):
    # The labourer may be any living member: a son of 30 in a household whose head is a weak labourer.
    MemberFactory(household=registry["weak"], name="儿子", relation=Relation.SON, birth_date=born(30),
                  labour_skill=LabourSkill.SKILLED)  # fmt: skip
    assert "弱劳力收入高" not in listed(personas.county_officer)
