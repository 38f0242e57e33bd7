"""Sent after commit, for follow-ups (reminders, notifications) that other apps may hang off."""

from django.dispatch import Signal

# kwargs: case_id, step_ids (the case steps just opened)
case_steps_opened = Signal()
# kwargs: case_id, status
case_closed = Signal()
