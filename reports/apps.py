from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "台账与统计"

    def ready(self) -> None:
        from households.marking import marking_register
        from reports import receivers
        from reports.selectors.marking import household_marking
        from reports.tiles import register_tiles

        register_tiles()
        marking_register(household_marking)
        receivers.connect()
