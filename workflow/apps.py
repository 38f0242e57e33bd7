from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "识别与退出程序"

    def ready(self) -> None:
        from workflow import hooks

        hooks.register_panels()
        hooks.register_prefills()
        hooks.register_openings()
        hooks.register_visit_confirmations()
        hooks.register_sheet_proposal()

        from workflow.tiles import register_tiles

        register_tiles()

        from accounts.context_processors import register_nav_condition
        from workflow.selectors import acts_in_procedures, uses_approval_queue, uses_township_batch

        # 我的任务 only for a role with a step to act on (a work team has none in the shipped procedures).
        register_nav_condition("workflow:tasks", acts_in_procedures)
        # Each batch tool only for whom it is: the township's audit, the county's approval.
        register_nav_condition("workflow:township_batch", uses_township_batch)
        register_nav_condition("workflow:batches", uses_approval_queue)

        from workflow.selectors_batch_announce import uses_batch_announce

        register_nav_condition("workflow:batch_announce", uses_batch_announce)

        from workflow import closing

        closing.register()  # no 农户注销 while a case is open

        from workflow import relocation

        relocation.register()  # no 整户迁移 while a case is open or a 自主申报 waits

        from workflow import visit_holds

        visit_holds.register()  # no 作废 of a visit a passed step or a case opened from its risk rests on
