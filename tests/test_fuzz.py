"""Fuzzing: no mangled text, web page or Word file makes ``nianbao-lint check`` crash or hang.

A crash is a traceback escaping ``main(["check", ...])``, an exit code other than 0/1/2,
an internal error that the engine turned into R001 (a bug caught, not a bad file), or a
hang: every input has a deadline.  The inputs are built by ``fuzz_inputs`` from the valid
reports in ``examples/`` and ``tests/fixtures/formats/``.

Hypothesis drives it (not Atheris): it runs inside pytest on every supported Python
without a native build, replays a fixed seed in the normal suite, and shrinks a failing
input to a small one.  The normal suite runs a few dozen inputs per format (a few seconds);
a longer run, one format at a time (``-k text``, ``-k html``, ``-k docx``)::

    NIANBAO_FUZZ_EXAMPLES=60000 NIANBAO_FUZZ_SEED=21 NIANBAO_FUZZ_KEEP=crashes NIANBAO_FUZZ_LOG=fuzz.log \\
        python -m pytest -q tests/test_fuzz.py -k text

``NIANBAO_FUZZ_LOG`` appends one line per format (executions, seconds, crashes, exit codes);
``NIANBAO_FUZZ_KEEP=DIR`` keeps going after a crash and saves each crashing input (and a
``.traceback`` beside it) in DIR, so that one long run finds every kind; the test fails at the
end.  ``NIANBAO_FUZZ_DEADLINE`` is the hang limit per input (20 s of wall clock by default).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import time
import traceback
from pathlib import Path

import pytest
from fuzz_inputs import docx_files, html_files, text_files
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from linter.cli import main

EXAMPLES = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "30"))
DEADLINE = float(os.environ.get("NIANBAO_FUZZ_DEADLINE", "20"))  # seconds for one input, wall clock
KEEP = os.environ.get("NIANBAO_FUZZ_KEEP")
LOG = os.environ.get("NIANBAO_FUZZ_LOG")
FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit"]

_seeded = seed(int(os.environ["NIANBAO_FUZZ_SEED"])) if "NIANBAO_FUZZ_SEED" in os.environ else (lambda test: test)
_settings = settings(
    max_examples=EXAMPLES,
    derandomize="NIANBAO_FUZZ_SEED" not in os.environ,  # the normal suite replays the same inputs
    database=None,
    deadline=None,  # the hard deadline below also stops a hang, which Hypothesis's does not
    phases=[Phase.generate] if KEEP else [Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                           HealthCheck.function_scoped_fixture],  # the campaign spans all inputs on purpose
)


class Hang(BaseException):
    """An input still running at its deadline (not an Exception: the engine and readers must not swallow it)."""


@contextlib.contextmanager
def deadline(seconds: float):
    def expire(signum, frame):
        raise Hang(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Campaign:
    """Runs the CLI on each input; counts executions and, with NIANBAO_FUZZ_KEEP, collects crashes."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind, self.folder = kind, folder
        self.executions, self.crashes, self.started = 0, [], time.monotonic()
        self.exits = {0: 0, 1: 0, 2: 0}  # 2 mostly: refused as unreadable before the lint

    def check(self, suffix: str, data: bytes, output_format: str) -> None:
        self.executions += 1
        path = self.folder / f"input{suffix}"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with deadline(DEADLINE), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["check", "--isolated", "--format", output_format, str(path)])
            assert code in (0, 1, 2), f"exit code {code}"
            self.exits[code] += 1
            assert "内部错误" not in out.getvalue() + err.getvalue(), out.getvalue()[-2000:]
        except BaseException as error:
            if not KEEP or isinstance(error, KeyboardInterrupt):
                raise
            self._keep(suffix, data, output_format, error)

    def _keep(self, suffix: str, data: bytes, output_format: str, error: BaseException) -> None:
        folder = Path(KEEP)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{self.kind}-{len(self.crashes):04d}"
        (folder / f"{name}{suffix}").write_bytes(data)
        (folder / f"{name}.traceback").write_text(
            f"--format {output_format}\n" + "".join(traceback.format_exception(error)), encoding="utf-8")
        self.crashes.append(name)

    def finish(self) -> None:
        if LOG:
            with open(LOG, "a", encoding="utf-8") as log:
                log.write(f"{self.kind}\texecutions={self.executions}\tseconds={time.monotonic() - self.started:.0f}"
                          f"\tcrashes={len(self.crashes)}\texit codes={self.exits}\n")
        assert not self.crashes, f"{len(self.crashes)} crashing inputs saved in {KEEP}: {self.crashes[:10]}"


@pytest.fixture
def campaign(request, tmp_path):
    run = Campaign(request.node.name.split("[")[0].removeprefix("test_"), tmp_path)
    yield run
    run.finish()


@_seeded
@_settings
@given(text_files(), st.sampled_from(FORMATS))
def test_text_reader_and_lint(campaign, file, output_format):
    campaign.check(*file, output_format)


@_seeded
@_settings
@given(html_files(), st.sampled_from(FORMATS))
def test_html_reader_and_lint(campaign, file, output_format):
    campaign.check(*file, output_format)


@_seeded
@_settings
@given(docx_files(), st.sampled_from(FORMATS))
def test_docx_reader_and_lint(campaign, file, output_format):
    campaign.check(*file, output_format)


@pytest.mark.parametrize("digits", [400, 5000])
def test_found_by_fuzzing_a_count_of_hundreds_of_digits(digits):
    """A 400-digit "count" overflowed a float division in N702 and 5,000 digits exceeded int()'s
    limit: both made the whole file an internal error.  A count has at most 15 digits."""
    from linter.engine import lint_bytes

    head = "# 2023年政府信息公开工作年度报告\n## 一、总体情况\n"
    for prose in (f"共{'9' * digits}条，其中1条、2条。", f"共9条，其中{'9' * digits}条、2条。", f"共{'9' * digits}件，1件，占50%。"):
        codes = [d.code for d in lint_bytes("report.txt", (head + prose + "\n").encode("utf-8")).diagnostics]
        assert "R001" not in codes and "N702" not in codes and "N704" not in codes
    counted = lint_bytes("report.txt", (head + "共100000000000004条，其中100000000000001条、2条。\n").encode("utf-8"))
    assert [d.message for d in counted.diagnostics if d.code == "N702"] == \
        ["合计 100000000000004 与分项之和 100000000000003（100000000000001+2）不符"]
