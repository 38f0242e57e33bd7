import datetime as dt

import pytest

from households.models import Household, Visit
from households.services import visits
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db


def _member_post(index: int, name: str, id_number: str, relation: str) -> dict:
    p = f"members-{index}-"
    return {
        p + "name": name,
        p + "id_number": id_number,
        p + "relation": relation,
        p + "ethnicity": "汉族",
        p + "health": "healthy",
        p + "student_stage": "none",
        p + "employment_place": "none",
        p + "employment_months": "0",
        p + "medical_insurance": "on",
        p + "assistance_status": "none",
    }


def _household_post(county, members: list[dict]) -> dict:
    data = {
        "village": county.village_a.pk,
        "household_type": "ordinary",
        "address": "城南村8号",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "1000",
        "food_clothing_ok": "on",
        "education_ok": "on",
        "medical_ok": "on",
        "housing_ok": "on",
        "water_ok": "on",
    }
    for m in members:
        data.update(m)
    return data


def test_a_cadre_creates_a_household_with_members_through_the_form(personas, county, login):
    client = login(personas.cadre_a)
    data = _household_post(
        county,
        [
            _member_post(0, "赵铁柱", make_id(dt.date(1972, 4, 4), 15), "head"),
            _member_post(1, "钱桂花", make_id(dt.date(1974, 6, 6), 26), "spouse"),
        ],
    )

    response = client.post("/households/new/", data)

    household = Household.objects.get(head_name="赵铁柱")
    assert response.status_code == 302 and response["Location"] == f"/households/{household.pk}/"
    assert household.members.count() == 2


def test_a_bad_check_digit_is_shown_at_the_id_field_in_chinese(personas, county, login):
    good = make_id(dt.date(1972, 4, 4), 15)
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    data = _household_post(county, [_member_post(0, "赵铁柱", bad, "head")])

    response = login(personas.cadre_a).post("/households/new/", data)

    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert not Household.objects.exists()


def test_list_search_finds_a_household_by_member_name_id_and_number(household_a, personas, login):
    client = login(personas.cadre_a)
    spouse = household_a.members.get(name="李秀英")

    for q in ("李秀英", spouse.id_number, household_a.number):
        body = client.get("/households/", {"q": q}).content.decode()
        assert household_a.number in body, q


def test_cadre_of_village_a_cannot_list_read_edit_or_transfer_into_village_b(household_a, household_b, personas, login):
    client = login(personas.cadre_a)
    son = household_a.members.get(name="张小明")

    listing = client.get("/households/").content.decode()
    assert household_a.number in listing and household_b.number not in listing
    assert client.get(f"/households/{household_b.pk}/").status_code == 404
    assert client.get(f"/households/{household_b.pk}/edit/").status_code == 404
    assert client.post(f"/households/{household_b.pk}/visits/new/", {"visited_on": "2026-01-01"}).status_code == 404
    response = client.post(
        f"/households/members/{son.pk}/transfer/", {"target_number": household_b.number, "relation": "other"}
    )
    assert response.status_code == 200
    assert "未找到该户编号的农户" in response.content.decode()
    son.refresh_from_db()
    assert son.household == household_a


def test_the_visited_this_month_filter_and_badge(household_a, household_b, personas, login):
    visits.visit_record(actor=personas.cadre_a, household=household_a, visited_on=dt.date.today())
    client = login(personas.township)

    visited = client.get("/households/", {"visited_this_month": "yes"}).content.decode()
    not_visited = client.get("/households/", {"visited_this_month": "no"}).content.decode()
    detail = client.get(f"/households/{household_a.pk}/").content.decode()

    assert household_a.number in visited and household_b.number not in visited
    assert household_b.number in not_visited and household_a.number not in not_visited
    assert "本月已走访" in detail


def test_recording_a_visit_through_the_page(household_a, personas, login):
    response = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/visits/new/",
        {
            "visited_on": dt.date.today().isoformat(),
            "kind": "monthly",
            "food_clothing_ok": "on",
            "education_ok": "on",
            "medical_ok": "on",
            "housing_ok": "on",
            "notes": "饮水困难",
            "risk_found": "on",
            "risk_types": ["unsafe_water"],
        },
    )

    assert response.status_code == 302
    visit = Visit.objects.get(household=household_a)
    assert visit.water_ok is False and visit.risk_found is True


def test_a_visit_sent_back_for_an_error_keeps_the_photo(household_a, personas, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("门前.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, content_type="image/jpeg")
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/visits/new/",
        {"visited_on": future, "kind": "monthly", "notes": "家中无人", "photo": photo},
    )

    page = response.content.decode()
    assert response.status_code == 200 and "日期不能晚于今天" in page
    assert "已选择：<strong>门前.jpg</strong>，不重新选择则使用此文件" in page and "家中无人" in page
    assert 'accept="image/*' in page  # a phone offers its camera
    assert not Visit.objects.filter(household=household_a).exists()


def test_history_tab_shows_changes_in_chinese(household_a, personas, login):
    client = login(personas.cadre_a)
    client.post(
        f"/households/{household_a.pk}/edit/",
        {
            "household_type": "lifted_out",
            "address": "城南村9号",
            "phone": "13800001111",
            "number": household_a.number,
            "food_clothing_ok": "on",
            "education_ok": "on",
            "medical_ok": "on",
            "housing_ok": "on",
            "water_ok": "on",
        },
    )

    body = client.get(f"/households/{household_a.pk}/", {"tab": "history"}).content.decode()

    assert "修改农户信息" in body
    assert "住址：城南村3号 → 城南村9号" in body
    assert "联系电话：（空） → 13800001111" in body


def test_marking_a_member_moved_out_through_the_page(household_a, personas, login):
    son = household_a.members.get(name="张小明")

    response = login(personas.cadre_a).post(
        f"/households/members/{son.pk}/status/",
        {"status": "moved_out", "on": dt.date.today().isoformat(), "reason": "外出落户", "left_reason": "work"},
    )

    son.refresh_from_db()
    assert response.status_code == 302 and son.living_status == "moved_out"


def test_a_member_moving_out_recomputes_the_years_income_and_the_history_says_so(household_a, personas, login):
    from decimal import Decimal

    from households.models import HouseholdEvent
    from households.services import income

    income.income_save(
        actor=personas.cadre_a, household=household_a, year=dt.date.today().year,
        amounts={"wage_income": Decimal("30000")},
    )  # fmt: skip
    son = household_a.members.get(name="张小明")
    login(personas.cadre_a).post(
        f"/households/members/{son.pk}/status/",
        {"status": "moved_out", "on": dt.date.today().isoformat(), "reason": "外出落户", "left_reason": "work"},
    )
    event = HouseholdEvent.objects.get(household=household_a, summary__startswith="家庭人口由")
    assert "家庭人口由 3 人变为 2 人" in event.summary and "10,000.00 元重算为 15,000.00 元" in event.summary
    assert "请修改本年度收支" in event.summary


def test_the_status_page_chooses_nothing_for_the_cadre_and_asks_before_marking(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    client = login(personas.cadre_a)
    page = client.get(f"/households/members/{son.pk}/status/").content.decode()
    assert '<option value="" selected>请选择</option>' in page
    assert "data-confirm-rules=" in page and "撤销标记" in page
    # A tap on 确认 with nothing chosen marks nobody.
    response = client.post(f"/households/members/{son.pk}/status/", {"on": dt.date.today().isoformat()})
    assert response.status_code == 200 and "请选择“已故”或“迁出”。" in response.content.decode()
    son.refresh_from_db()
    assert son.living_status == "living"


def test_the_consent_form_prints_with_the_living_members(household_a, personas, login):
    body = login(personas.cadre_a).get(f"/households/{household_a.pk}/consent/print/").content.decode()

    assert "农户承诺和授权查询书" in body
    for name in ("张大山", "李秀英", "张小明"):
        assert name in body
    head = household_a.members.get(name="张大山")
    assert head.id_number in body  # the cadre prints it for the family to sign
    official = login(personas.official).get(f"/households/{household_a.pk}/consent/print/").content.decode()
    assert head.id_number not in official and head.id_number[:4] + "*" * 10 + head.id_number[-4:] in official


def test_department_clerk_cannot_open_the_registry(household_a, personas, login):
    client = login(personas.clerk)

    assert client.get("/households/").status_code == 403
    assert client.get(f"/households/{household_a.pk}/").status_code == 403


def test_a_visit_photo_is_served_only_within_scope(household_a, personas, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = visits.visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=dt.date.today(),
        photo=SimpleUploadedFile("house.jpg", b"\xff\xd8\xffphoto", content_type="image/jpeg"),
    )

    own = login(personas.cadre_a).get(f"/households/visits/{visit.pk}/photo/")
    other = login(personas.cadre_b).get(f"/households/visits/{visit.pk}/photo/")

    assert own.status_code == 200 and b"".join(own.streaming_content) == b"\xff\xd8\xffphoto"
    assert other.status_code == 404


def test_the_home_page_counts_the_cadres_households_and_links_the_work(household_a, household_b, personas, login):
    body = login(personas.cadre_a).get("/").content.decode()

    assert "农户档案" in body and '<span class="tile-count">1</span>' in body
    assert "筛查待处理" in body and "档案导入" not in body


def test_the_county_list_asks_for_a_village_before_its_groups_and_grids(
    household_a, personas, login, county, django_assert_max_num_queries
):
    from households.models import Grid

    for n in range(12):
        village = county.village_a if n % 2 else county.village_b
        Grid.objects.create(village=village, name=f"第{n}网格", region_path=village.path)
    client = login(personas.county_officer)

    with django_assert_max_num_queries(14):  # not one query per grid for its village's name
        page = client.get("/households/").content.decode()
    assert "全部（请先选择村）" in page and "第1网格" not in page

    chosen = client.get(f"/households/?village={county.village_a.code}").content.decode()
    assert "第1网格" in chosen and "第2网格" not in chosen  # village A's grids only
    assert county.group_a.name in chosen
    # A village cadre has one village: its groups and grids are offered at once.
    own = login(personas.cadre_a).get("/households/").content.decode()
    assert "第1网格" in own and county.group_a.name in own


def test_an_official_reveals_a_masked_id_number_and_it_is_audited(household_a, household_b, personas, login):
    from accounts.models import AuditEvent

    head = household_a.members.get(name="张大山")
    client = login(personas.official)
    page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert head.id_number not in page and f"/households/members/{head.pk}/reveal/" in page
    assert "将记入审计日志" in page  # asked before it is shown

    assert client.get(f"/households/members/{head.pk}/reveal/").status_code == 405
    response = client.post(f"/households/members/{head.pk}/reveal/", {"reason": "核对医疗救助对象身份"})

    assert response.status_code == 200 and head.id_number in response.content.decode()
    event = AuditEvent.objects.get(action="member.reveal_id_number")
    assert event.actor == personas.official and "张大山" in event.summary and event.object_id == str(head.pk)
    # Out of scope: the same 404 as a member that does not exist, and nothing recorded.
    other = household_b.members.first()
    reason = {"reason": "核对身份"}
    assert login(personas.cadre_a).post(f"/households/members/{other.pk}/reveal/", reason).status_code == 404
    assert login(personas.clerk).post(f"/households/members/{head.pk}/reveal/", reason).status_code == 403
    assert AuditEvent.objects.filter(action="member.reveal_id_number").count() == 1
    # Those who keep the registry see the number in full and get no button.
    own = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()
    assert head.id_number in own and "显示完整号码" not in own


def test_the_home_tile_counts_the_monitored_and_lifted_out_households_not_visited_this_month(
    household_a, household_b, personas, login, county
):
    """Seed 001: monitored and lifted-out households are visited every month; an ordinary one is not due."""
    from households.services import registry
    from tests.households.conftest import member_row

    rows = [member_row("吴监测", "head", dt.date(1960, 1, 1), 301)]
    watched = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )
    Household.objects.filter(pk=watched.pk).update(monitoring_category="marginal")
    # household_a is lifted out (due), household_b ordinary (not due), watched monitored (due, and visited)
    visits.visit_record(actor=personas.cadre_a, household=watched, visited_on=dt.date.today())
    client = login(personas.township)

    due = client.get("/households/", {"visited_this_month": "no", "monthly_visit": "yes"}).content.decode()
    home = client.get("/").content.decode()

    assert household_a.number in due and household_b.number not in due and watched.number not in due
    assert "?visited_this_month=no&amp;monthly_visit=yes" in home and "本月尚未走访的监测户和脱贫户" in home
    assert "每月至少走访一次" in home


def test_only_households_due_a_monthly_visit_are_flagged_as_not_visited(household_a, household_b, personas, login):
    """Seed 001: monitored and lifted-out households are visited every month. In a village of hundreds of
    ordinary households, only those due are flagged, so that the cadre sees whom to visit."""
    client = login(personas.township)
    flag = '<span class="badge badge-warn">本月未走访</span>'

    def card(household: Household) -> str:
        rows = client.get("/households/").content.decode()
        return rows[rows.index(household.number) :].split("</li>")[0]

    assert flag in card(household_a)  # lifted out: due
    assert "本月未走访" not in card(household_b)  # ordinary: not due, no flag
    assert "本月未走访（一般农户不要求每月走访）" in client.get(f"/households/{household_b.pk}/").content.decode()

    # Once monitored, the ordinary household is due, in the list and on its page.
    Household.objects.filter(pk=household_b.pk).update(monitoring_category="marginal")
    assert flag in card(household_b)
    detail = client.get(f"/households/{household_b.pk}/").content.decode()
    assert flag in detail and "一般农户不要求" not in detail


def test_the_monthly_visit_property_agrees_with_the_list_filter(household_a, household_b):
    from households.selectors import MONTHLY_VISIT

    for household_type in ("ordinary", "lifted_out"):
        for category in ("", "marginal", "unstable", "sudden_hardship"):
            Household.objects.filter(pk__in=[household_a.pk, household_b.pk]).update(
                household_type=household_type, monitoring_category=category
            )
            due = set(Household.objects.filter(MONTHLY_VISIT).values_list("pk", flat=True))
            for household in Household.objects.filter(pk__in=[household_a.pk, household_b.pk]):
                assert household.monthly_visit_due == (household.pk in due), (household_type, category)


def test_the_county_narrows_the_registry_to_a_township_on_the_page_and_the_api(
    household_a, household_b, county, personas, login
):
    """涂埠镇 holds 城南村 and village B (household_a, household_b); 虬津镇 holds village C."""
    from tests.factories import HouseholdFactory

    far = HouseholdFactory(village=county.village_c, head_name="虬津人家")
    client = login(personas.county_officer)

    page = client.get("/households/").content.decode()
    assert f'<option value="{county.township2.code}">虬津镇</option>' in page
    assert f'<option value="{county.village_a.code}">涂埠镇 城南村</option>' in page  # villages named with township
    first = client.get("/households/", {"township": county.township.code}).content.decode()
    second = client.get("/households/", {"township": county.township2.code}).content.decode()
    assert household_a.number in first and household_b.number in first and far.number not in first
    assert far.number in second and household_a.number not in second

    listed = client.get("/api/v1/households/", {"township": county.township2.code}).json()
    assert [h["number"] for h in listed["results"]] == [far.number]
    # One township's officer has no township to choose.
    assert 'name="township"' not in login(personas.township).get("/households/").content.decode()


def test_the_household_page_title_names_the_household_and_nothing_else(personas, household_a, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith(f"{household_a.head_name} {household_a.number} ·")
    assert "<" not in title
