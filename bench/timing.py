"""Timing for the benchmarks: medians of repeated requests through the whole Flask stack."""
import statistics
import time
from typing import NamedTuple


class Timing(NamedTuple):
    wall_ms: float  # median elapsed time
    cpu_ms: float   # median CPU time of this process: steadier than wall time on a shared, loaded machine
    response: object  # the last response, for what the page showed


def median_ms(call, repeat: int) -> Timing:
    """Medians of `repeat` calls after one warm-up call (every response must be a 200)."""
    return interleaved({"call": call}, repeat)["call"]


def interleaved(calls: dict, repeat: int) -> dict:
    """Median wall and CPU milliseconds of each call, `repeat` samples each, taken in turn.

    Comparing sizes on a machine others share: a burst of load then slows every size
    alike instead of whichever happened to be measured during it. One warm-up call each
    (caches, templates, database pages); every response must be a 200: a benchmark that
    times error pages measures nothing. SQLite runs in this process, so its work is CPU time.
    """
    for call in calls.values():
        call()
    samples = {key: ([], []) for key in calls}
    last = {}
    for _ in range(repeat):
        for key, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            response = call()
            samples[key][1].append((time.process_time() - cpu) * 1000)
            samples[key][0].append((time.perf_counter() - wall) * 1000)
            assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
            last[key] = response
    return {key: Timing(statistics.median(w), statistics.median(c), last[key]) for key, (w, c) in samples.items()}
