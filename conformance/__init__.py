"""Conformance suite for Amazon WorkMail's RegisterMailDomain.

Layers: contract -> strategies -> conformance (checks, harness) -> reports; the emulator beside them.
"""

__version__ = "0.1.0"
