from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "部门预警"

    def ready(self) -> None:
        from alerts import hooks
        from alerts.advisories import register_exit_checks, register_household_news
        from alerts.case_sources import register_case_sources
        from alerts.panels import register_panels
        from alerts.tiles import register_tiles
        from alerts.tiles_feeds import register_feed_tiles

        register_tiles()
        register_feed_tiles()
        register_panels()
        register_exit_checks()
        register_household_news()
        register_case_sources()
        from accounts.context_processors import register_nav_condition
        from alerts.selectors import has_feeds_to_send

        register_nav_condition("alerts:uploads", has_feeds_to_send)  # not to a department with nothing to send
        hooks.connect()
        hooks.register_prefills()

        from alerts import closing

        closing.register()  # no 农户注销 while an alert waits for verification
