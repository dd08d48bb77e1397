"""Endpoints side by side: `python -m reports.compare A B [C ...] [--html FILE] [--names N ...]`.

Each input is a report folder, a results.json or a reference profile (--record-reference). Printed as
Markdown: one row per requirement (its verdict in each run; a profile has none) and one per parity point
(what each endpoint did), one column per endpoint, rows that differ first. --html also writes the same
tables as one self-contained page with a "differences only" filter.
"""

import argparse
import json
import pathlib
import sys
from html import escape

from conformance import catalogue, parity

RESULTS = "results.json"
MISSING = "-"


class InputError(Exception):
    pass


def load(path):
    """(label, verdicts {requirement: verdict} or None, points {key: value}) from one input."""
    path = pathlib.Path(path)
    if path.is_dir():
        path = path / RESULTS
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as why:
        raise InputError(f"{path}: cannot read it ({why.strerror or why})") from None
    except ValueError as why:
        raise InputError(f"{path}: not JSON ({why})") from None
    if isinstance(document, dict) and document.get("kind") == parity.KIND:
        try:
            parity.validate(document)
        except parity.ReferenceError as why:
            raise InputError(f"{path}: {why}") from None
        points = {key: entry["value"] for key, entry in document["points"].items()}
        return f"{document['endpoint']} (profile, {document['recorded'][:10]})", None, points
    if isinstance(document, dict) and "requirements" in document and "points" in document:
        label = f"{document['target']['endpoint']} (run {document['run']['id']})"
        return label, {r["id"]: r["verdict"] for r in document["requirements"]}, dict(document["points"])
    raise InputError(f"{path}: neither a results.json (format 2 or later) nor a reference profile")


def tables(inputs):
    """(requirement rows, point rows): each row (key, [value per input], differs), differing rows first."""
    def rows(keys, values_of):
        built = []
        for key in keys:
            values = [values_of(entry, key) for entry in inputs]
            seen = {v for v in values if v != MISSING}
            built.append((key, values, len(seen) > 1))
        return sorted(built, key=lambda row: not row[2])  # stable: differences first, order kept within

    requirements = rows(catalogue.REQUIREMENTS, lambda entry, rid: (entry[1] or {}).get(rid, MISSING))
    keys = sorted({key for _, _, points in inputs for key in points})
    return requirements, rows(keys, lambda entry, key: entry[2].get(key, MISSING))


def markdown(labels, requirement_rows, point_rows):
    def table(title, rows):
        head = [f"## {title}", "", "| | " + title.split()[0].lower() + " | " + " | ".join(labels) + " |",
                "|---|---|" + "---|" * len(labels)]
        return head + [f"| {'≠' if differs else ''} | {_md(key)} | " + " | ".join(_md(v) for v in values) + " |"
                       for key, values, differs in rows] + [""]
    count = sum(differs for _, _, differs in requirement_rows + point_rows)
    return "\n".join([f"# RegisterMailDomain: {len(labels)} endpoints side by side", "",
                      f"{count} {'row differs' if count == 1 else 'rows differ'} (marked ≠, listed first).", "",
                      *table("Requirements (verdicts)", requirement_rows),
                      *table("Parity points (what each endpoint did)", point_rows)])


def _md(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


CSS = ("body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328}table{border-collapse:collapse;"
       "margin:8px 0 24px}th,td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;vertical-align:top}"
       "th{background:#eef1f4}tr.differs td{background:#fff8c5}tr.hidden{display:none}"
       "td.key{font-family:ui-monospace,monospace;font-size:12.5px}")
JS = ("document.getElementById('only').addEventListener('change',function(e){document.querySelectorAll("
      "'tr.same').forEach(function(r){r.classList.toggle('hidden',e.target.checked);});});")


def html(labels, requirement_rows, point_rows):
    def table(title, rows):
        head = "".join(f"<th>{escape(label)}</th>" for label in labels)
        body = "".join(f'<tr class="{"differs" if differs else "same"}"><td class="key">{escape(key)}</td>'
                       + "".join(f"<td>{escape(str(v))}</td>" for v in values) + "</tr>"
                       for key, values, differs in rows)
        return f"<h2>{escape(title)}</h2><table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
    return "\n".join([
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>RegisterMailDomain: {len(labels)} endpoints side by side</title><style>{CSS}</style></head><body>",
        f"<h1>RegisterMailDomain: {len(labels)} endpoints side by side</h1>",
        '<label><input type="checkbox" id="only"> differences only</label>',
        table("Requirements (verdicts)", requirement_rows), table("Parity points (what each endpoint did)", point_rows),
        f"<script>{JS}</script></body></html>", ""])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reports.compare", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="report folders, results.json files or reference profiles")
    parser.add_argument("--html", metavar="FILE", help="also write the comparison as one self-contained page")
    parser.add_argument("--names", nargs="+", metavar="NAME", help="column titles, one per input")
    args = parser.parse_args(argv)
    if len(args.inputs) < 2:
        parser.error("give at least two inputs to compare")
    if args.names and len(args.names) != len(args.inputs):
        parser.error(f"--names gives {len(args.names)} names for {len(args.inputs)} inputs")
    try:
        inputs = [load(path) for path in args.inputs]
    except InputError as why:
        parser.exit(2, f"reports.compare: {why}\n")
    labels = args.names or [label for label, _, _ in inputs]
    requirement_rows, point_rows = tables(inputs)
    print(markdown(labels, requirement_rows, point_rows))
    if args.html:
        pathlib.Path(args.html).write_text(html(labels, requirement_rows, point_rows), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
