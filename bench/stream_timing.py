"""Our exports timed format by format on the streamed path ``build`` takes
(:class:`hengyang_kg.rdf.stream.Exports`), for corpora whose quads do not fit in memory
at once.

The functions :mod:`hengyang_kg.rdf.stream` calls to generate the quads (a run's quads, the
whole-corpus parts' batches) and to serialise them (each format's fragments, Turtle's
N-Triples lines and sorted tail) are wrapped, while :func:`timed_exports` runs, by ones that
add their wall and CPU time to a figure: ``quads`` for the generation, ``trig``,
``nquads``, ``turtle``, ``jsonld`` and ``rdf12`` for the serialisers. A call made inside
another timed call counts for the outer one (the RDF 1.2 fragment is made by the TriG
serialiser). What is left of the pass — writing, hashing, the spool files — is ``write``.
A wrapped function never called is an error: the figures would silently miss a part.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from hengyang_kg.rdf import fragments, stream

# the name of each wrapped function (in stream's namespace, and in fragments' where it is
# called from there) and the figure its time counts for; generators are timed as consumed
CALLS = {"run_quads": "quads", "source_part": "quads", "entity_part": "quads", "reconciliation_part": "quads",
         "trig": "trig", "nquads": "nquads", "turtle": "turtle", "ntriples": "turtle", "jsonld": "jsonld",
         "run_rdf12": "rdf12"}
GENERATORS = {"batches": "quads", "turtle_tail": "turtle"}
FIGURES = ("quads", "trig", "nquads", "turtle", "jsonld", "rdf12")


class Timer:
    """Wall and CPU time by figure; only the outermost timed call counts."""

    def __init__(self) -> None:
        self.wall = dict.fromkeys(FIGURES, 0.0)
        self.cpu = dict.fromkeys(FIGURES, 0.0)
        self.calls: set[str] = set()
        self.depth = 0

    @contextmanager
    def timing(self, figure: str):
        self.depth += 1
        t, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth:
                self.wall[figure] += time.perf_counter() - t
                self.cpu[figure] += time.process_time() - c

    def call(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            self.calls.add(name)
            with self.timing(CALLS[name]):
                return fn(*args, **kwargs)
        return timed

    def generator(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs) -> Iterator:
            self.calls.add(name)
            it = fn(*args, **kwargs)
            while True:
                with self.timing(GENERATORS[name]):
                    try:
                        item = next(it)
                    except StopIteration:
                        return
                yield item
        return timed


@contextmanager
def patched(module, name: str, value):
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def timed_exports(exports: stream.Exports, directory: Path) -> dict:
    """Write ``exports`` into ``directory`` with every part timed; the figures (seconds;
    ``<figure>`` wall, ``<figure>_cpu`` CPU), the quads written and the files' SHA-256."""
    timer = Timer()
    with ExitStack() as stack:
        for name in CALLS:
            for module in (stream, fragments):
                if hasattr(module, name):
                    stack.enter_context(patched(module, name, timer.call(name, getattr(module, name))))
        for name in GENERATORS:
            stack.enter_context(patched(stream, name, timer.generator(name, getattr(stream, name))))
        t, c = time.perf_counter(), time.process_time()
        hashes = exports.write(directory)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    missing = sorted((set(CALLS) | set(GENERATORS)) - timer.calls)
    if missing:
        raise RuntimeError(f"the streamed exports no longer call {', '.join(missing)}: the timing misses a part")
    out: dict = {}
    for figure in FIGURES:
        out[figure], out[figure + "_cpu"] = timer.wall[figure], timer.cpu[figure]
    out["write"] = wall - sum(timer.wall.values())
    out["write_cpu"] = cpu - sum(timer.cpu.values())
    return {**out, "quads_count": exports.quads, "hashes": hashes}
