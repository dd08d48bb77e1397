"""The project's own tests. `pytester` runs the conformance suite in a subprocess against
emulators the tests start themselves."""

pytest_plugins = ["pytester"]
