from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "识别与退出程序"

    def ready(self) -> None:
        from workflow import hooks

        hooks.register_panels()

        from workflow.tiles import register_tiles

        register_tiles()
