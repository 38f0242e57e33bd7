from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "区划与农户"

    def ready(self) -> None:
        from households import hooks
        from households.tiles import register_tiles

        hooks.connect()
        register_tiles()
