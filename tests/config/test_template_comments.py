"""Django's {# … #} comment ends on its own line: one running over two lines is printed as page text (an English
developer note showed under 文化程度 on every member form). Multi-line notes take {% comment %}."""

import re
from pathlib import Path

from django.conf import settings

OPEN_UNCLOSED = re.compile(r"\{#(?![^\n]*#\})")


def test_no_template_has_a_one_line_comment_running_over_two_lines():
    roots = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    found = [
        f"{path.relative_to(root)}:{source[: match.start()].count(chr(10)) + 1}"
        for root in roots
        for path in sorted(root.rglob("*.html"))
        for source in [path.read_text(encoding="utf-8")]
        for match in OPEN_UNCLOSED.finditer(source)
    ]
    assert roots and not found
