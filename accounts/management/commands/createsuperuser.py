"""Django's createsuperuser, for development only: in production no account may hold everything (三权分立)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError

MSG_NO_SUPERUSER_IN_PRODUCTION = (
    "生产环境不能创建超级用户：超级用户拥有全部权限，不符合三权分立要求。"
    "请使用 python manage.py create_admin_accounts 创建系统管理员、安全管理员和审计管理员。"
)


class Command(createsuperuser.Command):
    help = "创建超级用户（仅限开发环境；生产环境请使用 create_admin_accounts）。"

    def handle(self, *args: Any, **options: Any) -> str | None:
        if settings.PRODUCTION:
            raise CommandError(MSG_NO_SUPERUSER_IN_PRODUCTION)
        return super().handle(*args, **options)
