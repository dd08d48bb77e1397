"""The README's generated tables match the catalogue and the options."""

import pathlib

from conformance import docs

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_readme_tables_are_current():
    text = README.read_text()
    assert docs.render(text) == text, "README.md is stale: run `python -m conformance.docs`"
