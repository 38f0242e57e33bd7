"""Writes of the registry, split by sub-domain (STYLE.md §1): households and members, income, visits, consent."""
