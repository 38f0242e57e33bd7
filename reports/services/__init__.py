"""Reports services: ledger exports (sync and background), national-system marking."""
