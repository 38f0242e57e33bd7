"""The system admin opens a county's accounts from one sheet (批量导入用户): good rows become accounts with their own
random initial passwords, each bad row is handed back with its row, column and reason, and a file that cannot be
read creates nothing."""

import base64
import io
import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.test import Client
from openpyxl import Workbook, load_workbook

from accounts import user_import
from accounts.choices import Department, Role
from accounts.models import AuditEvent, User
from accounts.passwords import InitialPasswordHasher
from accounts.user_import import RegionEntry, initial_password, split_name, users_import
from households.selectors import region_directory
from tests.accounts.approval_helpers import approve
from tests.reports.conftest import libreoffice_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/accounts/user/import/"
HEADER = ["用户名", "姓名", "角色", "管辖区划", "所属部门", "手机号"]
BAD_USERNAME = "不是有效的用户名：只能由字母、数字和 @ . + - _ 组成，以字母或数字开头，不超过 150 个字符"


def _rows(*rows: list[str]) -> list[tuple[int, list[str]]]:
    return [(line, list(row)) for line, row in enumerate(rows, start=2)]


def _columns(header: list[str] = HEADER) -> dict[str, int]:
    keys = {c.header: c.key for c in user_import.COLUMNS}
    return {keys[h]: i for i, h in enumerate(header)}


def _import(actor, *rows: list[str]):
    return users_import(actor=actor, rows=_rows(*rows), columns=_columns(), regions=region_directory())


def _xlsx(rows: list[list[str]], title: str | None = "永修县 防返贫监测系统账号申请表") -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    handle.seek(0)
    handle.name = "账号.xlsx"
    return handle


def _data_url_workbook(html: str, name: str) -> list[list]:
    match = re.search(r'href="data:[^;]+;base64,([^"]+)" download="' + name, html)
    assert match, f"no {name} link on the page"
    workbook = load_workbook(io.BytesIO(base64.b64decode(match.group(1))), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


# --- the service ----------------------------------------------------------------------------------------------


def test_good_rows_become_accounts_that_must_change_their_random_password(personas, county):
    outcome = _import(
        personas.system_admin,
        ["chengnan_wang", "王小明", "村干部", "360425100201", "", "13807921234"],
        ["tubu_ouyang", "欧阳明华", "乡镇工作人员", "360425100000", "", ""],
        ["yibao_li", "李娜", "行业部门", "永修县", "医保局", "0792-1234567"],
    )

    assert outcome.errors == []
    cadre = User.objects.get(username="chengnan_wang")
    assert (cadre.role, cadre.region_path, cadre.region_name) == (Role.VILLAGE_CADRE, county.village_a.path, "城南村")
    assert (cadre.last_name, cadre.first_name, cadre.phone) == ("王", "小明", "13807921234")
    township = User.objects.get(username="tubu_ouyang")
    assert (township.region_path, township.last_name, township.first_name) == (county.township.path, "欧阳", "明华")
    clerk = User.objects.get(username="yibao_li")
    assert (clerk.role, clerk.department, clerk.region_path) == (
        Role.DEPARTMENT_CLERK,
        Department.MEDICAL_INSURANCE,
        county.county.path,
    )
    passwords = {a.user.username: a.password for a in outcome.created}
    assert len(set(passwords.values())) == 3
    for user in (cadre, township, clerk):
        user.refresh_from_db()
        assert user.must_change_password
        assert user.check_password(passwords[user.username])
    actions = list(AuditEvent.objects.filter(action__startswith="user.").values_list("action", flat=True))
    assert actions.count("user.create") == 3 and actions.count("user.import") == 1


def test_each_bad_row_names_its_column_and_reason_and_the_good_rows_are_kept(personas, county):
    taken = ["cadre_a", "张三", "村干部", "360425100201", "", ""]  # cadre_a exists (personas)
    outcome = _import(
        personas.system_admin,
        ["new_one", "赵一", "村干部", "城南村", "", ""],
        taken,
        ["new_one", "赵二", "村干部", "城南村", "", ""],
        ["bad name!", "钱三", "村干部", "城南村", "", ""],
        ["sun4", "孙四", "村长", "城南村", "", ""],
        ["li5", "李五", "审计管理员", "永修县", "", ""],
        ["zhou6", "周六", "行业部门", "永修县", "烟草专卖局", ""],
        ["wu7", "吴七", "村干部", "360425100000", "", ""],
        ["zheng8", "郑八", "乡镇工作人员", "涂埠镇", "医保局", ""],
        ["wang9", "王九", "村干部", "360425999999", "", ""],
        ["feng10", "冯十", "村干部", "360425100201001", "", ""],
        ["chen11", "陈十一", "村干部", "城南村", "", "12345"],
        ["", "", "", "", "", ""],
        ["", "褚十二", "", "城南村", "", ""],
        ["wei13", "卫十三", "行业部门", "永修县", "", ""],
        ["-wei14", "卫十四", "村干部", "城南村", "", ""],
    )

    reasons = {e.line: e.reason for e in outcome.errors}
    assert [a.user.username for a in outcome.created] == ["new_one"]
    assert reasons == {
        3: "用户名：“cadre_a”已被使用",
        4: "用户名：与第2行的用户名“new_one”重复",
        5: f"用户名：“bad name!”{BAD_USERNAME}",
        6: "角色：“村长”不是可选的角色，可填：村干部/网格员、驻村工作队、乡镇工作人员、县乡村振兴局、县领导小组、"
        "行业部门、领导/只读",
        7: "角色：“审计管理员”账号只能在安装时创建，不能批量导入（三权分立）",
        8: "所属部门：“烟草专卖局”不是可选的部门，可填：" + "、".join(Department.labels),
        9: "管辖区划：村干部和驻村工作队的管辖区划必须是一个村（12位区划代码，如 360425100201），不能是乡镇或全县",
        10: "所属部门：只有行业部门用户可以选择所属部门",
        11: "管辖区划：没有找到区划“360425999999”：请填写区划代码（如 360425100201）或“乡镇名村名”（如 涂埠镇城南村）",
        12: "管辖区划：“360425100201001”是村民小组，管辖区划只能是县、乡镇或村",
        13: "手机号：“12345”不是有效的电话号码（手机号为 11 位数字，座机如 0792-1234567）",
        15: "用户名：不能为空；角色：不能为空",
        16: "所属部门：行业部门用户必须选择所属部门",
        17: f"用户名：“-wei14”{BAD_USERNAME}",
    }
    assert not User.objects.filter(username__in=["sun4", "li5", "zhou6", "wu7", "wei13"]).exists()


def test_a_region_is_found_by_code_by_name_or_by_township_and_village(personas, county):
    directory = user_import.RegionDirectory(region_directory())

    assert directory.find("360425100201")[0].path == county.village_a.path
    assert directory.find("３６０４２５１００２０１")[0].path == county.village_a.path  # full-width digits
    assert directory.find("360425101000")[0].path == county.township2.path  # a township's code ends in 000
    assert directory.find("360425000000")[0].path == county.county.path
    assert directory.find("涂埠镇 城北村")[0].path == county.village_b.path
    assert directory.find("永修县涂埠镇城南村")[0].path == county.village_a.path
    assert directory.find("张公渡村")[0].path == county.village_c.path


def test_a_village_name_two_townships_share_must_be_given_with_its_township():
    directory = user_import.RegionDirectory(
        [
            RegionEntry("360425100201", "360425100201", "新村", "village", ("永修县", "涂埠镇")),
            RegionEntry("360425101201", "360425101201", "新村", "village", ("永修县", "虬津镇")),
        ]
    )

    assert directory.find("新村") == (
        None,
        "区划名称“新村”对应多个区划（永修县涂埠镇新村、永修县虬津镇新村），请填写区划代码或带上乡镇名",
    )
    assert directory.find("虬津镇新村")[0].path == "360425101201"


def test_more_rows_than_the_limit_refuse_the_whole_file(personas, county, monkeypatch):
    monkeypatch.setattr(user_import, "MAX_ROWS", 2)
    rows = [[f"u{i}", "张三", "村干部", "城南村", "", ""] for i in range(3)]

    with pytest.raises(Exception) as refused:
        _import(personas.system_admin, *rows)

    assert "超过一次 2 行的上限" in str(refused.value)
    assert not User.objects.filter(username__in=["u0", "u1", "u2"]).exists()


def test_initial_passwords_pass_the_policy_and_cannot_be_misread():
    for _ in range(200):
        password = initial_password()
        validate_password(password)
        assert password[0].isalpha()
        assert not set(password) & set("0O1lI=")


def test_chinese_names_split_into_family_and_given_name():
    assert split_name("李红梅") == ("李", "红梅")
    assert split_name("诸葛亮") == ("诸葛", "亮")
    assert split_name("阿依古丽·买买提") == ("阿依古丽·买买提", "")
    assert split_name("Li Na") == ("Li Na", "")


# --- the admin page -----------------------------------------------------------------------------------------


def test_the_system_admin_imports_a_sheet_and_gets_the_passwords_once_in_the_page(personas, county, login):
    client = login(personas.system_admin)
    upload = _xlsx(
        [
            ["chengnan_wang", "王小明", "村干部/网格员", "360425100201", "", 13807921234],
            ["bad", "李四", "村长", "城南村", "", ""],
        ]
    )

    response = client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "新建账号 1 个，有误 1 行未导入" in html
    assert "第4行" in html  # the title row and the header count: the row Excel shows
    passwords = _data_url_workbook(html, "初始密码单.xlsx")
    assert passwords[1] == ["用户名", "姓名", "角色", "管辖区划", "所属部门", "初始密码"]
    username, name, role, region, department, password = passwords[2]
    assert (username, name, role, region, department) == (
        "chengnan_wang",
        "王小明",
        "村干部/网格员",
        "城南村（360425100201）",
        None,
    )
    user = User.objects.get(username="chengnan_wang")
    assert user.check_password(password) and user.phone == "13807921234"
    errors = _data_url_workbook(html, "用户导入错误清单.xlsx")
    assert errors[0] == [*HEADER, "行号", "错误原因"]
    assert errors[1][-2:] == [4, "角色：“村长”不是可选的角色，可填：村干部/网格员、驻村工作队、乡镇工作人员、"
                                 "县乡村振兴局、县领导小组、行业部门、领导/只读"]  # fmt: skip


def test_a_gbk_csv_imports_too(personas, county, login):
    text = "\r\n".join([",".join(HEADER), "qiujin_zhang,张伟,乡镇工作人员,虬津镇,,"]) + "\r\n"
    upload = io.BytesIO(text.encode("gbk"))
    upload.name = "账号.csv"

    response = login(personas.system_admin).post(IMPORT_URL, {"file": upload})

    assert "新建账号 1 个" in response.content.decode()
    assert User.objects.get(username="qiujin_zhang").region_path == county.township2.path


def test_a_file_that_cannot_be_read_creates_nothing_and_says_why(personas, county, login):
    upload = io.BytesIO(b"PK\x03\x04 not really a workbook")
    upload.name = "账号.xlsx"
    missing = io.BytesIO("用户名,姓名\r\nx,y\r\n".encode())
    missing.name = "账号.csv"
    header_only = io.BytesIO((",".join(HEADER) + "\r\n,,,,,\r\n").encode())
    header_only.name = "账号.csv"
    client = login(personas.system_admin)

    broken = client.post(IMPORT_URL, {"file": upload}).content.decode()
    headers = client.post(IMPORT_URL, {"file": missing}).content.decode()
    empty = client.post(IMPORT_URL, {"file": header_only}).content.decode()

    assert "无法打开该 Excel 文件" in broken
    assert "表头缺少必需的列：角色、管辖区划" in headers
    assert "文件中没有用户数据行。" in empty
    assert not User.objects.filter(username="x").exists()
    assert not AuditEvent.objects.filter(action="user.import").exists()


def test_the_template_opens_in_libreoffice_and_its_example_alone_creates_no_account(personas, county, login):
    client = login(personas.system_admin)
    template = client.get(IMPORT_URL + "template/")

    assert template.status_code == 200
    assert "attachment" in template["Content-Disposition"]
    rows = libreoffice_csv(template.content)
    assert rows[0] == ["用户名", "姓名", "角色", "管辖区划", "网格", "所属部门", "手机号"]  # 网格: optional, left blank
    upload = io.BytesIO(template.content)
    upload.name = "模板.xlsx"
    html = client.post(IMPORT_URL, {"file": upload}).content.decode()
    assert user_import.MSG_ONLY_EXAMPLE.format(lines="2") in html
    assert not User.objects.filter(username=rows[1][0]).exists()


def test_only_the_system_admin_reaches_the_import(personas, county, login):
    for persona in (personas.county_officer, personas.audit_admin):
        response = login(persona).get(IMPORT_URL)
        assert response.status_code in (302, 403)
        assert "批量导入用户" not in response.content.decode()
    assert login(personas.system_admin).get("/admin/accounts/user/").content.decode().count(IMPORT_URL) == 1


def test_generated_passwords_hash_quickly_and_get_the_full_rounds_at_the_first_login(personas, county, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    outcome = _import(personas.system_admin, ["chengnan_wang", "王小明", "村干部", "城南村", "", ""])
    account = outcome.created[0]
    user = approve(personas.security_admin, User.objects.get(username="chengnan_wang"))
    assert user.password.startswith(f"pbkdf2_sha256${InitialPasswordHasher.iterations}$")

    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": account.password})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
    assert user.check_password(account.password)


def test_the_user_list_filters_accounts_by_township(personas, county, login):
    response = login(personas.system_admin).get(f"/admin/accounts/user/?township={county.township.path}")

    listed = {user.username for user in response.context["cl"].result_list}
    assert listed == {"cadre_a", "cadre_b", "township"}
    assert "所在乡镇" in response.content.decode()


def test_the_system_admins_home_leads_to_both_imports(personas, login):
    html = login(personas.system_admin).get("/").content.decode()

    assert 'href="/admin/accounts/user/import/"' in html
    assert 'href="/admin/households/grid/import/"' in html


def test_a_scope_at_the_wrong_level_is_told_in_the_templates_12_digit_codes():
    """Review sec, finding 7: the message spoke of a 9-digit 区划路径 where the template asks for 12-digit codes."""
    from accounts.services import MSG_SCOPE_COUNTY, MSG_SCOPE_TOWNSHIP, MSG_SCOPE_VILLAGE

    for message in (MSG_SCOPE_VILLAGE, MSG_SCOPE_TOWNSHIP, MSG_SCOPE_COUNTY):
        assert "12位区划代码" in message and "区划路径" not in message
    assert "360425100000" in MSG_SCOPE_TOWNSHIP
