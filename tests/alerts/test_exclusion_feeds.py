"""七严四甄别 from department feeds (issue 5 §5 "later also by department feeds"): a matched row of a rule with an
exclusion kind registers the exclusion fact on the member (source 部门数据), in the household's history and the audit
log; it raises no alert and lists no unregistered person; an active fact of the same kind is not registered twice."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from alerts.choices import UploadStatus
from alerts.models import Alert, FeedType, UnregisteredPerson
from screening.models import ExclusionFact
from tests.alerts.conftest import csv_file, header_of, ingest, pid

pytestmark = pytest.mark.django_db

CODE = "police-vehicles"


@pytest.fixture
def vehicles():
    feed = FeedType.objects.get(code=CODE)
    assert not feed.is_active  # seeded switched off: the county switches on what its departments agreed to send
    FeedType.objects.filter(pk=feed.pk).update(is_active=True)
    return feed


def rows(people, plate="赣G12345"):
    return [
        ["张大山", people["zhang"].id_number, plate, "小型轿车", "2025-06-01"],
        ["李秀英", people["li"].id_number, "赣G54321", "轻型厢式货车", "2024-01-01"],  # a truck excludes no one
        ["陌生人", pid(dt.date(1980, 2, 2), 51), "赣G00001", "小型轿车", ""],  # not in the registry: nothing
    ]


def test_a_car_in_the_vehicle_feed_becomes_the_members_exclusion_fact_and_no_alert(vehicles, clerks, people):
    record = ingest(clerks["public_security"], CODE, csv_file(rows(people), header=header_of(CODE)))

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_error, record.exclusions_added, record.alerts_raised) == (3, 0, 1, 0)
    assert "新登记排除情形 1 条" in record.message
    zhang = people["zhang"]
    fact = ExclusionFact.objects.get()
    assert (fact.member, fact.household, fact.kind, fact.source, fact.is_active) == (
        zhang, zhang.household, "car", "feed", True
    )  # fmt: skip
    assert fact.note == (
        "号牌号码：赣G12345；车辆类型：小型轿车；初次登记日期：2025-06-01"
        "（农户家庭成员名下机动车（七严四甄别），第2行）"
    )
    assert fact.recorded_by == clerks["public_security"]
    assert not Alert.objects.exists() and not UnregisteredPerson.objects.exists()
    event = zhang.household.events.latest("pk")
    assert event.summary.startswith("公安局数据登记排除情形：家中有消费型轿车（张大山）")
    audit = AuditEvent.objects.filter(action="screening.exclusion_add").get()
    assert audit.object_id == str(fact.pk) and audit.actor == clerks["public_security"]


def test_the_same_car_next_month_adds_nothing_until_the_fact_is_withdrawn(vehicles, clerks, people):
    clerk, header = clerks["public_security"], header_of(CODE)
    ingest(clerk, CODE, csv_file(rows(people), header=header, name="october.csv"))

    again = ingest(clerk, CODE, csv_file(rows(people, plate="赣G99999"), header=header, name="november.csv"))
    assert again.exclusions_added == 0 and ExclusionFact.objects.count() == 1

    ExclusionFact.objects.update(is_active=False)  # withdrawn by the county (screening.services.exclusion_withdraw)
    third = ingest(clerk, CODE, csv_file(rows(people, plate="赣G77777"), header=header, name="december.csv"))
    assert third.exclusions_added == 1
    assert ExclusionFact.objects.filter(is_active=True).get().note.startswith("号牌号码：赣G77777")


def test_the_feed_types_page_says_which_rules_register_exclusions(vehicles, clerks, login):
    page = login(clerks["public_security"]).get("/alerts/feeds/").content.decode()

    assert "名下有消费型轿车" in page and "登记排除情形：家中有消费型轿车" in page
    api = login(clerks["public_security"]).get("/api/v1/feed-types/").json()
    rule = next(r for f in api if f["code"] == CODE for r in f["rules"])
    assert rule["exclusion_kind"] == "car"


def test_a_hit_household_whose_member_the_vehicle_feed_names_is_screened_as_excluded(
    vehicles,
    clerks,
    line,
    make_household,
):
    from screening.choices import ResultStatus, RunKind
    from screening.models import ScreeningResult
    from screening.services.runs import screening_run

    household = make_household("5000")  # below the 7,300 line: a hit
    head = household.members.get(relation="head")
    upload = csv_file([[head.name, head.id_number, "赣G24680", "小型普通客车", ""]], header=header_of(CODE))

    ingest(clerks["public_security"], CODE, upload)
    screening_run(kind=RunKind.NIGHTLY)

    result = ScreeningResult.objects.get(household=household)
    assert result.status == ResultStatus.EXCLUDED
    assert result.exclusion_reasons == [
        "家中有消费型轿车（号牌号码：赣G24680；车辆类型：小型普通客车（农户家庭成员名下机动车（七严四甄别），第2行））"
    ]
