from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    # The admin's section of accounts (/admin/): the users only; the audit log is the audit admin's own page.
    verbose_name = "用户"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()
        _register_tiles()


def _register_tiles() -> None:
    from accounts.approvals import pending_count
    from accounts.lockouts import locked_account_list
    from accounts.login_spread import TILE_HOURS, login_spread_count
    from accounts.roles import Capability
    from accounts.tiles import Tile, Urgency, register

    register(
        Tile(
            "account_approvals",
            "待审核账号",
            "系统管理员新建、重置密码或变更角色的账号，经您核实角色和管辖区划后才能登录",
            "accounts:account_approvals",
            Capability.SECURITY_MANAGE,
            count=lambda user: pending_count(),
            order=10,
            urgency=Urgency.DUE,
        )
    )
    register(
        Tile(
            "login_spread",
            "可疑登录",
            f"近{TILE_HOURS}小时同一账号从多个地址、或同一地址对多个账号登录失败的提示",
            "accounts:security_policy",
            Capability.SECURITY_MANAGE,
            count=lambda user: login_spread_count(),
            query="#login-spread",
            order=5,
            urgency=Urgency.OVERDUE,
        )
    )
    register(
        Tile(
            "locked_accounts",
            "被锁定的账号",
            "登录失败过多被锁定的账号：核实是本人后可提前解锁",
            "accounts:security_policy",
            Capability.SECURITY_MANAGE,
            count=lambda user: len(locked_account_list()),
            query="#locked",
            order=6,
            urgency=Urgency.DUE,
        )
    )


class ShouwangAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (accounts.admin_site): only the system admin enters (三权分立)."""

    # Not the default config of the accounts app (Django picks the one AppConfig of this module otherwise).
    default = False
    default_site = "accounts.admin_site.ShouwangAdminSite"
