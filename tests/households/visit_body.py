"""What a visit API client sends for a 月度走访 or 集中排查: all five 两不愁三保障 + 饮水 items (households.api_visits
refuses one left out); a test overrides the ones it is about after these."""

from households.services.visit_stated import FINDINGS

ALL_SECURED = dict.fromkeys(FINDINGS, True)
