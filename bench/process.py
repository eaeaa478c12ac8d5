"""Run a command and measure it: wall time, CPU time, and peak memory of the whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the process and the children it waited for
    max_rss_kib: int  # the largest single process (getrusage)
    peak_tree_rss_kib: int  # the largest sum over the live process tree, sampled every 20 ms (0 if not sampled)
    output: str


def run(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdout: IO[str] | int | None = None,
    sample_tree: bool = False,
    check: bool = True,
) -> Measured:
    """Run ``command`` to completion; ``stdout=None`` captures stdout and stderr into ``output``."""
    capture = stdout is None
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.PIPE if capture else stdout,
        stderr=subprocess.STDOUT if capture else subprocess.PIPE,
        text=True,
    )
    sampler = _TreeSampler(process.pid) if sample_tree else None
    if sampler:
        sampler.start()
    output_chunks: list[str] = []
    reader = threading.Thread(target=_drain, args=(process.stdout if capture else process.stderr, output_chunks))
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if sampler:
        sampler.stop()
    output = "".join(output_chunks)
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} exited {process.returncode}:\n{output[-4000:]}")
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_kib=usage.ru_maxrss,
        peak_tree_rss_kib=sampler.peak_kib if sampler else 0,
        output=output,
    )


def _drain(stream: IO[str] | None, chunks: list[str]) -> None:
    if stream is not None:
        chunks.append(stream.read())


class _TreeSampler(threading.Thread):
    """Sums the resident memory of a process and all its descendants, and keeps the peak."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kib = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(self.root))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree_rss_kib(root: int) -> int:
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        resident[int(entry.name)] = int(statm.split()[1]) * PAGE_KIB
    tree = {root}
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(resident.get(pid, 0) for pid in tree)
