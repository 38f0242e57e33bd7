"""On the server, as the owner of the tables, after every `migrate`: the application's own database role.

    APP_DB_USER=shouwang_app APP_DB_PASSWORD=… python manage.py grant_app_role [--role NAME]

Creates (or updates) a login role that owns nothing and grants it exactly what gunicorn, the Celery worker and beat
use (accounts.db_roles): the audit log it may read and append to, never change, nor switch its trigger off. The
password is read from the environment only, so that it does not show in the process list or the shell's history.
The audit log records each run (服务器管理命令, the server login, the role and its grants; never the password).
"""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from accounts.audit import server_login
from accounts.db_roles import GRANTS_WORDS, AppRoleError, app_role_grant

MSG_NO_ROLE = "请用 --role 或环境变量 APP_DB_USER 指定应用连接数据库所用的角色名。"
MSG_DB_ERROR = "数据库拒绝了授权语句（请以表的所有者、且有 CREATEROLE 权限的用户运行）：{error}"
MSG_CREATED = "已创建数据库应用角色 {role}。"
MSG_UPDATED = "已更新数据库应用角色 {role}。"
MSG_NO_PASSWORD = "未设置密码（APP_DB_PASSWORD 为空）：角色 {role} 的原密码不变，新建的角色只能在信任认证下登录。"
MSG_HANDED = "已把 feed_stage 中遗留的 {count} 张暂存表交给角色 {role}。"
MSG_GRANTED = "已授权 {role}：" + GRANTS_WORDS + "。已记入审计日志。"


class Command(BaseCommand):
    help = (
        "以数据表所有者身份在每次 migrate 之后运行：创建或更新应用连接数据库所用的角色，"
        "只授予运行所需的权限（审计日志只能查询和追加）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default=os.environ.get("APP_DB_USER", ""), help="应用角色名（默认 APP_DB_USER）")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        if not role:
            raise CommandError(MSG_NO_ROLE)
        password = os.environ.get("APP_DB_PASSWORD", "")
        try:
            result = app_role_grant(role=role, password=password, server_user=server_login())
        except AppRoleError as error:
            raise CommandError(error.message) from error
        except DatabaseError as error:
            raise CommandError(MSG_DB_ERROR.format(error=str(error).strip())) from error
        self.stdout.write((MSG_CREATED if result.created else MSG_UPDATED).format(role=role))
        if not result.password_set:
            self.stdout.write(self.style.WARNING(MSG_NO_PASSWORD.format(role=role)))
        if result.staging_tables_handed_over:
            self.stdout.write(MSG_HANDED.format(count=result.staging_tables_handed_over, role=role))
        self.stdout.write(self.style.SUCCESS(MSG_GRANTED.format(role=role)))
