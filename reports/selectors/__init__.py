"""Reads of the reports app: dashboard, performance and national-export numbers, all scoped by visible_to."""
