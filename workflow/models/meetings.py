"""Village review meetings (民主评议): one meeting reviews several cases of a village and acts the village-review
step of each (services.meetings)."""

from django.conf import settings
from django.db import models

from accounts.scoping import ScopedQuerySet, region_path_index
from config.once import once_field
from households.models import Region
from workflow.choices import Outcome
from workflow.models.cases import Case, CaseStep

# (field prefix, label): the attendees seed 003 §二2(4) names for a village review meeting.
ATTENDEE_GROUPS = [
    ("committee", "村两委成员"),
    ("work_team", "驻村工作队成员"),
    ("supervisory", "村务监督委员会成员"),
    ("representative", "村民代表"),
]


class VillageMeeting(models.Model):
    village = models.ForeignKey(Region, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=15)
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=100)
    host = models.CharField("主持人", max_length=50, blank=True)
    committee_count = models.PositiveSmallIntegerField("村两委成员人数", default=0)
    committee_names = models.CharField("村两委成员姓名", max_length=500, blank=True)
    work_team_count = models.PositiveSmallIntegerField("驻村工作队成员人数", default=0)
    work_team_names = models.CharField("驻村工作队成员姓名", max_length=500, blank=True)
    supervisory_count = models.PositiveSmallIntegerField("村务监督委员会成员人数", default=0)
    supervisory_names = models.CharField("村务监督委员会成员姓名", max_length=500, blank=True)
    representative_count = models.PositiveSmallIntegerField("村民代表人数", default=0)
    representative_names = models.CharField("村民代表姓名", max_length=1000, blank=True)
    minutes = models.FileField("会议记录", upload_to="meetings/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    # The meeting page's (or an API client's) submission token (config.once): BACK and 确认提交 again records once.
    once = once_field()

    grid_scope = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议会议"
        verbose_name_plural = "民主评议会议"
        ordering = ["-held_on", "-id"]
        indexes = [region_path_index("vmeeting")]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on:%Y-%m-%d} 民主评议会议"

    @property
    def attendee_total(self) -> int:
        return sum(getattr(self, f"{prefix}_count") for prefix, _ in ATTENDEE_GROUPS)

    def attendee_groups(self) -> list[tuple[str, int, str]]:
        return [
            (label, getattr(self, f"{prefix}_count"), getattr(self, f"{prefix}_names"))
            for prefix, label in ATTENDEE_GROUPS
        ]


class MeetingReview(models.Model):
    """One case reviewed at a meeting: the votes, the conclusion and the outcome recorded on its step."""

    meeting = models.ForeignKey(VillageMeeting, verbose_name="会议", on_delete=models.CASCADE, related_name="reviews")
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="meeting_reviews")
    # A step returned for correction (退回村级补正) may be reviewed again at a later meeting: every review is kept.
    case_step = models.ForeignKey(
        CaseStep, verbose_name="评议环节", on_delete=models.PROTECT, related_name="meeting_reviews"
    )
    region_path = models.CharField("区划路径", max_length=15)
    votes_for = models.PositiveSmallIntegerField("赞成票")
    votes_against = models.PositiveSmallIntegerField("反对票")
    votes_abstain = models.PositiveSmallIntegerField("弃权票")
    outcome = models.CharField("评议结果", max_length=16, choices=Outcome.choices)
    conclusion = models.CharField("评议结论", max_length=500, blank=True)

    grid_scope = "case__household__grid"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评议结果"
        verbose_name_plural = "评议结果"
        ordering = ["meeting", "pk"]
        indexes = [region_path_index("mreview")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_outcome_display()}"
