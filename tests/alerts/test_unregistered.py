"""未在档人员核查: persons merged by ID number across uploads, the county's finding (audited, replaceable, validated),
the hand-over to a village to register, scope on pages and API, and the ledger."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredEntry, UnregisteredPerson
from alerts.selectors_unregistered import to_register_list, unregistered_people, with_details
from alerts.services.unregistered import (
    MSG_BULK_GONE,
    MSG_BULK_NONE,
    MSG_BULK_REGISTER,
    MSG_DATE_BEFORE,
    MSG_DATE_FUTURE,
    MSG_NOTE,
    MSG_VILLAGE,
    MSG_VILLAGE_SCOPE,
    unregistered_check,
    unregistered_check_many,
)
from config.errors import ApplicationError
from households.choices import RegionLevel
from households.models import Region
from tests.alerts.conftest import TODAY, csv_file, header_of, ingest, pid
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.reports.conftest import libreoffice_csv

pytestmark = pytest.mark.django_db

FEED = "health-uninsured-cost"
STRANGER = pid(dt.date(1985, 4, 4), 31)
OTHER = pid(dt.date(1990, 9, 9), 42)
JSON = "application/json"
# Checks are dated today(): the rows are stamped when ingested, whatever day (TODAY) the feed's period is.


@pytest.fixture
def named(clerks, people):
    """Two uploads of the health feed: the stranger is named in both (uninsured), the other person in the second."""
    header = header_of(FEED)
    first = csv_file([["陌生人", STRANGER, "未参保", "0"]], header=header, name="october.csv")
    second = csv_file(
        [["陌生人甲", STRANGER, "未参保", "120"], ["外来人", OTHER, "未参保", "0"]], header=header, name="november.csv"
    )
    ingest(clerks["health"], FEED, first, today=TODAY)
    ingest(clerks["health"], FEED, second, today=TODAY + dt.timedelta(days=1))
    return UnregisteredPerson.objects.order_by("pk")


def people_of(actor, **filters):
    return {e.id_number: e for e in with_details(unregistered_people(actor=actor, filters=filters))}


def entry_of(id_number):
    return UnregisteredEntry.objects.get(id_number=id_number)


def test_a_person_named_by_two_uploads_is_one_entry_with_the_latest_name_and_both_appearances(named, personas):
    assert named.count() == 3

    found = people_of(personas.county_officer)

    assert set(found) == {STRANGER, OTHER}
    stranger = found[STRANGER]
    assert stranger.appearances == 2 and stranger.person_name == "陌生人甲"
    assert stranger.feed_names == ["未参保及累计医疗支出超过2万元人员"]
    assert stranger.status == "pending" and stranger.outcome == "" and stranger.member is None
    assert found[OTHER].appearances == 1


def test_a_finding_is_recorded_then_replaced_with_both_in_the_audit_log(named, personas, county):
    officer = personas.county_officer
    entry = entry_of(STRANGER)

    unregistered_check(
        actor=officer, entry=entry, outcome=UnregisteredOutcome.NOT_RURAL, note="户籍在南昌市", checked_on=today()
    )
    unregistered_check(
        actor=officer,
        entry=entry,
        outcome=UnregisteredOutcome.REGISTER,
        note="经公安户籍比对，户籍在城南村",
        checked_on=today(),
        village=county.village_a,
    )

    entry.refresh_from_db()
    assert (entry.outcome, entry.village, entry.person_name) == ("register", county.village_a, "陌生人甲")
    events = list(AuditEvent.objects.filter(action="alerts.unregistered_check").order_by("pk"))
    assert len(events) == 2
    assert events[0].before is None and events[0].after["outcome"] == "not_rural"
    assert events[1].before["outcome"] == "not_rural" and events[1].after["village"] == "城南村"
    assert "交涂埠镇城南村建档" in events[1].summary
    found = people_of(officer)
    assert found[STRANGER].status == "to_register" and found[OTHER].status == "pending"
    assert set(people_of(officer, status="pending")) == {OTHER}
    assert set(people_of(officer, status="to_register")) == {STRANGER}


def test_a_finding_without_its_reasons_is_refused_in_chinese(named, personas):
    officer, entry = personas.county_officer, entry_of(STRANGER)
    elsewhere = Region.objects.create(
        code="360426100201", name="外县村", level=RegionLevel.VILLAGE, path="360426100201"
    )

    def refused(**kwargs):
        values = {"outcome": UnregisteredOutcome.REGISTER, "note": "应建档", "checked_on": today()}
        with pytest.raises(ValidationError) as error:
            unregistered_check(actor=officer, entry=entry, **{**values, **kwargs})
        return error.value.message_dict

    assert refused(note="  ")["note"] == [MSG_NOTE]
    assert refused()["village"] == [MSG_VILLAGE]
    assert refused(village=elsewhere)["village"] == [MSG_VILLAGE_SCOPE]
    assert refused(checked_on=today() - dt.timedelta(days=1))["checked_on"] == [MSG_DATE_BEFORE.format(date=today())]
    assert not UnregisteredEntry.objects.exclude(outcome="").exists()


def test_once_the_village_registers_the_person_they_count_as_in_the_registry(named, personas, county):
    officer = personas.county_officer
    unregistered_check(
        actor=officer,
        entry=entry_of(STRANGER),
        outcome=UnregisteredOutcome.REGISTER,
        note="应建档",
        checked_on=today(),
        village=county.village_a,
    )
    assert [c.id_number for c in to_register_list(actor=personas.cadre_a)] == [STRANGER]
    assert list(to_register_list(actor=personas.cadre_b)) == []

    MemberFactory(household=HouseholdFactory(village=county.village_a), name="陌生人甲", id_number=STRANGER)

    assert people_of(officer)[STRANGER].status == "registered"
    assert set(people_of(officer, status="registered")) == {STRANGER}
    assert list(to_register_list(actor=personas.cadre_a)) == []
    with pytest.raises(ApplicationError, match="已在本县档案中"):
        unregistered_check(actor=officer, entry=entry_of(STRANGER), outcome="not_rural", note="x", checked_on=today())


def test_a_person_named_again_after_the_finding_is_marked(clerks, named, personas):
    unregistered_check(
        actor=personas.county_officer,
        entry=entry_of(OTHER),
        outcome=UnregisteredOutcome.NOT_RURAL,
        note="外省户籍",
        checked_on=today(),
    )
    assert not people_of(personas.county_officer)[OTHER].named_again

    later = csv_file([["外来人", OTHER, "未参保", "5"]], header=header_of(FEED), name="december.csv")
    ingest(clerks["health"], FEED, later, today=TODAY + dt.timedelta(days=30))

    assert people_of(personas.county_officer)[OTHER].named_again


def test_only_the_countys_staff_record_findings(named, personas):
    for actor in (personas.township, personas.cadre_a, personas.official):
        with pytest.raises(PermissionDenied):
            unregistered_check(actor=actor, entry=entry_of(OTHER), outcome="not_rural", note="x", checked_on=today())
    assert people_of(personas.township) == {}


def test_the_page_lists_checks_and_hands_over_to_the_village(named, personas, county, login):
    client = login(personas.county_officer)

    page = client.get("/alerts/unregistered/").content.decode()
    assert "陌生人甲" in page and "外来人" in page and "待核查" in page and "报送 2 次" in page

    entry = entry_of(STRANGER)
    response = client.post(
        f"/alerts/unregistered/{entry.pk}/",
        {"outcome": "register", "village": county.village_a.pk, "checked_on": today().isoformat(), "note": "应建档"},
    )
    assert response.status_code == 302
    detail = client.get(f"/alerts/unregistered/{entry.pk}/").content.decode()
    assert "交 涂埠镇 城南村 建档" in detail and "部门报送记录" in detail
    assert "陌生人甲" not in client.get("/alerts/unregistered/").content.decode()  # no longer pending
    assert "陌生人甲" in client.get("/alerts/unregistered/?status=to_register").content.decode()

    cadre = login(personas.cadre_a)
    assert "陌生人甲" in cadre.get("/alerts/to-register/").content.decode()
    assert "待建档人员" in cadre.get("/").content.decode()
    assert cadre.get("/alerts/unregistered/").status_code == 403
    assert "陌生人甲" not in login(personas.cadre_b).get("/alerts/to-register/").content.decode()


def test_the_page_shows_a_refused_finding_with_its_reason(named, personas, login):
    client = login(personas.county_officer)
    entry = entry_of(OTHER)

    response = client.post(
        f"/alerts/unregistered/{entry.pk}/", {"outcome": "register", "checked_on": today().isoformat(), "note": "x"}
    )

    assert response.status_code == 200 and MSG_VILLAGE in response.content.decode()
    assert not UnregisteredEntry.objects.exclude(outcome="").exists()


def test_the_api_lists_people_and_records_a_finding(named, personas, county, login):
    client = login(personas.county_officer)

    listed = client.get("/api/v1/unregistered-persons/?status=pending").json()
    assert {p["person_name"] for p in listed["results"]} == {"陌生人甲", "外来人"}
    stranger = next(p for p in listed["results"] if p["person_name"] == "陌生人甲")
    assert stranger["appearances"] == 2 and stranger["finding"] is None

    bad = client.post(f"/api/v1/unregistered-persons/{stranger['id']}/check/", {"outcome": "register", "note": "x",
                      "checked_on": today().isoformat()}, content_type=JSON)  # fmt: skip
    assert bad.status_code == 400 and MSG_VILLAGE in bad.content.decode()

    done = client.post(
        f"/api/v1/unregistered-persons/{stranger['id']}/check/",
        {"outcome": "register", "note": "应建档", "checked_on": today().isoformat(), "village": county.village_a.code},
        content_type=JSON,
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "to_register" and body["finding"]["village_name"] == "城南村"

    assert login(personas.township).get("/api/v1/unregistered-persons/").status_code == 403
    official = login(personas.official)
    shown = official.get(f"/api/v1/unregistered-persons/{stranger['id']}/").json()
    assert shown["id_number"] != STRANGER and shown["id_number"].endswith(STRANGER[-4:])
    assert official.post(f"/api/v1/unregistered-persons/{stranger['id']}/check/", {}).status_code == 403


def test_the_api_hides_a_health_feeds_detail_from_a_read_only_role_as_the_page_does(named, personas, login):
    officer = login(personas.county_officer).get("/api/v1/unregistered-persons/").json()["results"]
    assert any("未参保" in p["detail"] for p in officer)

    official = login(personas.official)
    listed = official.get("/api/v1/unregistered-persons/").json()["results"]
    assert {p["detail"] for p in listed} == {"（已隐去）"}
    one = official.get(f"/api/v1/unregistered-persons/{listed[0]['id']}/").json()
    assert one["detail"] == "（已隐去）"


def test_a_feed_type_that_is_not_a_number_is_a_400_in_chinese(named, personas, login):
    client = login(personas.county_officer)
    for url in ("/api/v1/unregistered-persons/?feed_type=abc", "/api/v1/alerts/?feed_type=abc"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["feed_type"] == ["应为数字编号，不能是“abc”。"]
    assert client.get("/alerts/unregistered/?feed_type=abc").status_code == 200  # the page's form ignores it


def test_the_upload_page_leads_the_county_to_the_persons_it_named(named, personas, clerks, login):
    from alerts.models import FeedUpload

    upload = FeedUpload.objects.latest("pk")

    county_page = login(personas.county_officer).get(f"/alerts/uploads/{upload.pk}/").content.decode()
    assert f"/alerts/unregistered/?status=all&amp;feed_type={upload.feed_type_id}" in county_page
    assert "查看未在档人员" not in login(clerks["health"]).get(f"/alerts/uploads/{upload.pk}/").content.decode()


def test_one_finding_for_several_persons_is_recorded_for_each_and_audited(named, personas, county):
    officer = personas.county_officer
    registered = entry_of(STRANGER)  # registered meanwhile by its village: passed over, and named
    MemberFactory(household=HouseholdFactory(village=county.village_a), name="陌生人甲", id_number=STRANGER)

    checked, passed_over = unregistered_check_many(
        actor=officer,
        entry_ids=[entry_of(OTHER).pk, registered.pk],
        outcome=UnregisteredOutcome.NOT_RURAL,
        note="  经公安户籍系统比对，户籍均不在本县  ",
        checked_on=today(),
    )

    assert (checked, passed_over) == (1, ["陌生人甲"])
    other = entry_of(OTHER)
    assert other.outcome == UnregisteredOutcome.NOT_RURAL and other.note == "经公安户籍系统比对，户籍均不在本县"
    assert other.checked_by == officer and other.checked_on == today()
    assert entry_of(STRANGER).outcome == ""
    events = AuditEvent.objects.filter(action="alerts.unregistered_check")
    assert [e.summary for e in events] == ["核查未在档人员 外来人：非本县农村人口。经公安户籍系统比对，户籍均不在本县"]


def test_several_persons_get_a_finding_all_together_or_not_at_all(clerks, named, personas):
    officer = personas.county_officer
    # A person first named today cannot have been checked yesterday; the other was named the day before.
    later = csv_file([["新来人", OTHER[:-1] + "0", "未参保", "0"]], header=header_of(FEED), name="today.csv")
    ingest(clerks["health"], FEED, later, today=TODAY + dt.timedelta(days=2))
    ids = list(UnregisteredEntry.objects.values_list("pk", flat=True))

    def refused(**kwargs):
        values = {"entry_ids": ids, "outcome": "moved", "note": "已迁出", "checked_on": today()}
        with pytest.raises(ValidationError) as error:
            unregistered_check_many(actor=officer, **{**values, **kwargs})
        return error.value.message_dict

    assert refused(entry_ids=[])["ids"] == [MSG_BULK_NONE]
    assert refused(checked_on=today() + dt.timedelta(days=1))["checked_on"] == [MSG_DATE_FUTURE]  # once, not a person
    assert refused(outcome=UnregisteredOutcome.REGISTER)["outcome"] == [MSG_BULK_REGISTER]
    assert refused(note=" ")["note"] == [MSG_NOTE]
    yesterday = today() - dt.timedelta(days=1)
    assert refused(checked_on=yesterday)["checked_on"] == [
        f"{e.person_name}：{MSG_DATE_BEFORE.format(date=today())}" for e in UnregisteredEntry.objects.order_by("pk")
    ]
    with pytest.raises(ApplicationError, match=MSG_BULK_GONE):
        unregistered_check_many(actor=officer, entry_ids=[*ids, 10**9], outcome="moved", note="x", checked_on=today())
    for actor in (personas.township, personas.official):
        with pytest.raises((PermissionDenied, ApplicationError)):
            unregistered_check_many(actor=actor, entry_ids=ids, outcome="moved", note="x", checked_on=today())
    assert not UnregisteredEntry.objects.exclude(outcome="").exists()
    assert not AuditEvent.objects.filter(action="alerts.unregistered_check").exists()


def test_the_page_records_one_finding_for_the_ticked_persons(named, personas, login):
    client = login(personas.county_officer)
    page = client.get("/alerts/unregistered/").content.decode()
    assert page.count('name="entry"') == 2 and "记录所选人员的核查结果" in page

    stranger, other = entry_of(STRANGER), entry_of(OTHER)
    form = {"entry": [other.pk], "outcome": "not_rural", "checked_on": today().isoformat(), "note": "户籍不在本县"}
    refused = client.post("/alerts/unregistered/?feed_type=", {**form, "note": ""})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert '<p class="field-error">请填写核查情况。</p>' in body
    assert f'value="{other.pk}" class="batch-case" aria-label="选择 外来人" checked' in body  # the ticks are kept
    assert entry_of(OTHER).outcome == ""

    done = client.post("/alerts/unregistered/", form, follow=True)
    listed = done.content.decode()
    assert "已记录 1 人的核查结果：非本县农村人口。" in listed
    assert "外来人" not in listed and "陌生人甲" in listed  # back on the pending list
    assert entry_of(OTHER).outcome == "not_rural" and entry_of(STRANGER).outcome == ""

    # Handing over to a village is not offered for several at once; a read-only official may not record at all.
    handed = client.post("/alerts/unregistered/", {**form, "entry": [stranger.pk], "outcome": "register"})
    assert "“register”不在可选范围内，请重新选择。" in handed.content.decode()
    assert login(personas.official).post("/alerts/unregistered/", {**form, "entry": [stranger.pk]}).status_code == 403
    assert entry_of(STRANGER).outcome == ""
    assert "记录所选人员的核查结果" not in login(personas.official).get("/alerts/unregistered/").content.decode()


def test_the_api_records_one_finding_for_several_persons(named, personas, login):
    client = login(personas.county_officer)
    ids = [entry_of(STRANGER).pk, entry_of(OTHER).pk]
    body = {"ids": ids, "outcome": "wrong_data", "note": "医保局确认数据有误", "checked_on": today().isoformat()}

    bad = client.post("/api/v1/unregistered-persons/check-many/", {**body, "outcome": "register"}, content_type=JSON)
    assert bad.status_code == 400 and MSG_BULK_REGISTER in bad.content.decode()
    none = client.post("/api/v1/unregistered-persons/check-many/", {**body, "ids": []}, content_type=JSON)
    assert none.status_code == 400 and none.json()["ids"] == [MSG_BULK_NONE]
    gone = client.post("/api/v1/unregistered-persons/check-many/", {**body, "ids": [*ids, 10**9]}, content_type=JSON)
    assert gone.status_code == 400 and gone.json()["detail"] == MSG_BULK_GONE
    done = client.post("/api/v1/unregistered-persons/check-many/", body, content_type=JSON)

    assert done.status_code == 200, done.content
    assert done.json() == {"checked": 2, "passed_over": []}
    assert set(UnregisteredEntry.objects.values_list("outcome", flat=True)) == {"wrong_data"}
    assert (
        login(personas.official).post("/api/v1/unregistered-persons/check-many/", body, content_type=JSON).status_code
        == 403
    )


def test_an_official_reads_a_health_feed_beside_an_unregistered_person_as_the_departments_label(named, personas, login):
    feed = "未参保及累计医疗支出超过2万元人员"
    official, officer = login(personas.official), login(personas.county_officer)
    stranger = next(p for p in officer.get("/api/v1/unregistered-persons/").json()["results"] if p["appearances"] == 2)
    assert stranger["feed_types"] == [feed]

    listed = official.get("/api/v1/unregistered-persons/").json()["results"]
    assert {name for p in listed for name in p["feed_types"]} == {"卫健部门预警"}
    for url in ("/alerts/unregistered/", f"/alerts/unregistered/{stranger['id']}/"):
        # The list's filter may offer every feed type by name: it names no person.
        page = re.sub(r"<select.*?</select>", "", official.get(url).content.decode(), flags=re.S)
        assert feed not in page and "卫健部门预警" in page, url
        assert feed in officer.get(url).content.decode(), url
    response = official.post("/reports/export/", {"ledger": "unregistered_persons"})
    cells = {cell for row in libreoffice_csv(b"".join(response.streaming_content)) for cell in row}
    assert feed not in cells and "卫健部门预警" in cells
