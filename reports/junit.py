"""junit.xml: one testcase per requirement, so any CI shows the certification as tests.

fail -> <failure>; error and blocked -> <error>; not applicable and not run -> <skipped> (with the reason);
observations, notes and declared deviations -> <system-out>. Each testcase carries its verdict as a property.
With --reference, a second testsuite holds one testcase per parity point: a difference is a <failure> only
under --require-parity (otherwise it is told in <system-out>), a point not compared is <skipped>.
"""

import json
import xml.etree.ElementTree as ET

from conformance import verdicts

SKIPPED = (verdicts.NOT_APPLICABLE, verdicts.NOT_RUN)
ERRORED = (verdicts.ERROR, verdicts.BLOCKED)


SUITE = "RegisterMailDomain conformance"
PARITY_SUITE = "RegisterMailDomain parity"


def build(document):
    root = ET.Element("testsuites", name="rmd-conformance")
    _requirements(ET.SubElement(root, "testsuite"), document)
    if document.get("parity"):
        _parity(ET.SubElement(root, "testsuite"), document["parity"], document["run"]["started"])
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _parity(suite, compared, started):
    rows = compared["rows"]
    failing = compared["required"]
    suite.attrib.update(name=PARITY_SUITE, tests=str(len(rows)), timestamp=started,
                        failures=str(sum(r["status"] == "differs" for r in rows) if failing else 0),
                        errors="0", skipped=str(sum(r["status"] == "not compared" for r in rows)))
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="reference",
                  value=f"{compared['reference']['endpoint']} (recorded {compared['reference']['recorded']})")
    for row in rows:
        case = ET.SubElement(suite, "testcase", classname=f"rmd.parity.{row['requirement']}", name=row["key"])
        told = f"the reference: {row['reference']}; this run: {row['observed']}"
        if row["status"] == "differs" and failing:
            ET.SubElement(case, "failure", message=told[:1000], type="parity")
        elif row["status"] == "not compared":
            ET.SubElement(case, "skipped", message=row["why"][:1000])
        else:
            ET.SubElement(case, "system-out").text = f"{row['status']}: {told}"


def _requirements(suite, document):
    requirements = document["requirements"]
    suite.attrib.update(name=SUITE, tests=str(len(requirements)),
                        failures=str(sum(r["verdict"] == verdicts.FAIL for r in requirements)),
                        errors=str(sum(r["verdict"] in ERRORED for r in requirements)),
                        skipped=str(sum(r["verdict"] in SKIPPED for r in requirements)),
                        timestamp=document["run"]["started"])
    properties = ET.SubElement(suite, "properties")
    for name, value in (("run_id", document["run"]["id"]), ("suite_version", document["suite"]["version"]),
                        ("spec_url", document["specification"]["url"]), ("endpoint", document["target"]["endpoint"])):
        ET.SubElement(properties, "property", name=name, value=str(value))
    for r in requirements:
        case = ET.SubElement(suite, "testcase", classname=f"rmd.{r['area']}", name=r["id"])
        props = ET.SubElement(case, "properties")
        for name in ("verdict", "level", "title", "traces_to"):
            ET.SubElement(props, "property", name=name, value=r[name])
        verdict = r["verdict"]
        if verdict == verdicts.FAIL:
            first = r["failures"][0] if r["failures"] else None
            message = f"expected {first['expected']}; got {first['got']}" if first else "; ".join(_whats(r))
            element = ET.SubElement(case, "failure", message=message[:1000], type=r["level"])
            element.text = _details(r)
        elif verdict in ERRORED:
            element = ET.SubElement(case, "error", message=_reason(r)[:1000], type=verdict)
            element.text = _details(r)
        elif verdict in SKIPPED:
            ET.SubElement(case, "skipped", message=_reason(r)[:1000])
        out = _system_out(r)
        if out:
            ET.SubElement(case, "system-out").text = out


def _reason(r):
    reason = r["reason"]
    if reason is None:
        return r["verdict"]
    return f"{reason['category']} ({reason['code']}): {reason['summary']}" + (f": {reason['detail']}" if reason["detail"] else "")


def _whats(r):
    return [n["what"] for n in r["notes"]] or [r["verdict"]]


def _details(r):
    return json.dumps({"failures": r["failures"], "notes": r["notes"], "reason": r["reason"]}, indent=2)


def _system_out(r):
    lines = [f"verdict: {r['verdict']}; examples judged: {r['judged']}; examples run: {r['examples']}"]
    if r["verdict"] == verdicts.DEVIATION:
        lines.append(f"declared deviation waives: {r['waived']}")
        lines.append(_details(r))
    lines += [f"{n['kind']}: {n['what']}" for n in r["notes"]]
    return "\n".join(lines)


def verdicts_of(text):
    """{requirement id: verdict} read back from a junit.xml, for reports.verify."""
    root = ET.fromstring(text)
    found = {}
    suite = next((s for s in root.iter("testsuite") if s.get("name") == SUITE), ET.Element("testsuite"))
    for case in suite.iter("testcase"):
        prop = {p.get("name"): p.get("value") for p in case.iter("property")}
        found[case.get("name")] = {
            "verdict": prop.get("verdict"),
            "failure": case.find("failure") is not None,
            "error": case.find("error") is not None,
            "skipped": case.find("skipped") is not None,
        }
    return found
