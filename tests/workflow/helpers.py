import datetime as dt

from workflow.models import CaseStep
from workflow.services.cases import case_act


def act_after_publicity(**kwargs):
    """case_act as it would run once every open publicity has ended (the end-date rule is tested on its own)."""
    CaseStep.objects.filter(case=kwargs["case"], ends_on__isnull=False).update(ends_on=dt.date(2000, 1, 1))
    return case_act(**kwargs)
