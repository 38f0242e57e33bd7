"""Ingestion of department feed files (DESIGN.md "Feeds and alerts").

layout.py    a feed type's columns as the reader's header layout; which other feed type a file looks like
reading.py   the file into the session's staging table: CSV straight into COPY, XLSX (and odd CSV) via Python
cleaning.py  the one statement that cleans, types, checks and matches every staged row (fast paths: a clean
             row, a file of clean rows recognised while it is read)
staging.py   duplicates, rules, alerts and the error rows: set-based SQL over the staging table
services.py  upload (feed_upload_create) and the run (feed_upload_run), claimed under an advisory lock
workbook.py  the per-feed-type template workbook
Reading, row rules and the error workbook are the go-live import's (households.registry_import), reused.
"""
