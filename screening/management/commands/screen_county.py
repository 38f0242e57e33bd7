from django.core.management.base import BaseCommand

from screening.choices import RunKind
from screening.services.runs import screening_run


class Command(BaseCommand):
    help = "对全县农户运行一次筛查（与每日夜间筛查相同）。"

    def handle(self, *args: object, **options: object) -> None:
        run = screening_run(kind=RunKind.MANUAL)
        self.stdout.write(
            f"筛查完成：参与 {run.households_evaluated} 户，命中 {run.hits} 户，"
            f"失败 {len(run.failures)} 项（{run.get_status_display()}）"
        )
