"""Workflow services: procedures (which one a county runs) and cases (the one state machine)."""
