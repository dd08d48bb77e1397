"""Generated documentation: the requirements and options tables in README.md.

`python -m conformance.docs` rewrites the marked sections; a self-test fails when they are stale,
so the README never drifts from the catalogue.
"""

import pathlib
import re
import sys

from conformance import catalogue, options


def requirements_table():
    rows = ["| ID | Level | What it checks | Evidence |", "|---|---|---|---|"]
    for r in catalogue.REQUIREMENTS.values():
        quotes = "; ".join(str(q) for q in r.evidence)
        why = f" ({r.level}: {r.why_level})" if r.why_level else ""
        rows.append(f"| `{r.id}` | {r.level} | {_cell(r.title)} | {_cell(quotes or r.traces_to)}{_cell(why)} |")
    return "\n".join(rows)


def options_table():
    rows = ["| Option | Environment | ini | Default | What it does |", "|---|---|---|---|---|"]
    for o in options.OPTIONS:
        flag = o.flag if o.is_flag else f"{o.flag} {o.metavar}"
        rows.append(f"| `{flag}` | `{o.env}` | `{o.ini}` | {_cell(repr(o.default)) if o.default is not None else '-'} "
                    f"| {_cell(o.help)} |")
    return "\n".join(rows)


SECTIONS = {"requirements": requirements_table, "options": options_table}


def _cell(text):
    return str(text).replace("|", "\\|")


def render(readme_text):
    for name, build in SECTIONS.items():
        begin, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(readme_text):
            raise ValueError(f"README.md has no {begin} ... {end} section")
        readme_text = pattern.sub(lambda _: f"{begin}\n{build()}\n{end}", readme_text)
    return readme_text


def main(argv=None):
    path = pathlib.Path(argv[0] if argv else "README.md")
    path.write_text(render(path.read_text()))
    print(f"updated the generated sections of {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
