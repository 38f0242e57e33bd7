"""Reading an administrator's initial password on the server: from the environment or typed in twice."""

import getpass
import os
import sys

from django.core.management.base import CommandError

MSG_PASSWORD_ENV_MISSING = "环境变量 {var} 未设置（使用了 --password-from-env）。"
MSG_PASSWORD_NOT_INTERACTIVE = "没有终端可以输入密码：请使用 --password-from-env，并在环境变量中提供初始密码。"
MSG_PASSWORD_MISMATCH = "两次输入的密码不一致。"


def read_password(*, label: str, env_var: str, from_env: bool) -> str:
    if from_env:
        value = os.environ.get(env_var, "")
        if not value:
            raise CommandError(MSG_PASSWORD_ENV_MISSING.format(var=env_var))
        return value
    if not sys.stdin.isatty():
        raise CommandError(MSG_PASSWORD_NOT_INTERACTIVE)
    first = getpass.getpass(f"{label}的初始密码：")
    if getpass.getpass(f"再次输入{label}的初始密码：") != first:
        raise CommandError(MSG_PASSWORD_MISMATCH)
    return first
