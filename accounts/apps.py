from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与审计"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()
