"""Write a report directory: results.json (validated), junit.xml, report.html, then MANIFEST.sha256 over them."""

import hashlib
import pathlib

from reports import FILES, HTML, JUNIT, MANIFEST, RESULTS, html, junit, results


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def write_all(directory, document):
    """Write every file of the report into `directory` (created if needed); return the paths written."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    results.dump(document, directory / RESULTS)
    (directory / JUNIT).write_text(junit.build(document), encoding="utf-8")
    (directory / HTML).write_text(html.render(document, sha256(directory / RESULTS)), encoding="utf-8")
    # sha256sum's format, so `sha256sum -c MANIFEST.sha256` works too.
    manifest = "".join(f"{sha256(directory / name)}  {name}\n" for name in FILES)
    (directory / MANIFEST).write_text(manifest, encoding="utf-8")
    return [directory / name for name in (*FILES, MANIFEST)]
