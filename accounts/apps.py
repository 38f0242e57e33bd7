from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与审计"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()


class ShouwangAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (accounts.admin_site): only the system admin enters (三权分立)."""

    # Not the default config of the accounts app (Django picks the one AppConfig of this module otherwise).
    default = False
    default_site = "accounts.admin_site.ShouwangAdminSite"
