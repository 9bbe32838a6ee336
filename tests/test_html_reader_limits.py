"""The HTML reader's memory grows with the page, not with its number of elements.

A page is streamed through the parser and only its text, the marks locating it and
the cells of its tables are kept, in flat arrays.  Peak memory is measured as the
operating system counts it, in a child process that only reads the page (the
measuring process waits for it and asks for its children's peak).  The compact
text store is also checked against a plain list of lines.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from linter.readers.html_text import Tape

ROOT = Path(__file__).resolve().parent.parent
_PEAK = """
import resource, subprocess, sys
reader = "import sys; from linter.readers import read_path; print(len(read_path(sys.argv[1]).text))"
out = subprocess.run([sys.executable, "-c", reader, sys.argv[1]], capture_output=True, text=True, check=True)
print(out.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _read_in_child(path: Path) -> tuple[int, int]:
    """(characters of text read, peak resident memory of the reading process in bytes)."""
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    chars, peak_kib = out.stdout.split()
    return int(chars), int(peak_kib) * 1024


def test_memory_is_proportional_to_the_page(tmp_path):
    small = tmp_path / "small.html"
    small.write_text("<p>一、总体情况</p>", encoding="utf-8")
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>x" * (512 * 1024))  # 2 MB of the smallest paragraphs: the most elements per byte
    _, baseline = _read_in_child(small)
    chars, peak = _read_in_child(big)
    assert chars == 2 * 512 * 1024  # every paragraph read: "x" and its line break
    assert peak - baseline <= 10 * big.stat().st_size, (peak, baseline)


class _SmallTape(Tape):
    CHUNK = 4  # many chunk boundaries in a few lines


def test_tape_keeps_and_cuts_lines_like_a_list():
    rng = random.Random(7)
    tape, model = _SmallTape(), []
    for step in range(2000):
        if rng.random() < 0.8:
            line = "".join(rng.choice("甲乙 x") for _ in range(rng.randrange(0, 5))).strip()
            tape.commit(line, [(0, step, 1, len(line))] if line else [])
            model.append(line)
        else:
            keep = rng.randrange(0, len(model) + 1)
            point = (keep, sum(len(line) + 1 for line in model[:keep]),
                     sum(1 for line in model[:keep] if line), 0)
            tape.truncate(point)
            del model[keep:]
        assert tape.lines == len(model)
        assert tape.chars == sum(len(line) + 1 for line in model)
        if model and step % 50 == 0:
            start = rng.randrange(len(model))
            assert tape.text(start, len(model)) == "".join(line + "\n" for line in model[start:])
            assert tape.line(start) == model[start]
            assert tape.line_start(start) == sum(len(line) + 1 for line in model[:start])
    assert tape.text(0, tape.lines) == "".join(line + "\n" for line in model)
    assert len(tape.offsets) == sum(1 for line in model if line)
