"""What other apps learned about a case's household since the case opened, that whoever approves it must weigh
beside the household's figures (review rev-ux 2: a member an alert's visit found deceased, while the leading group
approved "家庭人口 2 人" unaware). The workflow holds none of these facts and imports no app above it (DESIGN.md:
alerts uses workflow, never the reverse), so such an app registers its check in its AppConfig.ready(), as exit
advisories are (workflow.advisories). Each check takes the cases at once: a page of the approval queue costs one
query per check."""

from collections.abc import Callable, Iterable

from workflow.models import Case

Check = Callable[[list[Case]], dict[int, list[str]]]
_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def household_news_many(cases: Iterable[Case]) -> dict[int, list[str]]:
    """Case pk → what happened to its household since the case opened, in words (cases with nothing left out)."""
    cases = list(cases)
    found: dict[int, list[str]] = {}
    for check in _checks:
        for pk, messages in check(cases).items():
            found.setdefault(pk, []).extend(messages)
    return found
