from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "监测筛查"

    def ready(self) -> None:
        from screening import hooks, receivers

        hooks.connect()
        receivers.connect()
        hooks.register_panels()
        hooks.register_income_line()
        from screening import visit_holds

        visit_holds.register()  # no 更正 or 作废 of a campaign form's visit, or of a visit whose risk was flagged

        from screening.tiles import register_tiles

        register_tiles()
