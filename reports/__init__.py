"""Certification reports: results.json, junit.xml, report.html and MANIFEST.sha256 for one run.

The plugin only wires hooks; everything about what a report holds lives here. `python -m reports.verify DIR`
checks a report directory after the fact.
"""

RESULTS = "results.json"
JUNIT = "junit.xml"
HTML = "report.html"
MANIFEST = "MANIFEST.sha256"
FILES = (RESULTS, JUNIT, HTML)
