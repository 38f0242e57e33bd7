"""Installation: the three separated administrator accounts (三权分立).

    python manage.py create_admin_accounts --county-path 360425 \\
        --system-admin sysadmin --security-admin secadmin --audit-admin auditadmin [--password-from-env]

The initial passwords are typed in (twice each), or with --password-from-env read from
SHOUWANG_SYSTEM_ADMIN_PASSWORD, SHOUWANG_SECURITY_ADMIN_PASSWORD and SHOUWANG_AUDIT_ADMIN_PASSWORD. Each
account must change its password at first login, so whoever installs knows none of the final ones. The
region tree must already hold the county (import_regions). The three accounts are created together or not
at all, each with an audit record.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.choices import Role
from accounts.management.commands._admin_passwords import read_password
from accounts.services import user_create
from households.selectors import region_by_path

# (option, role, environment variable of the initial password)
ACCOUNTS = [
    ("system_admin", Role.SYSTEM_ADMIN, "SHOUWANG_SYSTEM_ADMIN_PASSWORD"),
    ("security_admin", Role.SECURITY_ADMIN, "SHOUWANG_SECURITY_ADMIN_PASSWORD"),
    ("audit_admin", Role.AUDIT_ADMIN, "SHOUWANG_AUDIT_ADMIN_PASSWORD"),
]

MSG_COUNTY_MISSING = "区划 {path} 不存在或不是县级区划：请先导入行政区划，并填写6位县级区划路径。"
MSG_SAME_USERNAME = "三个管理员账号必须各不相同（三权分立）。"
MSG_ACCOUNT_INVALID = "账号 {username}（{role}）：{errors}"
MSG_CREATED = "已创建{role}账号 {username}，首次登录须修改密码。"


class Command(BaseCommand):
    help = "安装时创建系统管理员、安全管理员、审计管理员三个账号（三权分立）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county-path", required=True, help="县级区划路径（6位），三个账号的管辖区划")
        parser.add_argument("--system-admin", required=True, metavar="USERNAME", help="系统管理员账号")
        parser.add_argument("--security-admin", required=True, metavar="USERNAME", help="安全管理员账号")
        parser.add_argument("--audit-admin", required=True, metavar="USERNAME", help="审计管理员账号")
        parser.add_argument(
            "--password-from-env",
            action="store_true",
            help="从环境变量 " + "、".join(var for _, _, var in ACCOUNTS) + " 读取初始密码，不提示输入",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        county = region_by_path(options["county_path"])
        if county is None or len(county.path) != 6:
            raise CommandError(MSG_COUNTY_MISSING.format(path=options["county_path"]))
        usernames = [options[option] for option, _, _ in ACCOUNTS]
        if len(set(usernames)) != len(usernames):
            raise CommandError(MSG_SAME_USERNAME)
        passwords = [
            read_password(label=role.label, env_var=env_var, from_env=options["password_from_env"])
            for _, role, env_var in ACCOUNTS
        ]
        with transaction.atomic():
            for (_, role, _), username, password in zip(ACCOUNTS, usernames, passwords, strict=True):
                try:
                    user_create(
                        actor=None,
                        username=username,
                        password=password,
                        role=role,
                        region_path=county.path,
                        region_name=county.name,
                        # 姓名 is required; the account is named by its role until the system admin enters the
                        # person's name.
                        last_name=role.label,
                        allow_admin_roles=True,
                        must_change_password=True,
                    )
                except ValidationError as error:
                    errors = "；".join(error.messages)
                    raise CommandError(
                        MSG_ACCOUNT_INVALID.format(username=username, role=role.label, errors=errors)
                    ) from error
        for (_, role, _), username in zip(ACCOUNTS, usernames, strict=True):
            self.stdout.write(self.style.SUCCESS(MSG_CREATED.format(role=role.label, username=username)))
