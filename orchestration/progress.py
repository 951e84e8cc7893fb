"""Progress of long stages on the terminal (rich): done/total, per second, ETA. Silent when
stdout is not a terminal (logs, CI, pipes) or when the build did not ask for it."""
from __future__ import annotations

import sys
from contextlib import contextmanager

_enabled = False


def enable(on: bool) -> None:
    global _enabled
    _enabled = bool(on) and sys.__stdout__ is not None and sys.__stdout__.isatty()


class _Silent:
    def advance(self, n: int = 1) -> None:
        pass


class _Bar:
    def __init__(self, progress, task):
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


@contextmanager
def stage(label: str, total: int, unit: str = "files"):
    """`with stage("reading files", n) as bar: bar.advance()`."""
    if not _enabled or total <= 0:
        yield _Silent()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed or 0:>7,.0f} {task.fields['unit']}/s")

    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), Rate(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=sys.__stdout__), transient=False) as progress:
        task = progress.add_task(label, total=total, unit=unit)
        yield _Bar(progress, task)
