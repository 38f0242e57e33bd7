"""Accounts for a whole county at once (批量导入用户): the system admin fills one sheet, one row an account.

A county opens with a thousand accounts or more (every village's cadres and work team, township staff, the
departments' clerks), too many to type one by one. Each row is checked on its own and every error names its row,
its column and why; the good rows become accounts and the bad ones are handed back to be fixed and uploaded again,
so nothing already accepted is lost and nothing is created twice.

Every account gets its own random initial password, which must be changed at the first login. The passwords are
returned to the caller once, never stored in clear: the admin page hands them over as a workbook in the very
response that created the accounts.

Regions and grids belong to the households app, above this one: the caller passes their directories in
(accounts.user_import_places), so this module never reads them itself.
"""

import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.audit import audit_record
from accounts.choices import ADMIN_ROLES, DEPARTMENT_ALIASES, Department, Role
from accounts.models import User
from accounts.passwords import password_holds
from accounts.phones import MSG_PHONE, normalized_phone, phone_problem  # noqa: F401 (MSG_PHONE: the message)
from accounts.policy import current_policy
from accounts.services import MSG_GRID_ONLY_CADRE, user_create, user_field_errors
from accounts.user_import_places import GridDirectory, GridEntry, RegionDirectory, RegionEntry
from accounts.user_import_places import key as _key
from accounts.usernames import MSG_USERNAME_FORMAT, username_error  # noqa: F401 (MSG_USERNAME_FORMAT: the message)

MAX_ROWS = 3000  # about 20 s in one request (7 ms an account, most of it the hash): well within the timeout
PASSWORD_LENGTH = 12

MSG_REQUIRED = "不能为空"
MSG_USERNAME_TAKEN = "“{value}”已被使用"
MSG_USERNAME_REPEATED = "与第{line}行的用户名“{value}”重复"
MSG_NAME_TOO_LONG = "姓名不能超过 {n} 个字符"
MSG_ROLE_UNKNOWN = "“{value}”不是可选的角色，可填：{allowed}"
MSG_ROLE_ADMIN = "“{value}”账号只能在安装时创建，不能批量导入（三权分立）"
MSG_DEPARTMENT_UNKNOWN = "“{value}”不是可选的部门，可填：{allowed}"
MSG_TOO_MANY_ROWS = "文件的数据行超过一次 {limit} 行的上限，请拆分后分别导入。"
MSG_NO_ROWS = "文件中没有用户数据行。"
MSG_SUMMARY = "批量导入用户（{name}）：新建 {created} 个账号，有误 {errors} 行"
MSG_EXAMPLE_SKIPPED = "第{line}行为填写示例，已跳过"
MSG_ONLY_EXAMPLE = (
    "文件中只有模板的填写示例行（第{lines}行），没有要导入的用户。请删除示例行，填写要导入的账号后再上传。"
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...] = ()
    note: str = ""
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("username", "用户名", True, ("登录名", "账号", "帐号"), "登录用的账号，字母、数字和 @ . + - _，全县唯一",
           "xinshan_lihm"),
    Column("name", "姓名", True, ("用户姓名", "真实姓名"), "姓在前，如 李红梅", "李红梅"),
    Column("role", "角色", True, ("用户角色", "岗位"), "见“可填的值”", "村干部/网格员"),
    Column("region", "管辖区划", True, ("区划代码", "所属区划", "管辖范围", "区划"),
           "12位区划代码（如 360425100201），或“乡镇名村名”；村干部和驻村工作队填村，乡镇工作人员填乡镇，"
           "县乡村振兴局、县领导小组和行业部门填县",
           "360425100201"),
    Column("grid", "网格", False, ("限定网格", "所属网格"),
           "可选，只有村干部/网格员填写：本村网格的名称（如 第一网格），该账号就只能看到这个网格的农户；留空为管辖全村",
           ""),
    Column("department", "所属部门", False, ("部门", "单位"), "只有“行业部门”角色填写，其他角色留空", ""),
    Column("phone", "手机号", False, ("联系电话", "电话", "手机号码"), "可选", "13807921234"),
)  # fmt: skip
HEADERS = {column.key: column.header for column in COLUMNS}
# The template's example row (accounts.user_import_workbooks), as read back: a file uploaded with it left in would
# otherwise create the example's account (xinshan_lihm, 李红梅) as a real one.
EXAMPLE = {column.key: column.example for column in COLUMNS if column.example}


def is_example_row(values: dict[str, str]) -> bool:
    """The row repeats every value of the template's example (the username in any case)."""
    return all(
        (values.get(key) or "").lower() == example.lower() if key == "username" else values.get(key) == example
        for key, example in EXAMPLE.items()
    )


# What people write for a role besides its label: the words of DOMAIN.md "People" and the codes scripts export.
_ROLE_ALIASES = {
    "村干部": Role.VILLAGE_CADRE,
    "网格员": Role.VILLAGE_CADRE,
    "村干部网格员": Role.VILLAGE_CADRE,
    "第一书记": Role.WORK_TEAM,
    "驻村第一书记": Role.WORK_TEAM,
    "工作队": Role.WORK_TEAM,
    "乡镇干部": Role.TOWNSHIP_OFFICER,
    "乡镇": Role.TOWNSHIP_OFFICER,
    "乡村振兴局": Role.COUNTY_OFFICER,
    "县级": Role.COUNTY_OFFICER,
    "领导小组": Role.COUNTY_APPROVER,
    "部门": Role.DEPARTMENT_CLERK,
    "行业部门数据报送": Role.DEPARTMENT_CLERK,
    "领导": Role.OFFICIAL,
    "只读": Role.OFFICIAL,
    "领导只读": Role.OFFICIAL,
}
# Two-character family names, so that 欧阳明 is 欧阳 + 明 and not 欧 + 阳明.
_COMPOUND_SURNAME_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 西门 南宫 端木 独孤 申屠 太史 "
    "万俟 闻人 澹台 公冶 宗政 濮阳 淳于 单于 呼延 赫连 拓跋 百里 东郭 北堂 第五"
)
_COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAME_TEXT.split())


@dataclass
class RowError:
    line: int
    cells: list[str]
    reason: str  # "列名：原因；列名：原因"

    @property
    def reasons(self) -> list[str]:
        return self.reason.split("；")


@dataclass
class CreatedAccount:
    line: int
    user: User
    password: str


@dataclass
class ImportOutcome:
    created: list[CreatedAccount] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)  # lines of the template's example row, skipped

    @property
    def notices(self) -> list[str]:
        return [MSG_EXAMPLE_SKIPPED.format(line=line) for line in self.examples]


def _choice_lookup(choices: Any, aliases: dict[str, str]) -> dict[str, str]:
    lookup = {_key(label): value for value, label in choices.choices}
    lookup |= {_key(value): value for value in choices.values}
    lookup |= {_key(text): value for text, value in aliases.items()}
    return lookup


_ROLES = _choice_lookup(Role, _ROLE_ALIASES)
_DEPARTMENTS = _choice_lookup(Department, DEPARTMENT_ALIASES)


def split_name(name: str) -> tuple[str, str]:
    """(family name, given name) of a Chinese name; a name written with a middle dot (阿依古丽·买买提) or of one
    character stays whole as the family name, shown as it is (User.get_full_name joins the two)."""
    if len(name) < 2 or "·" in name or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return name, ""
    size = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:size], name[size:]


def initial_password(length: int = PASSWORD_LENGTH, *, username: str = "") -> str:
    """A random password with every character class, from characters that cannot be misread on paper (no
    0/O, 1/l/I) and starting with a letter (a spreadsheet would take a leading = or + for a formula). Never one
    holding the username, which the validators refuse (accounts.passwords): a 3-letter one turns up about once
    in 2,500 draws, and the row would fail for it."""
    upper, lower, digits, symbols = "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "@#%+?"
    alphabet = upper + lower + digits + symbols
    while True:
        chosen = [secrets.choice(upper + lower)] + [secrets.choice(alphabet) for _ in range(length - 1)]
        password = "".join(chosen)
        if password_holds(password, username):
            continue
        if all(any(c in group for c in chosen) for group in (upper, lower, digits, symbols)):
            return password


@dataclass
class _Row:
    line: int
    cells: list[str]
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def error(self, key: str, reason: str) -> None:
        self.errors.append(f"{HEADERS[key]}：{reason}")


def _check_row(
    row: _Row, places: tuple[RegionDirectory, GridDirectory], seen: dict[str, int], taken: set[str]
) -> dict[str, Any] | None:
    regions, grids = places
    v = row.values
    for column in COLUMNS:
        if column.required and not v.get(column.key):
            row.error(column.key, MSG_REQUIRED)
    # As the account will store it (full-width ｗａｎｇ is wang), then in the letters the template promises: Django's
    # validator takes any script's letters (审查用户).
    username = User.normalize_username(v.get("username", ""))
    if username:
        if message := username_error(username):
            row.error("username", message)
        else:
            if username.lower() in seen:
                row.error("username", MSG_USERNAME_REPEATED.format(line=seen[username.lower()], value=username))
            elif username.lower() in taken:
                row.error("username", MSG_USERNAME_TAKEN.format(value=username))
        seen.setdefault(username.lower(), row.line)
    name_limit = User._meta.get_field("last_name").max_length
    if len(v.get("name", "")) > name_limit:
        row.error("name", MSG_NAME_TOO_LONG.format(n=name_limit))
    role = ""
    if text := v.get("role", ""):
        role = _ROLES.get(_key(text), "")
        if role in ADMIN_ROLES:
            row.error("role", MSG_ROLE_ADMIN.format(value=text))
        elif not role:
            allowed = "、".join(label for value, label in Role.choices if value not in ADMIN_ROLES)
            row.error("role", MSG_ROLE_UNKNOWN.format(value=text, allowed=allowed))
    department = ""
    if text := v.get("department", ""):
        # 县财政局 as the seeds write it is the county's 财政局.
        department = _DEPARTMENTS.get(_key(text)) or _DEPARTMENTS.get(_key(text).removeprefix("县"), "")
        if not department:
            row.error("department", MSG_DEPARTMENT_UNKNOWN.format(value=text, allowed="、".join(Department.labels)))
    region = None
    if text := v.get("region", ""):
        region, message = regions.find(text)
        if message:
            row.error("region", message)
    grid = None
    if text := v.get("grid", ""):
        if role and role != Role.VILLAGE_CADRE:
            row.error("grid", MSG_GRID_ONLY_CADRE.rstrip("。"))
        elif region is not None and region.level == "village":  # another level: the service names the region's fault
            grid, message = grids.find(text, region)
            if message:
                row.error("grid", message)
    _check_scope(row, role, region, department)
    phone = normalized_phone(v.get("phone", ""))
    if problem := phone_problem(v.get("phone", "")):
        row.error("phone", problem)
    if row.errors:
        return None
    last_name, first_name = split_name(v["name"])
    return {
        "username": username,
        "role": role,
        "region_path": region.path if region else "",
        "region_name": region.name if region else "",
        "grid": grid.pk if grid else None,
        "last_name": last_name,
        "first_name": first_name,
        "department": department,
        "phone": phone,
    }


def _check_scope(row: _Row, role: str, region: RegionEntry | None, department: str) -> None:
    """The account service's rules for the role's scope and department (accounts.services.user_field_errors), said
    with the row's other errors rather than only once those are corrected; a column already found wrong is not
    judged again."""
    if not role or role in ADMIN_ROLES:
        return
    wrong = {reason.split("：", 1)[0] for reason in row.errors}
    errors = user_field_errors(role=role, region_path=region.path if region else "", department=department)
    for field_name, key in (("region_path", "region"), ("department", "department")):
        message = errors.get(field_name)
        if message and HEADERS[key] not in wrong and (key != "region" or region is not None):
            row.error(key, message.rstrip("。"))


def sheet_values(
    rows: Iterable[tuple[int, list[str]]], columns: dict[str, int], *, limit: int
) -> Iterator[tuple[int, list[str], dict[str, str]]]:
    """The non-blank rows of a sheet as (line, cells, column key → stripped text); more than `limit` of them
    refuse the whole file (raised inside the caller's transaction, so nothing is kept)."""
    count = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > limit:
            raise ValidationError(MSG_TOO_MANY_ROWS.format(limit=limit))
        yield line, cells, {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}


def service_reasons(error: ValidationError, headers: dict[str, str]) -> str:
    """A service's ValidationError as "列名：原因；…", each field named by its column (`headers`: field → header)."""
    if not hasattr(error, "error_dict"):
        return "；".join(message.rstrip("。") for message in error.messages)
    texts = []
    for name, errors in error.message_dict.items():
        header = headers.get(name, "")
        texts += [f"{header}：{m.rstrip('。')}" if header else m.rstrip("。") for m in errors]
    return "；".join(texts)


# The fields of user_create's errors and the columns they come from.
_FIELD_HEADERS = HEADERS | {
    "region_path": HEADERS["region"],
    "last_name": HEADERS["name"],
    "first_name": HEADERS["name"],
}


def users_import(
    *,
    actor: User,
    rows: Iterable[tuple[int, list[str]]],
    columns: dict[str, int],
    regions: Sequence[RegionEntry],
    grids: Sequence[GridEntry] = (),
    file_name: str = "",
) -> ImportOutcome:
    """Create an account for every good row of a sheet (`columns`: column key → index in a row); return the
    accounts with their initial passwords, and the bad rows with their reasons ("列名：原因；…").

    One transaction: an unexpected failure leaves no account behind. A row refused by the account service itself
    (a username taken a moment ago, a scope the role cannot hold) is rolled back alone and reported."""
    places = RegionDirectory(regions), GridDirectory(grids)
    # The grids themselves, for the account's foreign key: reached through it, as accounts imports no households.
    grid_model = User._meta.get_field("grid").related_model
    chosen = grid_model.objects.select_related("village").in_bulk([g.pk for g in grids]) if "grid" in columns else {}
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    seen: dict[str, int] = {}
    outcome = ImportOutcome()
    with transaction.atomic():
        for line, cells, values in sheet_values(rows, columns, limit=MAX_ROWS):
            if is_example_row(values):
                outcome.examples.append(line)
                continue
            row = _Row(line=line, cells=cells, values=values)
            fields = _check_row(row, places, seen, taken)
            if fields is None:
                outcome.errors.append(RowError(line, cells, "；".join(row.errors)))
                continue
            fields["grid"] = chosen.get(fields["grid"])
            length = max(PASSWORD_LENGTH, current_policy().password_min_length)
            password = initial_password(length, username=fields["username"])
            try:
                with transaction.atomic():
                    user = user_create(
                        actor=actor, password=password, must_change_password=True, generated_password=True, **fields
                    )
            except ValidationError as error:
                outcome.errors.append(RowError(line, cells, service_reasons(error, _FIELD_HEADERS)))
                continue
            except IntegrityError:
                reason = f"{HEADERS['username']}：{MSG_USERNAME_TAKEN.format(value=fields['username'])}"
                outcome.errors.append(RowError(line, cells, reason))
                continue
            taken.add(user.username.lower())
            outcome.created.append(CreatedAccount(line, user, password))
        if not outcome.created and not outcome.errors:
            if outcome.examples:
                raise ValidationError(MSG_ONLY_EXAMPLE.format(lines="、".join(map(str, outcome.examples))))
            raise ValidationError(MSG_NO_ROWS)
        audit_record(
            actor=actor,
            action="user.import",
            summary=MSG_SUMMARY.format(name=file_name or "未命名文件", created=len(outcome.created),
                                       errors=len(outcome.errors))
            + "".join(f"，{notice}" for notice in outcome.notices),
            after={"created": [a.user.username for a in outcome.created], "error_lines": [e.line for e in
                                                                                           outcome.errors]},
        )  # fmt: skip
    return outcome
