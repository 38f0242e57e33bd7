"""Pages of the reports app, split by sub-domain: ledgers, dashboard, performance, national export."""
