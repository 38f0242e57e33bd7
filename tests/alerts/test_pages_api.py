"""Pages and API of feeds and alerts: the clerk's upload page, downloads, the cadre's worklist, scope."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from alerts.ingest import services as ingest_services
from alerts.models import Alert, FeedUpload
from tests.alerts.conftest import bad_check, csv_file, feed, header_of, ingest, pid

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def rows(people):
    return [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["王五", people["wang"].id_number, "已参保", "30000"],
        ["错号", bad_check(pid(__import__("datetime").date(1981, 1, 1), 73)), "未参保", "10"],
    ]


@pytest.fixture
def uploaded(clerks, people):
    return ingest(clerks["health"], CODE, csv_file(rows(people), header=header_of(CODE)), today=timezone.localdate())


def test_a_clerk_uploads_on_the_page_and_sees_the_result_with_the_error_workbook(
    clerks, people, login, django_capture_on_commit_callbacks
):
    client = login(clerks["health"])
    page = client.get("/alerts/uploads/").content.decode()
    assert "未参保及累计医疗支出超过2万元人员" in page and "交通事故" not in page  # own department's feed types only

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alerts/uploads/", {"feed_type": feed(CODE).pk, "file": csv_file(rows(people), header=header_of(CODE))}
        )

    record = FeedUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/alerts/uploads/{record.pk}/"
    detail = client.get(response["Location"]).content.decode()
    # The notice stays true once the run is done (ingestion ran here before the page was asked for).
    assert "处理进度和结果见下方" in detail and "正在" not in detail
    assert "新生成预警" in detail and "下载错误清单" in detail and "hx-get" not in detail
    workbook = client.get(f"/alerts/uploads/{record.pk}/errors/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    assert [c.value for c in sheet[1]] == [*header_of(CODE), "行号", "错误原因"]
    assert sheet["F2"].value.startswith("身份证号：身份证号校验位不正确")


def _stored(clerk, upload):
    """An upload stored and not yet run."""
    return ingest_services.feed_upload_create(actor=clerk, feed_type=feed(CODE), upload=upload, enqueue=False)


def test_the_progress_partial_polls_while_pending_and_stops_when_done(clerks, people, login):
    record = _stored(clerks["health"], csv_file(rows(people), header=header_of(CODE)))
    client = login(clerks["health"])
    assert 'hx-trigger="every 2s"' in client.get(f"/alerts/uploads/{record.pk}/progress/").content.decode()
    # The upload's own page polls for the partial with its result message.
    assert (
        f"/alerts/uploads/{record.pk}/progress/?detail=1"
        in client.get(f"/alerts/uploads/{record.pk}/").content.decode()
    )
    ingest_services.feed_upload_run(upload_id=record.pk)
    done = client.get(f"/alerts/uploads/{record.pk}/progress/").content.decode()
    assert "hx-get" not in done and "100%" in done
    # So a clerk who watched the bar reach 100 % reads the result and what to do next without reloading; the
    # list's rows keep to the counts.
    on_page = client.get(f"/alerts/uploads/{record.pk}/progress/?detail=1").content.decode()
    assert "处理完成：" in on_page and "请下载错误清单" in on_page
    assert "处理完成：" not in done


def test_alerts_already_raised_this_period_are_counted_on_the_result(clerks, people, login):
    first = _stored(clerks["health"], csv_file(rows(people), header=header_of(CODE)))
    ingest_services.feed_upload_run(upload_id=first.pk)
    again = csv_file([*rows(people), rows(people)[0]], header=header_of(CODE))  # the same people, another file
    second = ingest_services.feed_upload_run(upload_id=_stored(clerks["health"], again).pk)
    assert second.alerts_raised == 0 and second.alerts_repeated > 0

    page = login(clerks["health"]).get(f"/alerts/uploads/{second.pk}/").content.decode()
    assert f"<dt>已预警过（不重复生成）</dt><dd>{second.alerts_repeated}</dd>" in page
    first_page = login(clerks["health"]).get(f"/alerts/uploads/{first.pk}/").content.decode()
    assert "已预警过" not in first_page


def test_an_oversized_upload_is_refused_at_the_field_and_nothing_is_stored(clerks, people, login, monkeypatch):
    monkeypatch.setattr(ingest_services, "MAX_UPLOAD_MB", 0)
    response = login(clerks["health"]).post(
        "/alerts/uploads/", {"feed_type": feed(CODE).pk, "file": csv_file(rows(people) * 2000, header=header_of(CODE))}
    )
    assert "超过 0 MB 的上限" in response.content.decode()
    assert not FeedUpload.objects.exists()


def test_each_feed_type_has_a_template_with_its_header(clerks, login):
    response = login(clerks["public_security"]).get("/alerts/feeds/police-casualty/template/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == header_of("police-casualty")
    assert login(clerks["health"]).get("/alerts/feeds/police-casualty/template/").status_code == 404


def test_scope_cadres_see_their_village_clerks_only_their_outcomes(uploaded, personas, clerks, login):
    zhang = Alert.objects.get(person_name="张大山")
    cadre_a, cadre_b = login(personas.cadre_a), login(personas.cadre_b)
    assert "张大山" in cadre_a.get("/alerts/").content.decode()
    assert "王五" not in cadre_a.get("/alerts/").content.decode()
    assert cadre_b.get(f"/alerts/{zhang.pk}/").status_code == 404
    assert "王五" in login(personas.county_officer).get("/alerts/").content.decode()

    clerk = login(clerks["health"])
    assert clerk.get("/alerts/").status_code == 403
    assert clerk.get(f"/alerts/{zhang.pk}/").status_code == 403
    outcomes = clerk.get("/alerts/outcomes/").content.decode()
    assert "张大山" in outcomes and "待核实" in outcomes and zhang.household.number not in outcomes
    assert zhang.upload.period_label in outcomes and zhang.period_key not in outcomes  # 2026年…, not 2026-12A
    other = login(clerks["education"])
    assert "张大山" not in other.get("/alerts/outcomes/").content.decode()
    assert other.get(f"/alerts/uploads/{uploaded.pk}/").status_code == 404
    assert other.get(f"/alerts/uploads/{uploaded.pk}/errors/").status_code == 404


def test_a_cadre_verifies_on_the_page_and_the_department_sees_the_outcome(uploaded, personas, clerks, login):
    zhang = Alert.objects.get(person_name="张大山")
    response = login(personas.cadre_a).post(
        f"/alerts/{zhang.pk}/",
        {"outcome": "not_at_risk", "visited_on": timezone.localdate().isoformat(), "note": "已参加商业保险，已报销"},
    )
    assert response.status_code == 302
    assert "无返贫致贫风险" in login(clerks["health"]).get("/alerts/outcomes/?status=verified").content.decode()


def test_the_verify_form_shows_a_missing_reason_at_the_field(uploaded, personas, login):
    zhang = Alert.objects.get(person_name="张大山")
    response = login(personas.cadre_a).post(
        f"/alerts/{zhang.pk}/", {"outcome": "not_at_risk", "visited_on": timezone.localdate().isoformat()}
    )
    assert "请填写核实情况" in response.content.decode()
    assert Alert.objects.get(pk=zhang.pk).status == "pending"


def test_api_alerts_for_cadres_and_outcomes_for_clerks(uploaded, personas, clerks, login):
    zhang = Alert.objects.get(person_name="张大山")
    cadre = login(personas.cadre_a)
    listed = cadre.get("/api/v1/alerts/").json()["results"]
    assert [a["person_name"] for a in listed] == ["张大山"] and listed[0]["head_name"] == "张大山"

    assert listed[0]["id_number"] == zhang.id_number
    official = login(personas.official).get("/api/v1/alerts/").json()["results"]
    masked = {a["person_name"]: a["id_number"] for a in official}
    assert masked["张大山"] == zhang.id_number[:4] + "*" * 10 + zhang.id_number[-4:]  # read-only: masked

    clerk_view = login(clerks["health"]).get("/api/v1/alerts/").json()["results"]
    assert {a["person_name"] for a in clerk_view} == {"张大山", "王五"}
    assert zhang.id_number in {a["id_number"] for a in clerk_view}  # the department sent it
    assert "household" not in clerk_view[0] and "head_name" not in clerk_view[0]
    assert login(clerks["health"]).post(f"/api/v1/alerts/{zhang.pk}/verify/", {}).status_code == 403

    body = {
        "outcome": "not_at_risk",
        "visited_on": timezone.localdate().isoformat(),
        "note": "已参加商业保险，已报销自付不多",
    }
    verified = cadre.post(f"/api/v1/alerts/{zhang.pk}/verify/", body, content_type="application/json")
    assert verified.status_code == 200 and verified.json()["outcome_display"] == "无返贫致贫风险"
    assert login(personas.cadre_b).post(f"/api/v1/alerts/{zhang.pk}/verify/", body).status_code == 404


def test_api_upload_feed_types_and_punctuality(clerks, people, login, django_capture_on_commit_callbacks):
    client = login(clerks["health"])
    codes = {f["code"] for f in client.get("/api/v1/feed-types/").json()}
    assert codes == {"health-sudden", "health-serious-illness", "health-uninsured-cost"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/feed-uploads/",
            {"feed_type": feed(CODE).pk, "file": csv_file(rows(people), header=header_of(CODE))},
        )
    assert created.status_code == 201, created.content
    record = client.get(f"/api/v1/feed-uploads/{created.json()['id']}/").json()
    assert (record["status"], record["alerts_raised"], record["rows_error"]) == ("done", 2, 1)
    again = client.post(
        "/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": csv_file(rows(people), header=header_of(CODE))}
    )
    assert again.status_code == 409 and "不能重复上传" in again.json()["detail"]
    assert again.json()["extra"]["id"] == created.json()["id"]
    table = client.get("/api/v1/feed-punctuality/").json()
    assert {row["department"] for row in table} == {"health"}


def test_the_clerks_home_page_leads_to_uploads_and_outcomes_with_no_placeholder(clerks, login):
    page = login(clerks["health"]).get("/").content.decode()

    assert "部门数据上传" in page and "/alerts/uploads/" in page and "本部门预警待核实" in page
    assert "建设中" not in page


def test_the_county_narrows_the_alerts_to_a_township_or_one_village(uploaded, personas, county, login):
    """涂埠镇 has 城南村 (张大山's household); 虬津镇 has village C (王五's)."""
    client = login(personas.county_officer)
    page = client.get("/alerts/").content.decode()
    assert (
        '<optgroup label="涂埠镇">' in page
        and f'<option value="{county.township.code}">涂埠镇（全部村）</option>' in page
    )

    township = client.get("/alerts/", {"village": county.township.code}).content.decode()
    other = client.get("/alerts/", {"village": county.township2.code}).content.decode()
    village = client.get("/alerts/", {"village": county.village_a.code}).content.decode()

    assert "张大山" in township and "王五" not in township
    assert "王五" in other and "张大山" not in other
    assert "张大山" in village and "王五" not in village
    # The tabs count under the filter, and keep it.
    assert 'aria-current="page">待核实 <span class="badge">1</span>' in township  # 2 in the whole county
    assert 'aria-current="page">待核实 <span class="badge">2</span>' in client.get("/alerts/").content.decode()
    assert f"?village={county.township.code}&amp;status=all" in township
    # A township's officer sees one township: its villages only, as before.
    own = login(personas.township).get("/alerts/").content.decode()
    assert "<optgroup" not in own and "涂埠镇 城南村" in own


def test_the_household_page_lists_the_households_alerts_under_its_tab(uploaded, people, personas, login):
    zhang = people["zhang"].household
    client = login(personas.cadre_a)

    page = client.get(f"/households/{zhang.pk}/", {"tab": "alerts"}).content.decode()

    alert = Alert.objects.get(person_name="张大山")
    assert '<a href="?tab=alerts" class="active" aria-current="page">预警</a>' in page
    assert f'href="/alerts/{alert.pk}/"' in page and alert.detail in page and "核实期限" in page
    assert "王五" not in page and "后续版本" not in page
    wang = login(personas.county_officer).get(f"/households/{people['wang'].household.pk}/", {"tab": "alerts"})
    assert "王五" in wang.content.decode() and "张大山" not in wang.content.decode()

    Alert.objects.filter(household=zhang).delete()
    assert "该户没有部门预警。" in client.get(f"/households/{zhang.pk}/", {"tab": "alerts"}).content.decode()


def test_the_department_finds_its_alerts_by_name_id_number_or_outcome(uploaded, people, personas, clerks, login):
    zhang = Alert.objects.get(person_name="张大山")
    login(personas.cadre_a).post(
        f"/alerts/{zhang.pk}/",
        {"outcome": "not_at_risk", "visited_on": timezone.localdate().isoformat(), "note": "已参加商业保险，已报销"},
    )
    clerk = login(clerks["health"])

    by_name = clerk.get("/alerts/outcomes/", {"q": "王五"}).content.decode()
    by_number = clerk.get("/alerts/outcomes/", {"q": people["zhang"].id_number.lower()}).content.decode()
    by_outcome = clerk.get("/alerts/outcomes/", {"outcome": "not_at_risk"}).content.decode()

    assert "王五" in by_name and "张大山" not in by_name
    assert "张大山" in by_number and "王五" not in by_number
    assert "张大山" in by_outcome and "王五" not in by_outcome and "无返贫致贫风险" in by_outcome
    # The search reads the department's own rows only: a household head's name the file never gave finds nothing.
    Alert.objects.filter(pk=zhang.pk).update(person_name="张某")
    assert "没有符合条件的预警。" in clerk.get("/alerts/outcomes/", {"q": "张大山"}).content.decode()
    assert clerk.get("/api/v1/alerts/", {"q": "张大山"}).json()["count"] == 0
    assert [a["person_name"] for a in clerk.get("/api/v1/alerts/", {"q": "王五"}).json()["results"]] == ["王五"]
    assert [a["person_name"] for a in clerk.get("/api/v1/alerts/", {"outcome": "not_at_risk"}).json()["results"]] == [
        "张某"
    ]
    # The tabs keep the search.
    assert "?q=%E7%8E%8B%E4%BA%94&amp;status=pending" in by_name


def test_the_punctuality_page_says_from_when_each_feed_is_counted(clerks, login):
    from alerts.models import FeedType

    FeedType.objects.filter(department="health").update(active_since=dt.date(2026, 11, 16))
    # Left blank, a feed type counts from the day it was created here.
    created = timezone.make_aware(dt.datetime(2026, 12, 1, 9))
    FeedType.objects.filter(code="health-serious-illness").update(active_since=None, created_at=created)
    page = login(clerks["health"]).get("/alerts/punctuality/").content.decode()

    assert "部门数据报送及时率" in page and "（自 2026-11-16 起）" in page and "（自 2026-12-01 起）" in page
    assert "上线前的报送期不计" in page and "填写更早的开始报送日期" in page
    assert "否则上线前的报送期都会计为漏报" not in page


def test_the_alerts_api_refuses_a_filter_value_it_does_not_know(personas, login):
    client = login(personas.county_officer)

    for name in ("status", "level", "outcome"):
        response = client.get("/api/v1/alerts/", {name: "foo"})
        assert response.status_code == 400, name
        assert "“foo”不是可用的取值" in response.json()[name][0]
    assert client.get("/api/v1/alerts/", {"status": "overdue"}).status_code == 200


def test_the_overdue_tab_with_nothing_overdue_says_so(personas, login):
    page = login(personas.cadre_a).get("/alerts/", {"status": "overdue"}).content.decode()

    assert "没有超过核实期限仍未核实的预警。" in page and "行业部门上传数据后" not in page
