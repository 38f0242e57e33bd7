import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent
from households import region_import as ri
from households import regions
from households.models import Region
from households.services.regions import region_retire

pytestmark = pytest.mark.django_db


def _vacate(personas):
    """The village cadres moved away (a village with an active account scoped to it is not retired)."""
    for user in (personas.cadre_a, personas.cadre_b):
        user.is_active = False
        user.save(update_fields=["is_active"])


TREE = [
    # Children before parents on purpose: the import orders by path, not by line.
    {"区划代码": "360425100201001", "名称": "城南村一组", "层级": "组", "上级代码": "360425100201"},
    {"区划代码": "360425100201", "名称": "城南村", "层级": "村", "上级代码": "360425100000"},
    {"区划代码": "360425100202", "名称": "城北村", "层级": "village", "上级代码": "360425100000"},
    {"区划代码": "360425100000", "名称": "涂埠镇", "层级": "镇", "上级代码": "360425000000"},
    {"区划代码": "360425000000", "名称": "永修县", "层级": "县", "上级代码": ""},
]


def row(code: str, name: str, level: str, parent: str) -> dict[str, str]:
    return {"code": code, "name": name, "level": level, "parent_code": parent}


def message(line: int, column: str, text: str) -> str:
    return ri.MSG_ROW.format(line=line, column=column, message=text.rstrip("。"))


def import_errors(rows: list[dict[str, str]]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        ri.region_import_rows(actor=None, rows=rows)
    return caught.value.messages


def test_a_good_tree_is_imported_with_paths_and_parents_whatever_the_row_order():
    count = ri.region_import_rows(actor=None, rows=TREE)

    assert count == 5
    stored = {r.code: r for r in Region.objects.select_related("parent")}
    assert {code: (r.path, r.level) for code, r in stored.items()} == {
        "360425000000": ("360425", "county"),
        "360425100000": ("360425100", "township"),
        "360425100201": ("360425100201", "village"),
        "360425100202": ("360425100202", "village"),
        "360425100201001": ("360425100201001", "group"),
    }
    assert stored["360425000000"].parent is None
    assert stored["360425100000"].parent.code == "360425000000"
    assert stored["360425100201"].parent.code == "360425100000"
    assert stored["360425100201001"].parent.code == "360425100201"


def test_a_successful_import_writes_one_audit_event_with_the_count():
    ri.region_import_rows(actor=None, rows=TREE)

    event = AuditEvent.objects.get(action="region.import")
    assert "导入区划 5 个（" in event.summary


def test_importing_the_same_tree_twice_changes_nothing_the_second_time():
    ri.region_import_rows(actor=None, rows=TREE)

    again = ri.region_import_rows(actor=None, rows=TREE)

    assert again == 0
    assert Region.objects.count() == 5
    assert AuditEvent.objects.filter(action="region.import").count() == 1


def test_new_villages_may_hang_below_a_township_already_in_the_database(county):
    count = ri.region_import_rows(actor=None, rows=[row("360425100203", "城西村", "村", "360425100000")])

    assert count == 1
    assert Region.objects.get(code="360425100203").parent == county.township


GOOD = [
    row("360425000000", "永修县", "county", ""),
    row("360425100000", "涂埠镇", "township", "360425000000"),
    row("360425100201", "城南村", "village", "360425100000"),
]


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        pytest.param(
            row("360425100202", "城北村", "village", "360425199000"),
            message(5, "上级代码", ri.MSG_PARENT_MISSING.format(code="360425199000")),
            id="unknown parent",
        ),
        pytest.param(
            row("360425100201", "城南村", "village", "360425100000"),
            message(5, "区划代码", ri.MSG_DUPLICATE_IN_FILE.format(code="360425100201", first=4)),
            id="duplicate code in the file",
        ),
        pytest.param(
            row("36042510020", "城北村", "village", "360425100000"),
            message(5, "区划代码", regions.MSG_CODE_LENGTH),
            id="code too short",
        ),
        pytest.param(
            row("3604251002A2", "城北村", "village", "360425100000"),
            message(5, "区划代码", regions.MSG_CODE_DIGITS),
            id="code with a letter",
        ),
        pytest.param(
            row("360425101201", "虬津镇", "township", "360425000000"),
            message(5, "区划代码", regions.MSG_CODE_LEVEL.format(level="乡镇", n=9)),
            id="code does not fit its level",
        ),
        pytest.param(
            row("360425100202", "城北村", "village", "360425000000"),
            message(5, "上级代码", ri.MSG_PARENT_LEVEL.format(code="360425000000", actual="县", level="村",
                                                              expected="乡镇")),
            id="village directly below the county",
        ),
        pytest.param(
            row("360425101201", "张公渡村", "village", "360425100000"),
            message(5, "上级代码", ri.MSG_PARENT_PREFIX.format(code="360425101201", parent="360425100000",
                                                               path="360425100")),
            id="village code outside its township",
        ),
        pytest.param(
            row("360425100202", "城北村", "市", "360425100000"),
            message(5, "层级", regions.MSG_LEVEL_UNKNOWN.format(level="市")),
            id="unknown level",
        ),
        pytest.param(
            row("360425100202", "  ", "village", "360425100000"),
            message(5, "名称", ri.MSG_NAME_REQUIRED),
            id="empty name",
        ),
        pytest.param(
            row("360425100202", "城北村", "village", ""),
            message(5, "上级代码", ri.MSG_PARENT_REQUIRED.format(level="村")),
            id="village without a parent",
        ),
    ],
)  # fmt: skip
def test_a_bad_row_is_reported_by_line_and_column_and_nothing_is_written(bad_row, expected):
    errors = import_errors([*GOOD, bad_row])

    assert errors == [expected]
    assert not Region.objects.exists()
    assert not AuditEvent.objects.filter(action="region.import").exists()


def test_a_code_already_stored_under_another_name_is_a_rename_audited_with_the_old_name(county):
    result = ri.region_import(actor=None, rows=[row("360425100201", "城南社区", "village", "360425100000")])

    assert (result.created, result.renamed) == (0, [("360425100201", "城南村", "城南社区")])
    county.village_a.refresh_from_db()
    assert (county.village_a.name, county.village_a.path) == ("城南社区", "360425100201")
    event = AuditEvent.objects.get(action="region.rename")
    assert (event.before, event.after, event.actor_username) == (
        {"name": "城南村"},
        {"name": "城南社区"},
        "服务器管理命令",
    )


def test_a_code_already_stored_at_another_level_or_under_another_parent_is_still_refused(county):
    errors = import_errors(
        [
            row("360425100201", "城南村", "village", "360425101000"),
            row("360425100202", "城东村", "township", "360425000000"),
        ]
    )

    conflicts = [e for e in errors if "已存在，但层级或上级不同" in e]
    assert [e.split("：", 1)[0] for e in conflicts] == ["第2行“区划代码”", "第3行“区划代码”"]
    assert Region.objects.get(code="360425100202").name == "城北村"
    assert not AuditEvent.objects.filter(action="region.rename").exists()


def test_a_retired_region_is_neither_renamed_nor_given_new_children(county, personas):
    _vacate(personas)
    region_retire(actor=personas.system_admin, region=county.village_a)

    errors = import_errors(
        [
            row("360425100201", "城南社区", "village", "360425100000"),
            row("360425100201002", "城南村二组", "group", "360425100201"),
        ]
    )

    assert errors == [
        message(2, "名称", ri.MSG_RENAME_RETIRED.format(code="360425100201", name="城南村")),
        message(3, "上级代码", ri.MSG_PARENT_RETIRED.format(code="360425100201")),
    ]


def test_the_command_says_which_regions_it_renamed(tmp_path, capsys, county):
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text("区划代码,名称,层级,上级代码\n360425100201,城南社区,村,360425100000\n", encoding="utf-8")

    call_command("import_regions", str(csv_file))

    assert capsys.readouterr().out.splitlines() == [
        "导入 0 个区划",
        "更名 1 个区划：",
        "  360425100201：城南村 → 城南社区",
    ]


def test_every_bad_row_is_reported_at_once():
    rows = [
        *GOOD,
        row("360425100202", "城北村", "village", "360425199000"),
        row("3604251002", "城西村", "village", "360425100000"),
        row("360425100204", "", "村", "360425100000"),
    ]

    errors = import_errors(rows)

    assert [e.split("：", 1)[0] for e in errors] == ["第5行“上级代码”", "第6行“区划代码”", "第7行“名称”"]


def test_a_row_naming_a_broken_parent_row_reports_only_the_parent_problem():
    rows = [*GOOD, row("360425100299", "城北村", "镇区", "360425100000")]
    rows.append(row("360425100299001", "一组", "组", "360425100299"))

    errors = import_errors(rows)

    assert errors == [message(5, "层级", regions.MSG_LEVEL_UNKNOWN.format(level="镇区"))]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_the_command_imports_a_csv_file_in_the_encodings_counties_use(tmp_path, capsys, encoding):
    csv_file = tmp_path / "regions.csv"
    lines = ["区划代码,名称,层级,上级代码"] + [",".join(r.values()) for r in TREE]
    csv_file.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))

    call_command("import_regions", str(csv_file))

    assert capsys.readouterr().out.strip() == "导入 5 个区划"
    assert Region.objects.get(code="360425100201001").name == "城南村一组"


def test_the_command_s_import_is_audited_as_a_server_command_with_the_login_that_ran_it(tmp_path, monkeypatch):
    """Nobody is logged in on the server: the audit log names the command and the server login, not no one."""
    monkeypatch.setenv("LOGNAME", "zhang_ops")  # getpass.getuser() reads it first
    csv_file = tmp_path / "regions.csv"
    lines = ["区划代码,名称,层级,上级代码"] + [",".join(r.values()) for r in TREE]
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    call_command("import_regions", str(csv_file))

    event = AuditEvent.objects.get(action="region.import")
    assert event.actor is None and event.actor_username == "服务器管理命令"
    assert event.summary.startswith("在服务器上用管理命令导入区划 5 个") and event.summary.endswith(
        "服务器用户 zhang_ops"
    )


def test_the_command_prints_every_error_with_its_csv_line_and_fails(tmp_path, capsys):
    csv_file = tmp_path / "regions.csv"
    csv_file.write_bytes(
        "code,name,level,parent_code\n360425000000,永修县,county,\n\n360425100201,城南村,村,360425100000\n".encode(
            "gbk"
        )
    )

    with pytest.raises(CommandError):
        call_command("import_regions", str(csv_file))

    # Line 3 is blank: the village is on line 4 of the file.
    assert capsys.readouterr().err.strip() == message(4, "上级代码", ri.MSG_PARENT_MISSING.format(code="360425100000"))
    assert not Region.objects.exists()


def test_the_command_refuses_a_file_without_the_expected_columns(tmp_path):
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text("代码,名称\n360425000000,永修县\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_regions", str(csv_file))
