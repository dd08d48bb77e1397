"""Certification reports: results.json, junit.xml, report.html and MANIFEST.sha256 for one run.

A pytest plugin of its own (reports.plugin) writes them when --report-dir is given; the suite's core never
imports this package. `python -m reports.verify DIR` checks a report after the fact, `python -m
reports.replay DIR` runs it again and compares the verdicts.
"""

RESULTS = "results.json"
JUNIT = "junit.xml"
HTML = "report.html"
MANIFEST = "MANIFEST.sha256"
FILES = (RESULTS, JUNIT, HTML)
