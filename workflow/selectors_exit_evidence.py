"""What a 风险消除 (exit) rests on, shown on its case page to everyone who handles it (003 §二2(5): 收入持续稳定、
“两不愁三保障”和饮水安全持续巩固): beside its income (selectors_case_income), the household's 两不愁三保障 and
drinking-water findings as its record holds them (the latest visit's, as workflow.exit_checks.guarantees_failed reads
them) and its measures in a few words. The measures are the assistance app's, above this one: it registers how they
are summed up (register_measure_summary), as it registers the exit's measure rule (services.exit_rules)."""

from collections.abc import Callable
from dataclasses import dataclass

from households.models import Household
from households.services.visit_stated import FINDINGS, PROBLEM_LABELS

# The household's measures in words ("共 3 项：实施中 1 项、已完成 2 项"), "" for none registered.
MeasureSummary = Callable[[Household], str]
_summaries: list[MeasureSummary] = []

NO_MEASURES = "尚无帮扶措施"


def register_measure_summary(summary: MeasureSummary) -> None:
    if summary not in _summaries:
        _summaries.append(summary)


@dataclass(frozen=True)
class Guarantee:
    code: str  # the household's field (water_ok): the API's key (workflow.api_exit_evidence)
    label: str  # what is secured (不愁吃穿) or, failing, what fails (吃穿有困难)
    secured: bool


@dataclass(frozen=True)
class ExitEvidence:
    guarantees: list[Guarantee]
    measures: str  # "" when no app registered a summary


def exit_evidence(household: Household) -> ExitEvidence:
    """The household's guarantees (each as secured or failing) and its measures' summary."""
    guarantees = []
    for name in FINDINGS:
        secured = bool(getattr(household, name))
        label = Household._meta.get_field(name).verbose_name if secured else PROBLEM_LABELS[name]
        guarantees.append(Guarantee(code=name, label=str(label), secured=secured))
    measures = "；".join(said for summary in _summaries if (said := summary(household)))
    return ExitEvidence(guarantees=guarantees, measures=measures)
