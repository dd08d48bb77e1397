"""`rmd-conformance [pytest options]`: run the installed suite, no checkout needed.

The same as `pytest --pyargs conformance ...`; every suite option (--endpoint, --report-dir, ...)
and every pytest option (-n 2, -k ...) passes through.
"""

import sys

import pytest


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    return int(pytest.main(["--pyargs", "conformance", *args]))


if __name__ == "__main__":
    sys.exit(main())
