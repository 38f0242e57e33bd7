"""Events the registry announces to the apps that build on it (screening re-screens a changed household).
The registry knows nothing of them (DESIGN.md: dependencies point one way); they subscribe in ready()."""

from django.dispatch import Signal

# Sent after the commit of any change to a household or its members, incomes or visits. kwargs: household_id.
household_changed = Signal()

# Sent after the commit of a visit that found risks. kwargs: household_id, visit_id, risk_types, visited_on.
visit_risk_found = Signal()

# Sent after the commit of a finished go-live import that created households. kwargs: region_path.
registry_imported = Signal()
