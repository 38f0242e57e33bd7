"""Events the registry announces to the apps that build on it (screening re-screens a changed household).
The registry knows nothing of them (DESIGN.md: dependencies point one way); they subscribe in ready()."""

from django.dispatch import Signal

# Sent after the commit of any change to a household or its members, incomes or visits. kwargs: household_id.
household_changed = Signal()

# Sent after the commit of a visit that found risks. kwargs: household_id, visit_id, risk_types, visited_on.
visit_risk_found = Signal()

# Sent after the commit of a finished go-live import that created households. kwargs: region_path.
registry_imported = Signal()

# Sent inside the transaction that makes members living members of the registry (a new household, a member added,
# an ID number corrected, a member restored from 已故 or 迁出). kwargs: actor, members (Member list). Receivers
# write in that same transaction, so that the registration and what follows from it commit together or not at all
# (alerts raises the alert of a person the feeds named before the village registered them).
members_registered = Signal()
