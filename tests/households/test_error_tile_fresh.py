"""The home tile 数据逻辑问题 agrees with the checks list one tap away right after a record is created or corrected
(review: the tile kept its count five minutes and said 3 while the list said 4). The counts are still kept while
nothing is written (a county's take over a second)."""

import datetime as dt
import re

import pytest

from households.choices import Relation, StudentStage
from households.data_checks import ERROR, check_counts, years_before
from households.models import Member
from tests.clock import today
from tests.factories import MemberFactory
from tests.households.conftest import make_id
from tests.households.page_form import page_form
from tests.households.test_registry_import import csv_upload, hn, member, run
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db


def born(age: int) -> dt.date:
    return years_before(today(), age) - dt.timedelta(days=30)


def tile(client) -> int:
    home = client.get("/").content.decode()
    found = re.search(r'数据逻辑问题 <span class="tile-count">(\d+)</span>', home)
    assert found, home
    return int(found.group(1))


def listed(actor) -> int:
    """The errors the checks page lists (it counts afresh)."""
    return sum(n for check, n in check_counts(actor=actor, today=today()) if check.kind == ERROR)


def test_correcting_a_record_lowers_the_tile_at_once_for_the_cadre_and_the_county(household_a, personas, login):
    child = MemberFactory(household=household_a, name="吴丁", relation=Relation.SON, birth_date=born(6))
    Member.objects.filter(pk=child.pk).update(student_stage=StudentStage.JUNIOR)  # entered before the rule
    cadre, county = login(personas.cadre_a), login(personas.county_officer)
    before, county_before = tile(cadre), tile(county)  # counted, and kept
    assert before == listed(personas.cadre_a) and before >= 1

    form = page_form(cadre.get(f"/households/members/{child.pk}/edit/"))
    saved = cadre.post(f"/households/members/{child.pk}/edit/", form | {"student_stage": [StudentStage.PRIMARY]})

    assert saved.status_code == 302
    assert "没有发现该问题" in cadre.get("/households/checks/stage_age/").content.decode()
    assert tile(cadre) == before - 1 == listed(personas.cadre_a)
    assert tile(county) == county_before - 1 == listed(personas.county_officer)


def test_registering_a_lifted_out_household_without_income_raises_the_tile_at_once(personas, county, login):
    cadre = login(personas.cadre_a)
    before = tile(cadre)
    data = _household_post(county, [_member_post(0, "吴甲", make_id(born(40), 13), "head")])

    # on the 建档立卡 roll: registered by the township (a village may not: services.household_rules.type_roll_error)
    saved = login(personas.township).post("/households/new/", data | {"household_type": "lifted_out"})

    assert saved.status_code == 302, saved.content.decode()
    assert "吴甲" in cadre.get("/households/checks/income_missing/").content.decode()
    assert tile(cadre) == before + 1 == listed(personas.cadre_a)


def test_the_go_live_import_raises_the_county_tile_at_once(personas, county, login):
    officer = login(personas.county_officer)
    before = tile(officer)
    rows = [
        member(hn("K1", "360425100201"), "360425100201", "是", "甲户主", make_id(born(45), 143), "户主"),
        member(
            hn("K1", "360425100201"),
            "",
            "否",
            "甲幼儿",
            make_id(born(2), 141),
            "之子",
            户类型="",
            劳动技能="技能劳动力",
        ),
    ]

    record = run(personas.county_officer, csv_upload(rows))

    assert record.rows_ok == 2, record.message
    assert tile(officer) > before and tile(officer) == listed(personas.county_officer)


def test_the_count_is_kept_while_nothing_is_written(household_a, personas, login, django_assert_max_num_queries):
    cadre = login(personas.cadre_a)
    tile(cadre)
    with django_assert_max_num_queries(60) as queries:
        tile(cadre)

    # The checks' counts read the members; the visit tiles' counts of households ask only whether someone lives
    # there (an EXISTS per household: households.selectors_visits.MONTHLY_VISIT), which is no check recounted.
    def recounts_members(sql: str) -> bool:
        return sql.count('"households_member"') > sql.count('EXISTS(SELECT 1 AS "a" FROM "households_member"')

    assert not any(recounts_members(q["sql"]) and "COUNT" in q["sql"] for q in queries.captured_queries)
