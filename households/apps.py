from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "区划与农户"

    def ready(self) -> None:
        from config import api_wording
        from households import hooks
        from households.services.confirm import MSG_CONFIRM, MSG_CONFIRM_API
        from households.services.school_age import HOW_TO_ENROL_API, HOW_TO_ENROL_PAGE
        from households.tiles import register_tiles

        hooks.connect()
        register_tiles()
        # The pages' "仍要保存" and "更多信息" said in the API as the fields it sends.
        api_wording.register(MSG_CONFIRM, MSG_CONFIRM_API)
        api_wording.register(HOW_TO_ENROL_PAGE, HOW_TO_ENROL_API)
