"""Writes of the alerts app beyond ingestion (alerts.ingest): verifying alerts, and what the periodic task does."""
