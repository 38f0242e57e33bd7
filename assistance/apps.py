from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "帮扶措施"

    def ready(self) -> None:
        from assistance import hooks, hooks_contacts

        hooks_contacts.connect()
        hooks.register_panels()
        hooks.register_tiles()
        hooks.register_exit_checks()
        hooks.register_visit_extra()
