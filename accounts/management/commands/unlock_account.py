"""On the server: lift one account's login lock, audited (review admins finding 4).

    python manage.py unlock_account USERNAME

Unlocking is the security admin's, on the security page (accounts.lockouts). When the security admin's own account
is the one locked, nobody could reach that page: this command is the way back in. Unlike axes' own axes_reset, it
lifts one account's lock only, and the audit log records it (服务器管理命令, with the server login that ran it).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.audit import server_login
from accounts.lockouts import account_unlock
from accounts.models import User

MSG_NO_ACCOUNT = "账号 {username} 不存在。"
MSG_UNLOCKED = "已解除账号 {username} 的登录锁定（连续失败{failures}次，来自 {addresses}）。"


class Command(BaseCommand):
    help = "在服务器上解除一个账号的登录锁定（如安全管理员本人的账号被锁定），并记入审计日志。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="被锁定的账号")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(MSG_NO_ACCOUNT.format(username=options["username"]))
        try:
            lock = account_unlock(actor=None, user=user, server_user=server_login())
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        addresses = "、".join(lock.ip_addresses) or "未知地址"
        message = MSG_UNLOCKED.format(username=user.username, failures=lock.failures, addresses=addresses)
        self.stdout.write(self.style.SUCCESS(message))
