"""On the server: a temporary password for one of the three administrators (三权分立).

    python manage.py reset_admin_password USERNAME [--password-from-env]

No administrator can reset another's password in the web pages (accounts.services.user_reset_password):
the system admin could otherwise sign in as the audit admin. With --password-from-env the password is read
from SHOUWANG_ADMIN_PASSWORD. The administrator must change it at the next login; the reset is audited.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.choices import ADMIN_ROLES
from accounts.management.commands._admin_passwords import read_password
from accounts.models import User
from accounts.services import user_reset_password

ENV_VAR = "SHOUWANG_ADMIN_PASSWORD"
MSG_NOT_ADMIN = "账号 {username} 不存在或不是管理员账号；其他用户的密码由系统管理员在“用户与配置”中重置。"
MSG_RESET = "已重置 {username} 的密码，下次登录须修改。"


class Command(BaseCommand):
    help = "在服务器上重置系统管理员、安全管理员或审计管理员的密码（三权分立）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="管理员账号")
        parser.add_argument("--password-from-env", action="store_true", help=f"从环境变量 {ENV_VAR} 读取临时密码")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], role__in=ADMIN_ROLES).first()
        if user is None:
            raise CommandError(MSG_NOT_ADMIN.format(username=options["username"]))
        password = read_password(label=user.get_role_display(), env_var=ENV_VAR, from_env=options["password_from_env"])
        try:
            user_reset_password(actor=None, user=user, new_password=password)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(MSG_RESET.format(username=user.username)))
