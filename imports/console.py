"""Progress of an import on a command's terminal: one tqdm bar per stage."""

from __future__ import annotations

from tqdm import tqdm


class ConsoleProgress:
    """A ``progress(stage, done, total)`` callback drawing bars on ``stream`` (none if ``quiet``)."""

    def __init__(self, stream, *, quiet: bool):
        self.stream = stream
        self.quiet = quiet
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if self.quiet:
            return
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=f"{stage:<8}", unit=" rows", file=self.stream)
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if total is not None and done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
