from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "帮扶措施"

    def ready(self) -> None:
        from assistance import closing, hooks, hooks_contacts, moves, relocation

        closing.register()  # no 农户注销 while a 防贫保 claim waits; a closing ends the help contact's assignment
        relocation.register()  # a 整户迁移 ends the assignment of a contact who cannot see the new village
        moves.register()  # a member's open measures follow them on 分户 and 合户 (一人一措施)
        hooks_contacts.connect()
        hooks.register_panels()
        hooks.register_tiles()
        hooks.register_exit_checks()
        hooks.register_visit_extra()
        from assistance import visit_holds

        visit_holds.register()  # no 更正 or 作废 of a visit counted as a return visit
