from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "台账与统计"

    def ready(self) -> None:
        from reports.tiles import register_tiles

        register_tiles()
