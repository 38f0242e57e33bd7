"""变动原因: a member added carries its 新增原因 (新生儿 by itself for a baby without an ID number), one marked 迁出 its
迁出原因 (已故: 死亡), 其他 with the words typed; required on the pages, in the API and in the services; shown on the
member card and in the 变更记录, audited; undone with the mark; old rows read 未记录."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import LivingStatus, Relation
from households.member_reasons import JoinReason, LeaveReason
from households.models import HouseholdEvent
from households.services import registry
from households.services.member_reasons import (
    MSG_JOIN_REQUIRED,
    MSG_LEAVE_REQUIRED,
    MSG_NOTE_REQUIRED,
)
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.newborn import NO_ID_FIELD
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

BRIDE = dt.date(1990, 4, 5)


def bride(name: str = "刘芳", **extra):
    return member_row(name, Relation.DAUGHTER_IN_LAW, BRIDE, 52, **extra)


def page_row(row: dict, **extra) -> dict:
    data = dict(row)
    data |= {"student_stage": "none", "employment_place": "none", "employment_months": "0", "medical_insurance": "on"}
    return data | {"assistance_status": "none", "joined_on": f"{today():%Y-%m-%d}"} | extra


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_service_requires_a_join_reason_and_words_for_other(household_a, personas):
    with pytest.raises(ValidationError) as refused:
        registry.member_add(actor=personas.cadre_a, household=household_a, data=bride())
    assert refused.value.message_dict == {"joined_reason": [MSG_JOIN_REQUIRED]}
    with pytest.raises(ValidationError) as refused:
        registry.member_add(actor=personas.cadre_a, household=household_a, data=bride(), reason="other")
    assert refused.value.message_dict == {"joined_note": [MSG_NOTE_REQUIRED]}
    assert not household_a.members.filter(name="刘芳").exists()

    member = registry.member_add(
        actor=personas.cadre_a, household=household_a, data=bride(), reason="other", reason_note="户籍恢复"
    )

    assert (member.joined_reason, member.joined_note) == (JoinReason.OTHER, "户籍恢复")
    event = HouseholdEvent.objects.filter(member=member).latest("pk")
    assert "新增原因：其他（户籍恢复）" in event.summary
    audit = AuditEvent.objects.filter(action="member.create", object_id=str(member.pk)).get()
    assert audit.after["joined_reason"] == "其他" and audit.after["joined_note"] == "户籍恢复"


def test_a_reason_is_said_with_the_members_other_errors(household_a, personas):
    with pytest.raises(ValidationError) as refused:
        registry.member_add(actor=personas.cadre_a, household=household_a, data=bride(""))
    assert set(refused.value.message_dict) >= {"name", "joined_reason"}


def test_a_baby_without_an_id_number_is_a_newborn_whatever_was_chosen(household_a, personas):
    baby = {
        "name": "张小宝",
        "id_number": "",
        NO_ID_FIELD: True,
        "sex": "female",
        "birth_date": today() - dt.timedelta(days=30),
        "relation": Relation.GRANDDAUGHTER,
        "health": "healthy",
        "ethnicity": "汉族",
    }
    member = registry.member_add(actor=personas.cadre_a, household=household_a, data=baby, reason="marriage")
    assert member.joined_reason == JoinReason.NEWBORN
    assert "新增原因：新生儿" in HouseholdEvent.objects.filter(member=member).latest("pk").summary


def test_the_page_asks_for_the_reason_and_saves_it(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/members/new/"
    form = client.get(url).content.decode()
    assert 'name="joined_reason"' in form and "新增原因" in form and 'data-shown-for="other"' in form

    refused = client.post(url, page_row(bride()))

    assert refused.status_code == 200
    assert MSG_JOIN_REQUIRED in refused.content.decode()
    refused = client.post(url, page_row(bride(), joined_reason="other"))
    assert MSG_NOTE_REQUIRED in refused.content.decode()
    saved = client.post(url, page_row(bride(), joined_reason="marriage"))
    assert saved.status_code == 302, saved.content.decode()
    member = household_a.members.get(name="刘芳")
    assert member.joined_reason == JoinReason.MARRIAGE
    page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert "新增原因：婚入" in page
    history = client.get(f"/households/{household_a.pk}/?tab=history").content.decode()
    assert "新增原因：婚入" in history


def test_moving_out_requires_a_reason_and_the_card_and_history_say_it(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    with pytest.raises(ValidationError) as refused:
        member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today())
    assert refused.value.message_dict == {"left_reason": [MSG_LEAVE_REQUIRED]}
    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING

    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/status/"
    form = client.get(url).content.decode()
    assert 'name="left_reason"' in form and 'data-shown-by="status" data-shown-for="moved_out"' in form
    body = {"status": "moved_out", "on": today().isoformat()}
    assert MSG_LEAVE_REQUIRED in client.post(url, body).content.decode()
    assert MSG_NOTE_REQUIRED in client.post(url, {**body, "left_reason": "other"}).content.decode()
    done = client.post(url, {**body, "left_reason": "study"})

    assert done.status_code == 302, done.content.decode()
    son.refresh_from_db()
    assert (son.living_status, son.left_reason) == (LivingStatus.MOVED_OUT, LeaveReason.STUDY)
    event = HouseholdEvent.objects.filter(member=son).latest("pk")
    assert f"标记为迁出（{today():%Y-%m-%d}，迁出原因：升学迁出）" in event.summary
    assert {"field": "left_reason", "label": "减少原因", "old": "", "new": "升学迁出"} in event.changes
    assert AuditEvent.objects.filter(action="member.status", object_id=str(son.pk)).get().after["left_reason"] == (
        "升学迁出"
    )
    page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert "减少原因：升学迁出" in page


def test_a_death_is_recorded_as_such_and_the_reason_goes_with_an_undone_mark(household_a, personas):
    son = household_a.members.get(name="张小明")
    member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.DECEASED, on=today(), left_reason="army")
    son.refresh_from_db()
    assert son.left_reason == LeaveReason.DEATH

    member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)

    son.refresh_from_db()
    assert (son.left_reason, son.left_note) == ("", "")
    restored = HouseholdEvent.objects.filter(member=son, summary__startswith="撤销").latest("pk")
    assert {"field": "left_reason", "label": "减少原因", "old": "死亡", "new": ""} in restored.changes


def test_the_api_takes_and_returns_the_reasons(household_a, personas, login):
    client = login(personas.cadre_a)
    row = {**bride(), "household": household_a.pk}

    refused = post_json(client, "/api/v1/members/", row)
    assert refused.status_code == 400 and refused.json()["joined_reason"] == [MSG_JOIN_REQUIRED]
    wrong = post_json(client, "/api/v1/members/", {**row, "joined_reason": "died"})
    assert wrong.status_code == 400 and "不是可用的新增原因" in wrong.json()["joined_reason"][0]
    made = post_json(client, "/api/v1/members/", {**row, "joined_reason": "moved_in"})

    assert made.status_code == 201, made.json()
    assert (made.json()["joined_reason"], made.json()["joined_reason_display"]) == ("moved_in", "迁入")
    member_id = made.json()["id"]
    patched = client.patch(f"/api/v1/members/{member_id}/", {"joined_reason": "marriage"}, "application/json")
    assert patched.status_code == 400 and "joined_reason" in patched.json()

    url = f"/api/v1/members/{member_id}/set-status/"
    body = {"living_status": "moved_out", "on": today().isoformat()}
    assert post_json(client, url, body).json()["left_reason"] == [MSG_LEAVE_REQUIRED]
    marked = post_json(client, url, {**body, "left_reason": "other", "left_note": "投靠子女"})
    assert marked.status_code == 200, marked.json()
    shown = marked.json()["member"]
    assert (shown["left_reason"], shown["left_reason_display"], shown["left_note"]) == ("other", "其他", "投靠子女")


def test_the_migration_marks_old_rows_unrecorded_and_the_deceased_dead(household_a):
    gone = MemberFactory(household=household_a, name="王老汉", living_status=LivingStatus.DECEASED)
    moved = MemberFactory(household=household_a, name="张二妹", living_status=LivingStatus.MOVED_OUT)
    living = MemberFactory(household=household_a, name="张三叔", relation=Relation.OTHER)  # as one from before
    migration = importlib.import_module("households.migrations.0034_member_change_reasons")
    sql = migration.Migration.operations[-1].sql
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE households_member SET left_reason = '' ")
        cursor.execute(sql)
    for member in (gone, moved, living):
        member.refresh_from_db()
    assert (gone.left_reason, moved.left_reason, living.left_reason) == ("death", "unrecorded", "")
    assert living.joined_reason == JoinReason.UNRECORDED
