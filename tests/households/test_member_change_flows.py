"""Members who enter or leave a household through a registry act carry a 变动原因 the act gives: 新登记 for those
registered with a new household (首次登记), 户间迁移 for one moved into another household (迁入他户), 分户 and 合户 —
on both sides of a move. The member's 新增原因 names where they came from; the 变更记录 rows, the API and the audit
say it, and each side is a 成员变动 row (households.models.MemberChange) for the 家庭成员变动台账."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from accounts.models import AuditEvent
from households.choices import LivingStatus
from households.choices import Relation as R
from households.member_reasons import JoinReason
from households.models import HouseholdEvent
from households.models.activity import MemberChange
from households.services import moves
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.merge import household_merge
from tests.clock import today

pytestmark = pytest.mark.django_db
Kind = MemberChange.Kind


def changes_of(member):
    return [(c.household_id, c.kind, c.reason_text, c.other_household_id) for c in member.changes.order_by("pk")]


def history(client, household) -> str:
    return client.get(f"/households/{household.pk}/", {"tab": "history"}).content.decode()


def test_members_registered_with_a_new_household_join_by_registration(household_a, personas, login):
    members = list(household_a.members.order_by("pk"))

    assert {m.joined_reason for m in members} == {JoinReason.REGISTERED}
    rows = MemberChange.objects.filter(household=household_a)
    assert sorted(rows.values_list("member__name", "kind", "reason_text", "changed_on", "actor")) == sorted(
        (m.name, Kind.JOINED, "新登记", today(), personas.township.pk) for m in members
    )
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()
    assert page.count("新增原因：新登记") == 3  # each member's card
    assert "家庭成员3人，新增原因：新登记" in history(login(personas.cadre_a), household_a)
    audit = AuditEvent.objects.get(action="household.create", object_id=str(household_a.pk))
    assert audit.after["change_reason"] == "新登记"
    son = household_a.members.get(name="张小明")
    body = login(personas.cadre_a).get(f"/api/v1/members/{son.pk}/").json()
    assert (body["joined_reason"], body["joined_reason_display"]) == ("registered", "新登记")


def test_a_member_moved_into_another_household_carries_the_move_on_both_sides(
    household_a, household_b, personas, login
):
    son = household_a.members.get(name="张小明")

    moves.member_transfer(actor=personas.township, member=son, target=household_b, relation=R.OTHER)

    son.refresh_from_db()
    came_from = f"由农户{household_a.number}迁入"
    assert (son.joined_reason, son.joined_note) == (JoinReason.TRANSFER, came_from)
    assert changes_of(son)[1:] == [
        (household_a.pk, Kind.TRANSFER_OUT, f"户间迁移（迁至农户{household_b.number}）", household_b.pk),
        (household_b.pk, Kind.TRANSFER_IN, f"户间迁移（{came_from}）", household_a.pk),
    ]
    left = history(login(personas.cadre_a), household_a)
    joined = history(login(personas.cadre_b), household_b)
    assert f"张小明 迁出至农户 {household_b.number}（减少原因：户间迁移）" in left
    assert "变动原因：（空） → 户间迁移" in left
    assert "新增原因：户间迁移" in joined and f"张小明的新增原因：新登记 → 户间迁移（{came_from}）" in joined
    out = AuditEvent.objects.get(action="member.transfer_out", object_id=str(son.pk))
    came = AuditEvent.objects.get(action="member.transfer_in", object_id=str(son.pk))
    assert out.after["change_reason"] == "户间迁移"
    assert (came.before["joined_reason"], came.after["joined_reason"]) == ("新登记", f"户间迁移（{came_from}）")
    body = login(personas.cadre_b).get(f"/api/v1/members/{son.pk}/").json()
    assert (body["joined_reason"], body["joined_reason_display"], body["joined_note"]) == (
        "transfer",
        "户间迁移",
        came_from,
    )
    page = login(personas.cadre_b).get(f"/households/{household_b.pk}/").content.decode()
    assert f"新增原因：户间迁移（{came_from}）" in page


def test_members_split_off_leave_and_join_by_split(household_a, personas, login):
    wife, son = (household_a.members.get(name=n) for n in ("李秀英", "张小明"))

    new = moves.household_split(
        actor=personas.cadre_a, household=household_a, members=[wife, son], new_head=wife, relations={son.pk: R.SON}
    )

    came_from = f"由农户{household_a.number}分出"
    assert set(new.members.values_list("joined_reason", "joined_note")) == {(JoinReason.SPLIT, came_from)}
    for member in (wife, son):
        assert changes_of(member)[1:] == [
            (household_a.pk, Kind.TRANSFER_OUT, f"分户（迁至农户{new.number}）", new.pk),
            (new.pk, Kind.TRANSFER_IN, f"分户（{came_from}）", household_a.pk),
        ]
    source = HouseholdEvent.objects.get(household=household_a, summary__startswith="分户")
    assert source.summary.endswith("（减少原因：分户）")
    assert {"field": "change_reason", "label": "变动原因", "old": "", "new": "分户"} in source.changes
    assert "；新增原因：分户" in HouseholdEvent.objects.get(household=new).summary
    created = AuditEvent.objects.get(action="household.create", object_id=str(new.pk))
    assert created.after["change_reason"] == "分户"
    assert "变动原因：（空） → 分户" in history(login(personas.cadre_a), household_a)


def test_a_merged_households_members_leave_and_join_by_merge(household_a, household_b, personas, login):
    head = household_b.members.get()

    household_merge(actor=personas.township, source=household_b, target=household_a, relations={head.pk: R.OTHER})

    head.refresh_from_db()
    assert (head.joined_reason, head.joined_note) == (JoinReason.MERGE, f"由农户{household_b.number}迁入")
    assert changes_of(head)[1:] == [
        (household_b.pk, Kind.TRANSFER_OUT, f"合户（迁至农户{household_a.number}）", household_a.pk),
        (household_a.pk, Kind.TRANSFER_IN, f"合户（由农户{household_b.number}迁入）", household_b.pk),
    ]
    assert "变动原因：（空） → 合户" in history(login(personas.cadre_a), household_a)
    assert "变动原因：（空） → 合户" in history(login(personas.cadre_b), household_b)
    merged_in = AuditEvent.objects.get(action="household.merge_in", object_id=str(household_a.pk))
    assert merged_in.after["change_reason"] == "合户"


def test_a_mark_and_its_undoing_are_each_a_change_of_the_day_given(household_a, personas):
    son = household_a.members.get(name="张小明")
    on = today() - dt.timedelta(days=3)

    member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=on, left_reason="study")
    member_restore(actor=personas.cadre_a, member=son, reason="误标，仍在家上学", relation=R.SON)

    rows = son.changes.order_by("pk").values_list("kind", "reason_text", "changed_on")
    assert list(rows)[1:] == [
        (Kind.MOVED_OUT, "升学迁出", on),
        (Kind.RESTORED, "撤销“迁出”：误标，仍在家上学", today()),
    ]


def test_the_migration_lists_the_marks_and_additions_made_before_the_rows_began(household_a, personas):
    son = household_a.members.get(name="张小明")
    on = today() - dt.timedelta(days=40)
    member_set_status(actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=on, left_reason="army")
    MemberChange.objects.all().delete()

    importlib.import_module("households.migrations.0037_member_changes").backfill(apps, None)

    assert list(MemberChange.objects.values_list("member", "kind", "reason_text", "changed_on", "actor")) == [
        (son.pk, Kind.MOVED_OUT, "参军", on, personas.cadre_a.pk)
    ]
