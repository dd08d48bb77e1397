"""Run a property with Hypothesis inside a test, so fixtures (the endpoint, organizations) stay outside.

Boundary values are pinned with @example and run every time, before the generated ones. The run's
seed is applied, so a run that is not derandomized can be repeated exactly.
"""

import contextlib
import functools

import hypothesis


class Exploration:
    def __init__(self, seed=None, around=None):
        self.seed = seed
        self.examples_run = 0
        self.around = around or contextlib.nullcontext  # wraps each example (the run's scratch clean-up)

    def run(self, body, examples=(), **strategies):
        """Call body(**drawn) for every pinned example, then for generated ones."""
        @functools.wraps(body)
        def counted(**kwargs):
            self.examples_run += 1
            with self.around():
                return body(**kwargs)

        test = hypothesis.given(**strategies)(counted)
        for pinned in reversed(list(examples)):
            test = hypothesis.example(**pinned)(test)
        if self.seed is not None:
            test = hypothesis.seed(self.seed)(test)
        test()
