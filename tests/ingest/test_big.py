"""A 100 MB table is streamed: memory stays far below the file's size."""

import threading
import time

import psutil
import pytest

from iackg.ingest import ingest_to_nquads

HEADER = "都道府県,区分,名称,関連市町村,指定日,備考\n"
NOTE = "長い備考" * 240  # ~2.9 kB in UTF-8: wide rows, as real remarks columns can be


def write_big(path, megabytes: int) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        size = 0
        while size < megabytes * 1024 * 1024:
            line = f"神奈川県,農林水産物,資源{rows},三浦市,2007-08-31,{NOTE}{rows}\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
            rows += 1
    return rows


class PeakRSS:
    """Samples this process's resident memory in a thread; `growth` is peak minus start."""

    def __enter__(self):
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.growth = self.peak - self.start


@pytest.mark.slow
def test_a_100_mb_file_streams_with_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    rows = write_big(path, 100)
    assert path.stat().st_size >= 100 * 1024 * 1024
    out = tmp_path / "big.nq"
    with PeakRSS() as memory:
        result = ingest_to_nquads([path], out)
    assert result.sources[0].rows == rows and not result.problems
    assert out.stat().st_size > path.stat().st_size  # every note went through
    # memory grows by a small fraction of the input (rows are never all held)
    print(f"rows {rows}, peak RSS growth {memory.growth / 2**20:.1f} MiB")
    assert memory.growth < 60 * 1024 * 1024, memory.growth / 2**20
