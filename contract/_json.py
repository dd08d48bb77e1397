"""JSON facts both sides of the wire need without parsing: how deep a text nests.

Parsing deep JSON recurses, and how deep the parser may go depends on the recursion limit and on how deep
the calling thread already is; Hypothesis raises that limit while it runs. Whatever must not depend on
either (the emulator's answer, the suite's reading of what it sent) measures depth with this instead.
"""


def json_depth(body):
    """How deep arrays and objects nest in a JSON text (bytes; brackets inside strings not counted)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            escaped, in_string = (False, True) if escaped else (byte == 0x5C, byte != 0x22)
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
