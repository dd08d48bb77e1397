"""report.html placeholder (replaced below)."""
def render(document):
    return "<!doctype html><title>report</title>"
