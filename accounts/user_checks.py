"""What is wrong with an account's fields (accounts.services): the role's scope, department and grid, the username,
the name, the phone and the password, all at once and creating nothing. The services refuse these; the add form
and the bulk import show them together."""

from typing import Any

from django.core.exceptions import ValidationError

from accounts.approvals import ask_approval
from accounts.choices import ADMIN_ROLES, COUNTY_ROLES, VILLAGE_ROLES, Approval, Role
from accounts.models import User
from accounts.password_rules import validate_new_password
from accounts.phones import normalized_phone, phone_problem
from accounts.usernames import username_error

MSG_ADMIN_ROLE_RESERVED = "系统管理员、安全管理员、审计管理员账号只能在安装时创建，不能由系统管理员授予（三权分立）。"
MSG_DEPARTMENT_REQUIRED = "行业部门用户必须选择所属部门。"
MSG_DEPARTMENT_ONLY_CLERK = "只有行业部门用户可以选择所属部门。"
# The codes as the 管辖区划 list shows them (accounts.admin_forms) and the user import takes them: the 12-digit
# 统计用区划代码; no place name, as each installation's tree names its regions.
MSG_SCOPE_VILLAGE = "村干部和驻村工作队的管辖区划必须是一个村（12位区划代码，如 360425100201），不能是乡镇或全县。"
MSG_SCOPE_TOWNSHIP = "乡镇工作人员的管辖区划必须是一个乡镇（12位区划代码后3位为000，如 360425100000），不能是村或全县。"
MSG_SCOPE_COUNTY = (
    "县乡村振兴局、县领导小组和行业部门用户的管辖区划必须是全县"
    "（12位区划代码后6位为000000，如 360425000000），不能是乡镇或村。"
)
MSG_SCOPE_REQUIRED = "请选择管辖区划。"
MSG_GRID_ONLY_CADRE = "只有村干部/网格员可以限定网格，其他角色请把“限定网格”留空。"
MSG_GRID_NOT_IN_VILLAGE = "所选网格“{grid}”不属于该账号的管辖村“{village}”，请选择该村的网格，或把“限定网格”留空。"
MSG_USERNAME_TAKEN = "该用户名已被使用，请换一个用户名。"
MSG_NAME_REQUIRED = "请填写姓名：姓氏不能为空（不分姓和名的姓名，如 阿依古丽·买买提，整个填在“姓氏”里）。"
MSG_USERNAME_CASE = "用户名“{username}”与已有账号“{existing}”只有大小写不同，请换一个用户名。"


def _validate_grid(*, role: str, region_path: str, village: str, grid: Any, errors: dict[str, str]) -> None:
    """A grid (households.Grid, reached by attribute: accounts sits below households) narrows a village cadre's
    scope to part of their own village; it widens nothing, and belongs to no other role."""
    if grid is None or errors.get("region_path"):
        return
    if role != Role.VILLAGE_CADRE:
        errors["grid"] = MSG_GRID_ONLY_CADRE
    elif grid.region_path != region_path:
        errors["grid"] = MSG_GRID_NOT_IN_VILLAGE.format(grid=grid, village=village or region_path)


def user_field_errors(
    *, role: str, region_path: str, department: str, grid: Any = None, region_name: str = ""
) -> dict[str, str]:
    """What is wrong with a role's scope, department and grid (field → message), all at once and creating nothing:
    user_create and user_update refuse these, and the import checks its rows with them before creating any."""
    errors: dict[str, str] = {}
    if not region_path:
        errors["region_path"] = MSG_SCOPE_REQUIRED
    elif role in VILLAGE_ROLES and len(region_path) != 12:
        errors["region_path"] = MSG_SCOPE_VILLAGE
    elif role == Role.TOWNSHIP_OFFICER and len(region_path) != 9:
        errors["region_path"] = MSG_SCOPE_TOWNSHIP
    elif role in COUNTY_ROLES and len(region_path) != 6:
        errors["region_path"] = MSG_SCOPE_COUNTY
    if role == Role.DEPARTMENT_CLERK and not department:
        errors["department"] = MSG_DEPARTMENT_REQUIRED
    if role != Role.DEPARTMENT_CLERK and department:
        errors["department"] = MSG_DEPARTMENT_ONLY_CLERK
    _validate_grid(role=role, region_path=region_path, village=region_name, grid=grid, errors=errors)
    return errors


def _username_taken(username: str) -> str:
    """The message for a username another account holds, exactly or in other letter case ("" when free).

    The database's unique constraint is case-sensitive; two accounts that read alike (admt_lock, Admt_Lock) make
    audit rows ambiguous. The exact duplicate is said here too: full_clean's Django words (已存在一位使用该名字的
    用户。) read as a person's name taken."""
    if User.objects.filter(username=username).exists():
        return MSG_USERNAME_TAKEN
    existing = User.objects.filter(username__iexact=username).first()
    return MSG_USERNAME_CASE.format(username=username, existing=existing.username) if existing else ""


def user_create_problems(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region_path: str,
    region_name: str = "",
    grid: Any = None,
    last_name: str = "",
    first_name: str = "",
    department: str = "",
    phone: str = "",
    allow_admin_roles: bool = False,
    must_change_password: bool = True,
) -> tuple[User, dict[str, Any]]:
    """The account user_create would make (unsaved) and everything wrong with it (field → messages), all at once
    (review admins finding 4): the form clears both password fields on each refusal, so one fault a round made the
    system admin type the password again for each. The add form asks it too when its own fields are wrong."""
    errors: dict[str, Any] = {}
    if role in ADMIN_ROLES and not allow_admin_roles:
        errors["role"] = MSG_ADMIN_ROLE_RESERVED
    # The import's rule (Latin letters, digits, @ . + - _), whoever creates the account: Django's validator alone
    # takes 张三. Read as the account will store it (full-width ｗａｎｇ is wang).
    username = User.normalize_username(username)
    if message := username_error(username) or _username_taken(username):
        errors["username"] = message
    last_name, first_name = last_name.strip(), first_name.strip()
    if not last_name:
        errors["last_name"] = MSG_NAME_REQUIRED
    errors |= user_field_errors(
        role=role, region_path=region_path, department=department, grid=grid, region_name=region_name
    )
    if problem := phone_problem(phone):
        errors["phone"] = problem
    user = User(
        username=username,
        role=role,
        region_path=region_path,
        region_name=region_name,
        grid=grid,
        last_name=last_name,
        first_name=first_name,
        department=department,
        phone=normalized_phone(phone),
        is_staff=role == Role.SYSTEM_ADMIN,
        must_change_password=must_change_password,
    )
    ask_approval(actor=actor, user=user, reason=Approval.NEW)
    try:
        validate_new_password(password, user, field="password")
    except ValidationError as error:
        errors |= error.message_dict
    return user, errors
