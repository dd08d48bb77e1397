"""report.html: one self-contained page (inline CSS and a little inline JS, no network, no external assets).

A summary at the top, then the requirements grouped by area with filters by level and verdict, each failure
expandable with its request, response and reproducer, the parity with a reference profile (filtered by
status), the coverage matrix and the declared deviations.
Every value from the run goes through html.escape.
"""

import collections
import json
from html import escape

from conformance import catalogue, verdicts

COLOURS = {
    verdicts.PASS: "#1a7f37", verdicts.FAIL: "#cf222e", verdicts.NOT_APPLICABLE: "#9a6700",
    verdicts.OBSERVED: "#0969da", verdicts.BLOCKED: "#8250df", verdicts.ERROR: "#a40e26",
    verdicts.NOT_RUN: "#6e7781", verdicts.DEVIATION: "#bc4c00",
}

CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px;text-transform:capitalize}
.sub{color:#59636e;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:12px 16px;min-width:170px}
.card .big{font-size:26px;font-weight:600}.card .lbl{color:#59636e;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.banner{border-radius:8px;padding:12px 16px;font-weight:600;color:#fff}
.ok{background:#1a7f37}.bad{background:#cf222e}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d1d9e0}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6eaef}
th{background:#eef1f4;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:nowrap;font-size:12.5px}
.pill{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap}
.lvl{font-weight:600;font-size:12px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:12px 16px}
.meta dt{color:#59636e}.meta dd{margin:0;font-family:ui-monospace,Menlo,monospace;font-size:12.5px;word-break:break-all}
.filters{display:flex;gap:16px;flex-wrap:wrap;align-items:center;background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:8px 12px;margin:8px 0}
.filters label{white-space:nowrap}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
pre{background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:8px;overflow:auto;max-height:320px;font-size:12px;white-space:pre-wrap;word-break:break-all}
.muted{color:#59636e}.small{font-size:12px}
tr.hidden{display:none}
table.req{table-layout:fixed}table.req th:nth-child(1){width:300px}table.req th:nth-child(2){width:70px}table.req th:nth-child(3){width:150px}table.req th:nth-child(5){width:90px}
"""

JS = """
function applyFilters(){
  var on=function(name){return Array.prototype.map.call(document.querySelectorAll('input[data-'+name+']:checked'),function(e){return e.getAttribute('data-'+name);});};
  var levels=on('level'),verdicts=on('verdict');
  document.querySelectorAll('tr[data-req]').forEach(function(row){
    var show=levels.indexOf(row.getAttribute('data-level'))>=0&&verdicts.indexOf(row.getAttribute('data-verdict'))>=0;
    row.classList.toggle('hidden',!show);
  });
  document.querySelectorAll('section.area').forEach(function(s){
    s.style.display=s.querySelector('tr[data-req]:not(.hidden)')?'':'none';
  });
}
document.querySelectorAll('.filters input').forEach(function(e){e.addEventListener('change',applyFilters);});
function applyParity(){
  var on=Array.prototype.map.call(document.querySelectorAll('input[data-status]:checked'),function(e){return e.getAttribute('data-status');});
  document.querySelectorAll('tr[data-point]').forEach(function(row){row.classList.toggle('hidden',on.indexOf(row.getAttribute('data-status'))<0);});
}
document.querySelectorAll('input[data-status]').forEach(function(e){e.addEventListener('change',applyParity);});
"""
PARITY_COLOURS = {"differs": "#cf222e", "not compared": "#6e7781", "only in this run": "#9a6700", "same": "#1a7f37"}


def _e(value):
    return escape(str(value), quote=True)


def _pill(verdict):
    return f'<span class="pill" style="background:{COLOURS.get(verdict, "#6e7781")}">{_e(verdict)}</span>'


def render(document, results_digest=None):
    """The page; `results_digest` (the SHA-256 of results.json) binds it to the results it shows."""
    reqs = document["requirements"]
    by_level = collections.defaultdict(list)
    for r in reqs:
        by_level[r["level"]].append(r)
    summary = document["summary"]
    certified = summary["certified"]
    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f'<meta name="rmd-results-sha256" content="{_e(results_digest or "")}">',
        f"<title>RegisterMailDomain conformance report {_e(document['run']['id'])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>RegisterMailDomain conformance report</h1>",
        f'<p class="sub">Target {_e(document["target"]["endpoint"])} &middot; region {_e(document["target"]["region"])}'
        f' &middot; run {_e(document["run"]["id"])} &middot; {_e(document["run"]["started"])}</p>',
        f'<div class="banner {"ok" if certified else "bad"}">'
        + ("Certified: every MUST requirement passed or does not apply to this endpoint" if certified
           else "Not certified: at least one MUST requirement did not pass") + "</div>",
        '<div class="cards">',
        _card("MUST passed", f"{summary['must_passed']}/{summary['must_total']}", by_level[catalogue.MUST]),
        _card("SHOULD passed", f"{_count(by_level[catalogue.SHOULD], verdicts.PASS)}/{len(by_level[catalogue.SHOULD])}",
              by_level[catalogue.SHOULD]),
        _card("Observations (MAY)", f"{_count(by_level[catalogue.MAY], verdicts.OBSERVED)}", by_level[catalogue.MAY]),
        _card("Uncovered behaviours", str(len(document["coverage"]["uncovered"])), []),
        "</div>",
        _run_details(document),
        _deviations(document["deviations"]),
        "<h2>Requirements</h2>",
        _filters(reqs),
    ]
    areas = collections.OrderedDict()
    for r in reqs:
        areas.setdefault(r["area"], []).append(r)
    for area, rows in areas.items():
        parts.append(f'<section class="area"><h3>{_e(area)}</h3><table class="req"><thead><tr><th>ID</th><th>Level</th>'
                     '<th>Verdict</th><th>What it checks</th><th>Judged</th></tr></thead><tbody>')
        parts += [_row(r) for r in rows]
        parts.append("</tbody></table></section>")
    parts.append(_parity(document.get("parity")))
    parts.append(_coverage(document["coverage"]))
    parts.append(f"<script>{JS}</script></main></body></html>")
    return "\n".join(parts) + "\n"


def _count(rows, verdict):
    return sum(r["verdict"] == verdict for r in rows)


def _card(label, big, rows):
    counts = collections.Counter(r["verdict"] for r in rows)
    detail = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    return (f'<div class="card"><div class="lbl">{_e(label)}</div><div class="big">{_e(big)}</div>'
            f'<div class="small muted">{_e(detail)}</div></div>')


def _run_details(document):
    items = [
        ("Suite", f"rmd-conformance {document['suite']['version']} (commit {document['suite']['commit'] or 'unknown'})"),
        ("Specification", document["specification"]["url"]),
        ("botocore model", document["specification"]["botocore_version"]),
        ("Hypothesis", f"profile {document['hypothesis']['profile']}, seed {document['hypothesis']['seed']}"),
        ("Run", f"{document['run']['started']} to {document['run']['finished']}, exit status {document['run']['exit_status']}"),
        ("Options", " ".join(f"{k}={v}" for k, v in document["options"].items() if v not in (None, False))),
    ]
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
    return f'<details><summary>Run details</summary><dl class="meta">{rows}</dl></details>'


def _deviations(statuses):
    if not statuses:
        return ""
    rows = "".join(f'<tr><td class="id">{_e(s["id"])}</td><td>{_e(s["status"])}</td><td>{_pill(s["verdict"])}</td>'
                   f'<td>{_e(s["reason"])}</td><td>{_e(s["expires"])}</td></tr>' for s in statuses)
    return ("<h2>Declared deviations</h2><table><thead><tr><th>ID</th><th>Status</th><th>Verdict</th><th>Reason</th>"
            f"<th>Expires</th></tr></thead><tbody>{rows}</tbody></table>")


def _parity(compared):
    """Parity with the reference profile: one row per point, differences first, filtered by status."""
    if not compared:
        return ""
    reference, counts = compared["reference"], compared["summary"]
    head = (f'<h2>Parity with {_e(reference["endpoint"])}</h2><p class="sub">Reference profile recorded '
            f'{_e(reference["recorded"])} by suite {_e(reference["suite_version"])}. '
            + ("A difference fails the run (--require-parity)." if compared["required"]
               else "Differences are reported; they change no verdict.") + "</p>")
    boxes = "".join(f'<label><input type="checkbox" checked data-status="{_e(status)}"> '
                    f'<span class="pill" style="background:{colour}">{_e(status)}: {counts[status]}</span></label>'
                    for status, colour in PARITY_COLOURS.items())
    rows = "".join(
        f'<tr data-point="{_e(row["key"])}" data-status="{_e(row["status"])}"><td class="id">{_e(row["requirement"])}'
        f'</td><td>{_e(row["point"])}</td><td><span class="pill" style="background:'
        f'{PARITY_COLOURS.get(row["status"], "#6e7781")}">{_e(row["status"])}</span></td>'
        f'<td>{_e(row["reference"] if row["reference"] is not None else "-")}</td>'
        f'<td>{_e(row["observed"] if row["observed"] is not None else "-")}</td><td class="small">{_e(row["why"])}</td>'
        "</tr>" for row in compared["rows"])
    return (f'{head}<div class="filters"><strong>Status</strong>{boxes}</div><table><thead><tr><th>Requirement</th>'
            '<th>Point</th><th>Status</th><th>Reference</th><th>This run</th><th>Why</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _filters(reqs):
    levels = "".join(f'<label><input type="checkbox" checked data-level="{_e(lvl)}"> {_e(lvl)}</label>'
                     for lvl in catalogue.LEVELS)
    present = [v for v in COLOURS if any(r["verdict"] == v for r in reqs)]
    kinds = "".join(f'<label><input type="checkbox" checked data-verdict="{_e(v)}"> {_pill(v)}</label>' for v in present)
    hidden = "".join(f'<input type="checkbox" checked hidden data-verdict="{_e(v)}">' for v in COLOURS if v not in present)
    return f'<div class="filters"><strong>Level</strong>{levels}<strong>Verdict</strong>{kinds}{hidden}</div>'


def _row(r):
    extra = []
    for n, f in enumerate(r["failures"], 1):
        extra.append(_failure(n, f))
    if r["notes"]:
        extra.append('<div class="small">' + "<br>".join(f'{_e(n["kind"])}: {_e(n["what"])}' for n in r["notes"])
                     + "</div>")
    if r["reason"]:
        reason = r["reason"]
        detail = f": {reason['detail']}" if reason["detail"] else ""
        extra.append(f'<div class="small muted">{_e(reason["category"])} ({_e(reason["code"])}): '
                     f'{_e(reason["summary"])}{_e(detail)}</div>')
    if r["waived"]:
        extra.append(f'<div class="small">a declared deviation waives its verdict {_e(r["waived"])}</div>')
    if r["evidence"]:
        quotes = "".join(f"<li>{_e(q['source'])}: &ldquo;{_e(q['text'])}&rdquo;</li>" for q in r["evidence"])
        extra.append(f'<details class="small"><summary>Evidence</summary><ul>{quotes}</ul>'
                     + (f"<p>{_e(r['why_level'])}</p>" if r["why_level"] else "") + "</details>")
    return (f'<tr data-req="{_e(r["id"])}" data-level="{_e(r["level"])}" data-verdict="{_e(r["verdict"])}">'
            f'<td class="id">{_e(r["id"])}</td><td class="lvl">{_e(r["level"])}</td><td>{_pill(r["verdict"])}</td>'
            f'<td>{_e(r["title"])}<div class="small muted">{_e(r["traces_to"])}</div>{"".join(extra)}</td>'
            f'<td>{_e(r["judged"])}</td></tr>')


def _failure(n, f):
    body = [f"<p><b>Expected</b> {_e(f['expected'])}<br><b>Got</b> {_e(f['got'])}</p>"]
    if f.get("detail"):
        body.append(f"<p>{_e(f['detail'])}</p>")
    if f.get("request"):
        body.append(f"<b>Request</b><pre>{_e(json.dumps(f['request'], indent=2, ensure_ascii=False))}</pre>")
    if "response" in f:
        shown = f["response"] if f["response"] is not None else {"problem": f.get("problem")}
        body.append(f"<b>Response</b><pre>{_e(json.dumps(shown, indent=2, ensure_ascii=False))}</pre>")
    if f.get("reproducer"):
        body.append(f"<b>Reproduce with curl</b><pre>{_e(f['reproducer']['curl'])}</pre>")
        body.append(f"<b>Reproduce with boto3</b><pre>{_e(f['reproducer']['boto3'])}</pre>")
    if f.get("test"):
        body.append(f'<div class="small muted">seen in {_e(f["test"])}</div>')
    return (f"<details><summary>Failure {n}: expected {_e(_short(f['expected']))}</summary>"
            + "".join(body) + "</details>")


def _short(text, limit=90):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _coverage(cov):
    rows = []
    for row in cov["matrix"]:
        cells = " ".join(f'<span class="id">{_e(rid)}</span> {_pill(v)}' for rid, v in row.get("verdicts", {}).items())
        if not row["requirements"]:
            cells = _pill("uncovered")
        rows.append(f'<tr><td class="id">{_e(row["behaviour"])}</td><td>{_e(row["description"])}</td>'
                    f"<td>{cells}</td></tr>")
    uncovered = ("<p>Every behaviour the page states is checked by at least one requirement.</p>" if not cov["uncovered"]
                 else "<p><b>Uncovered:</b> " + ", ".join(_e(u) for u in cov["uncovered"]) + "</p>")
    return ("<h2>Coverage of the specification page</h2>" + uncovered +
            "<table><thead><tr><th>Behaviour</th><th>What the page states</th><th>Checked by</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
