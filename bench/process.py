"""Run a command and measure it: wall time, CPU time, and peak memory of the whole process tree.

Three memory figures, because they answer different questions:
- ``max_rss_kib``: the largest single process (``getrusage``), what ``/usr/bin/time -v`` prints as
  "Maximum resident set size"; it hides the other processes of a multi-process command.
- ``peak_tree_rss_kib``: the largest sum of RSS over the live tree; a page shared by several processes
  (the node executable mapped by each Node.js process, shared libraries) counts once per process.
- ``peak_tree_pss_kib``: the largest sum of PSS over the live tree; each shared page is divided among all
  the processes on the machine that map it, so it is lower than the tree's own footprint while other
  Node.js or Python processes run (on a shared machine, it varies from run to run).
The target is judged on the largest process (the reading of the issue's own figures) and on the RSS sum
(reproducible, and an upper bound).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the process and the children it waited for
    max_rss_kib: int  # the largest single process (getrusage)
    peak_tree_rss_kib: int  # the largest sum of RSS over the live process tree, sampled every 20 ms (0 if not sampled)
    output: str
    peak_tree_pss_kib: int = 0  # the largest sum of PSS over the live process tree (0 if not sampled)
    process_peaks_kib: dict[str, int] = field(default_factory=dict)  # the peak RSS of each kind of process


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
        peak_tree_pss_kib=sampler.peak_pss_kib if sampler else 0,
        process_peaks_kib=dict(sampler.process_peaks_kib) if sampler else {},
    )


def _drain(stream: IO[str] | None, chunks: list[str]) -> None:
    if stream is not None:
        chunks.append(stream.read())


class _TreeSampler(threading.Thread):
    """Sums the resident memory (RSS and PSS) of a process and all its descendants, and keeps the peaks."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kib = 0
        self.peak_pss_kib = 0
        self.process_peaks_kib: dict[str, int] = {}
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            tree = _tree(self.root)
            self.peak_kib = max(self.peak_kib, sum(process.rss_kib for process in tree))
            self.peak_pss_kib = max(self.peak_pss_kib, sum(process.pss_kib() for process in tree))
            for process in tree:
                kind = process.kind()
                if kind != "exited":
                    self.process_peaks_kib[kind] = max(self.process_peaks_kib.get(kind, 0), process.rss_kib)
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


@dataclass(frozen=True)
class _Process:
    pid: int
    rss_kib: int

    def pss_kib(self) -> int:
        try:
            rollup = Path(f"/proc/{self.pid}/smaps_rollup").read_text()
        except OSError:
            return 0
        return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)

    def kind(self) -> str:
        """What the process is, in the terms of a CDK app: its program, or the script node or python runs."""
        try:
            arguments = Path(f"/proc/{self.pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return "exited"
        if not arguments[0]:
            return "exited"  # a zombie: its command line is gone
        program = Path(arguments[0]).name
        scripts = [argument for argument in arguments[1:] if argument and not argument.startswith("-")]
        if program in {"node", "nodejs"} and scripts:
            return f"node {_KNOWN_SCRIPTS.get(Path(scripts[0]).name, Path(scripts[0]).name)}"
        if program.startswith("python") and arguments[1:2] == ["-m"] and len(arguments) > 2:
            return f"python -m {arguments[2]}"
        if program.startswith("python") and scripts:
            return f"python {Path(scripts[0]).name}"
        return program


# jsii's Python runtime starts node on jsii-runtime.js, which starts the kernel (program.js) in a child.
_KNOWN_SCRIPTS = {"jsii-runtime.js": "jsii-runtime.js (jsii host)", "program.js": "program.js (jsii kernel)"}


def _tree(root: int) -> list[_Process]:
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
    return [_Process(pid, resident[pid]) for pid in sorted(tree) if pid in resident]
