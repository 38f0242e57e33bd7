"""Member names (review of the household registry, finding 2): "<script>alert(1)</script>测试甲" and "=1+2" were saved
as names and went into the history, the publicity notices and the ledgers. One rule (households.names) for the
member pages, the API and the go-live import: Chinese characters, the middle dot of a minority name, Latin letters
and spaces for a foreign spouse; nothing else, and not too long."""

import datetime as dt

import pytest

from households.choices import Relation
from households.models import Household, Member
from households.names import MSG_NAME_INVALID, MSG_NAME_TOO_LONG, NAME_MAX_LENGTH, name_error, normalize_name
from households.services import registry
from tests.households.conftest import make_id, member_row
from tests.households.test_registry_import import VILLAGE_B, csv_upload, error_sheet, hn, member, run
from tests.households.test_registry_pages import _member_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("张三", "张三"),
        ("买买提·艾力", "买买提·艾力"),
        ("阿依古丽・吐尔逊", "阿依古丽·吐尔逊"),  # the katakana dot of a Japanese input method, kept as "·"
        ("  Nguyen  Thi Lan ", "Nguyen Thi Lan"),
        ("𠀾明", "𠀾明"),  # a rare character of extension B
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),  # a Vietnamese spouse's letters (Latin Extended Additional)
        ("Nguye\u0302\u0303n Thi\u0323 Lan", "Nguyễn Thị Lan"),  # the accents typed as separate marks, composed
        ("José María", "José María"),
        ("O’Brien", "O'Brien"),  # the apostrophe a phone keyboard types
        ("买买提.艾力", "买买提·艾力"),  # a plain full stop typed for the middle dot, as old county records carry it
        ("买买提。艾力", "买买提·艾力"),
        ("阿依古丽 . 吐尔逊", "阿依古丽·吐尔逊"),
        ("李〇", "李〇"),  # 〇 (U+3007) is written in names
        ("张 三", "张三"),  # a space typed inside a Chinese name is dropped
        ("欧阳　娜娜", "欧阳娜娜"),  # a full-width one too
    ],
)
def test_chinese_minority_and_foreign_names_pass(typed, stored):
    assert normalize_name(typed) == stored
    assert name_error(normalize_name(typed)) == ""


@pytest.mark.parametrize(
    "typed, bad",
    [("<script>alert(1)</script>测试甲", "<>(1)"), ("=1+2", "=1+2"), ("张三3", "3"), ("李四@", "@")],
)
def test_signs_and_digits_are_refused_naming_them(typed, bad):
    assert name_error(normalize_name(typed)) == MSG_NAME_INVALID.format(bad=bad)


def test_a_full_stop_not_between_two_chinese_characters_stays_and_is_refused():
    assert normalize_name("J. Smith") == "J. Smith"
    assert name_error(normalize_name("J. Smith")) == MSG_NAME_INVALID.format(bad=".")
    assert name_error(normalize_name("张三.")) == MSG_NAME_INVALID.format(bad=".")


def test_the_refusal_says_every_sign_a_name_may_have():
    message = name_error("李四@")

    assert "“@”" in message
    for allowed in ("汉字", "间隔号“·”", "拉丁字母", "空格", "连字符", "撇号", "Jean-Paul O'Brien"):
        assert allowed in message
    assert "英文字母和空格" not in message  # hyphens and apostrophes are accepted too, accented letters as well


def test_a_name_too_long_or_mixing_scripts_is_refused():
    assert name_error("买" * 31) == MSG_NAME_TOO_LONG.format(limit=NAME_MAX_LENGTH, length=31)
    assert name_error("张 三") != "" and name_error("张San") != ""


def test_the_member_page_refuses_a_script_as_a_name_and_saves_nothing(household_a, personas, login):
    client = login(personas.cadre_a)
    post = _member_post(0, "<script>alert(1)</script>测试甲", make_id(dt.date(1990, 5, 5), 45), "son")
    data = {key.removeprefix("members-0-"): value for key, value in post.items()} | {"joined_reason": "moved_in"}

    page = client.post(f"/households/{household_a.pk}/members/new/", data)

    assert page.status_code == 200
    assert "姓名中有不能使用的字符“&lt;&gt;(1)”" in page.content.decode()
    assert not Member.objects.filter(name__contains="script").exists()


def test_the_api_refuses_a_formula_as_a_name_when_adding_and_when_correcting(household_a, personas, login):
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "name": "=1+2", "id_number": make_id(dt.date(1990, 5, 5), 45)}
    son = household_a.members.get(name="张小明")

    added = client.post("/api/v1/members/", {**body, "relation": "son"}, content_type="application/json")
    patched = client.patch(f"/api/v1/members/{son.pk}/", {"name": "张小明2"}, content_type="application/json")

    assert added.status_code == 400 and added.json()["name"] == [MSG_NAME_INVALID.format(bad="=1+2")]
    assert patched.status_code == 400 and patched.json()["name"] == [MSG_NAME_INVALID.format(bad="2")]
    assert not Member.objects.filter(name__in=["=1+2", "张小明2"]).exists()


def test_a_name_on_file_from_before_the_rule_does_not_block_another_edit(household_a, personas):
    son = household_a.members.get(name="张小明")
    Member.objects.filter(pk=son.pk).update(name="张小明1")

    registry.member_update(actor=personas.cadre_a, member=son, data={"health": "chronic"})

    son.refresh_from_db()
    assert son.health == "chronic" and son.name == "张小明1"


def test_a_household_with_a_foreign_spouse_is_registered(personas, county):
    rows = [
        member_row("陈建华", Relation.HEAD, dt.date(1985, 1, 1), 11),
        member_row("Nguyen Thi Lan", Relation.SPOUSE, dt.date(1990, 1, 1), 22, ethnicity="其他"),
    ]

    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )

    assert set(household.members.values_list("name", flat=True)) == {"陈建华", "Nguyen Thi Lan"}


def test_a_vietnamese_spouse_and_a_name_with_ling_are_registered_as_written(personas, county):
    rows = [
        member_row("李〇", Relation.HEAD, dt.date(1985, 1, 1), 11),
        member_row("Nguyễn Thị Lan", Relation.SPOUSE, dt.date(1990, 1, 1), 22, ethnicity="其他"),
    ]

    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )

    assert set(household.members.values_list("name", flat=True)) == {"李〇", "Nguyễn Thị Lan"}


def test_the_go_live_import_takes_a_full_stop_typed_for_the_middle_dot(personas, county):
    rows = [member(hn("N3"), VILLAGE_B, "是", "买买提.艾力", make_id(dt.date(1972, 1, 1), 15), "户主")]

    run(personas.county_officer, csv_upload(rows))  # GBK, as the national system exports

    assert Household.objects.get(number=hn("N3")).head_name == "买买提·艾力"
    assert Member.objects.get(household__number=hn("N3")).name == "买买提·艾力"


def test_the_go_live_import_refuses_a_name_with_digits_at_its_row(personas, county):
    rows = [
        member(hn("N1"), VILLAGE_B, "是", "王五1", make_id(dt.date(1970, 1, 1), 11), "户主"),
        member(hn("N2"), VILLAGE_B, "是", "买买提・艾力", make_id(dt.date(1971, 1, 1), 13), "户主"),
    ]

    record = run(personas.county_officer, csv_upload(rows, encoding="utf-8"))  # GBK has no katakana dot

    _, reasons = error_sheet(record)
    assert "姓名：姓名中有不能使用的字符“1”" in reasons[3]
    assert not Household.objects.filter(number=hn("N1")).exists()
    assert Household.objects.get(number=hn("N2")).head_name == "买买提·艾力"
