"""Writes of screening, by sub-domain: lines, rules, runs (the engine's driver), results and exclusions."""
