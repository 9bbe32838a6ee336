"""Accuracy of nianbao-lint on a corpus of reports whose defects are known.

    python benchmarks/accuracy.py CORPUS_DIR GROUNDTRUTH.yaml [--json]

Every file named in the ground truth is linted on its own (``nianbao-lint check
--format json --isolated``) and its diagnostics are matched against what the
ground truth expects:

* ``definite`` — a verified defect: it must be found (recall counts these).
  ``unless`` names a diagnostic that excuses it, e.g. an R002 saying the table
  that holds the defect could not be read.
* ``likely`` — almost certainly a defect: finding it is right, missing it is
  not counted against the linter.
* ``allowed`` — tolerated, never counted either way (``max`` caps how many).

Any other diagnostic is a false alarm, counted one by one.  An expectation
matches a diagnostic with its code, every one of its message fragments and,
when given, its severity; one diagnostic meets at most one expectation.

The ground-truth format (see tests/groundtruth/*.yaml)::

    sets:                       # named lists of expectations, reused by files
      flattened-tables: [{code: R002, status: allowed, message: 主动公开, max: 1}]
    files:
      004_report.txt:
        year: 2022              # optional: the report year the linter must read ("unknown": none)
        layout: "2021"          # optional: the table layout it must read
        use: [flattened-tables]
        expect:
          - {code: N701, status: definite, message: ["75", "74"]}
        unchecked:              # known defects no rule covers (listed, not scored)
          - "“的的” (duplicated word)"

The exit code is 0 whatever the accuracy; 2 on a usage error (missing corpus
or ground truth, malformed ground truth, a listed file that does not exist).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ("definite", "likely", "allowed")
SEVERITIES = ("error", "warning", "info")
REPORT_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
# R002 names its table first ("三、收到和处理政府信息公开申请情况表无法可靠读取：…").
TABLE_NAMES = (("二", "主动公开"), ("三", "收到和处理"), ("四", "复议"))


class GroundTruthError(ValueError):
    """The ground truth file is malformed or names files that are not there."""


# ---------------------------------------------------------------- ground truth

@dataclass(frozen=True)
class Pattern:
    """What a diagnostic must carry to meet an expectation."""

    code: str
    message: tuple[str, ...] = ()
    severity: str | None = None

    def matches(self, diagnostic: dict) -> bool:
        return (diagnostic["code"] == self.code
                and all(part in diagnostic["message"] for part in self.message)
                and (self.severity is None or diagnostic["severity"] == self.severity))

    def __str__(self) -> str:
        text = self.code + (f" [{self.severity}]" if self.severity else "")
        return text + (f" “{'…'.join(self.message)}”" if self.message else "")


@dataclass(frozen=True)
class Expectation:
    pattern: Pattern
    status: str
    max: int | None = None  # allowed: at most this many diagnostics
    unless: Pattern | None = None  # definite: excused when such a diagnostic exists
    why: str = ""


@dataclass
class FileTruth:
    name: str
    expectations: list[Expectation]
    year: int | str | None = None  # "unknown": the linter must find no year
    layout: str | None = None
    unchecked: list[str] = field(default_factory=list)


def _fragments(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return tuple(str(v) for v in value)
    raise GroundTruthError(f"{where}: message must be a string or a list of strings")


def _pattern(entry: dict, where: str) -> Pattern:
    code = entry.get("code")
    if not isinstance(code, str) or not code:
        raise GroundTruthError(f"{where}: every expectation needs a code")
    severity = entry.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise GroundTruthError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    return Pattern(code, _fragments(entry.get("message"), where), severity)


_KEYS = {"code", "message", "severity", "status", "max", "unless", "why"}


def _expectation(entry, where: str) -> Expectation:
    if not isinstance(entry, dict):
        raise GroundTruthError(f"{where}: an expectation is a mapping with code and status")
    unknown = set(entry) - _KEYS
    if unknown:
        raise GroundTruthError(f"{where}: unknown keys {sorted(unknown)}")
    status = entry.get("status")
    if status not in STATUSES:
        raise GroundTruthError(f"{where}: status must be one of {', '.join(STATUSES)}")
    limit = entry.get("max")
    if limit is not None and (status != "allowed" or not isinstance(limit, int) or limit < 1):
        raise GroundTruthError(f"{where}: max is a positive number, for allowed codes only")
    unless = entry.get("unless")
    if unless is not None and (status != "definite" or not isinstance(unless, dict)):
        raise GroundTruthError(f"{where}: unless is a {{code, message}} mapping, for definite defects only")
    return Expectation(_pattern(entry, where), status, limit,
                       _pattern(unless, f"{where} unless") if unless else None, str(entry.get("why", "")))


def load_groundtruth(path: Path) -> dict[str, FileTruth]:
    """Parse a ground-truth YAML file into one :class:`FileTruth` per file name."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GroundTruthError(f"{path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise GroundTruthError(f"{path}: expected a mapping with a 'files' mapping")
    sets = data.get("sets") or {}
    if not isinstance(sets, dict):
        raise GroundTruthError(f"{path}: 'sets' must be a mapping of names to lists")
    truths = {}
    for name, entry in data["files"].items():
        entry = entry or {}
        where = f"{path}: {name}"
        expectations = []
        for set_name in entry.get("use") or []:
            if set_name not in sets:
                raise GroundTruthError(f"{where}: unknown set {set_name!r}")
            expectations += [_expectation(e, f"{where} (set {set_name})") for e in sets[set_name]]
        expectations += [_expectation(e, where) for e in entry.get("expect") or []]
        layout, year = entry.get("layout"), entry.get("year")
        if year is not None and year != "unknown" and not isinstance(year, int):
            raise GroundTruthError(f"{where}: year is a number or \"unknown\"")
        truths[name] = FileTruth(name, expectations, year, str(layout) if layout else None,
                                 [str(u) for u in entry.get("unchecked") or []])
    return truths


# ---------------------------------------------------------------- linting

def lint_file(path: Path) -> dict:
    """The JSON entry ``nianbao-lint check --format json --isolated`` gives for one file."""
    from linter.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["check", "--format", "json", "--isolated", "--no-source", str(path)])
    try:
        return json.loads(out.getvalue())["files"][0]
    except (ValueError, KeyError, IndexError):
        message = (err.getvalue().strip() or out.getvalue().strip())[:200]
        return {"path": str(path), "report": {}, "diagnostics": [
            {"code": "TOOL", "severity": "error", "message": f"nianbao-lint produced no JSON: {message}"}]}


# ---------------------------------------------------------------- scoring

def _assign(slots: list[Pattern], diagnostics: list[dict], taken: set[int]) -> dict[int, int]:
    """Maximum matching of slots to free diagnostics (slot index -> diagnostic index)."""
    owner: dict[int, int] = {}  # diagnostic -> slot

    def place(slot: int, seen: set[int]) -> bool:
        for d, diagnostic in enumerate(diagnostics):
            if d in taken or d in seen or not slots[slot].matches(diagnostic):
                continue
            seen.add(d)
            if d not in owner or place(owner[d], seen):
                owner[d] = slot
                return True
        return False

    for slot in range(len(slots)):
        place(slot, set())
    return {slot: d for d, slot in owner.items()}


def table_of(diagnostic: dict) -> str:
    """Which statutory table an R002 is about: 二, 三, 四 or ?."""
    head = diagnostic["message"].split("无法可靠读取")[0]
    return next((table for table, words in TABLE_NAMES if words in head), "?")


@dataclass
class FileScore:
    name: str
    year: int | None
    layout: str | None
    truth: FileTruth
    found: list[tuple[Expectation, dict]] = field(default_factory=list)
    missed: list[Expectation] = field(default_factory=list)
    waived: list[tuple[Expectation, dict]] = field(default_factory=list)
    likely_found: list[tuple[Expectation, dict]] = field(default_factory=list)
    likely_missed: list[Expectation] = field(default_factory=list)
    allowed: list[tuple[Expectation, dict]] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    unreadable_tables: dict[str, int] = field(default_factory=dict)  # R002 count per table

    @property
    def year_ok(self) -> bool:
        if self.truth.year == "unknown":
            return self.year is None
        return self.truth.year is None or self.year == self.truth.year

    @property
    def layout_ok(self) -> bool:
        return self.truth.layout is None or self.layout == self.truth.layout

    def false_alarms_of(self, severity: str) -> list[dict]:
        return [d for d in self.false_alarms if d["severity"] == severity]


def score_file(truth: FileTruth, result: dict) -> FileScore:
    """Match one file's diagnostics against its ground truth."""
    diagnostics = result["diagnostics"]
    report = result.get("report") or {}
    score = FileScore(truth.name, report.get("year"), report.get("layout"), truth)
    taken: set[int] = set()
    for status in ("definite", "likely"):
        expected = [e for e in truth.expectations if e.status == status]
        matched = _assign([e.pattern for e in expected], diagnostics, taken)
        taken |= set(matched.values())
        for i, expectation in enumerate(expected):
            if i in matched:
                (score.found if status == "definite" else score.likely_found).append(
                    (expectation, diagnostics[matched[i]]))
            elif status == "likely":
                score.likely_missed.append(expectation)
            else:
                excuse = next((d for d in diagnostics if expectation.unless and expectation.unless.matches(d)), None)
                if excuse is not None:
                    score.waived.append((expectation, excuse))
                else:
                    score.missed.append(expectation)
    tolerated = [e for e in truth.expectations if e.status == "allowed"]
    slots = [(e, i) for i, e in enumerate(tolerated) for _ in range(e.max or len(diagnostics))]
    matched = _assign([e.pattern for e, _ in slots], diagnostics, taken)
    for slot, d in sorted(matched.items(), key=lambda item: item[1]):
        score.allowed.append((slots[slot][0], diagnostics[d]))
    taken |= set(matched.values())
    score.false_alarms = [d for i, d in enumerate(diagnostics) if i not in taken]
    for diagnostic in diagnostics:
        if diagnostic["code"] == "R002":
            table = table_of(diagnostic)
            score.unreadable_tables[table] = score.unreadable_tables.get(table, 0) + 1
    return score


@dataclass
class CorpusScore:
    corpus: Path
    groundtruth: Path
    files: list[FileScore]
    unlisted: list[str]  # report files in the corpus folder the ground truth does not cover

    def total(self, attribute: str) -> int:
        return sum(len(getattr(f, attribute)) for f in self.files)

    def false_alarms_of(self, severity: str) -> int:
        return sum(len(f.false_alarms_of(severity)) for f in self.files)

    @property
    def precision(self) -> float | None:
        right = self.total("found") + self.total("likely_found")
        counted = right + self.total("false_alarms")
        return right / counted if counted else None

    @property
    def recall(self) -> float | None:
        expected = self.total("found") + self.total("missed")
        return self.total("found") / expected if expected else None


def evaluate(corpus: Path, groundtruth: Path) -> CorpusScore:
    """Lint every file the ground truth names and score it."""
    corpus, groundtruth = Path(corpus), Path(groundtruth)
    if not corpus.is_dir():
        raise GroundTruthError(f"{corpus}: not a folder")
    truths = load_groundtruth(groundtruth)
    absent = [name for name in truths if not (corpus / name).is_file()]
    if absent:
        raise GroundTruthError(f"{groundtruth}: files not in {corpus}: {', '.join(absent)}")
    unlisted = sorted(p.name for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                      and p.stem.upper() != "README" and p.name not in truths)
    files = [score_file(truth, lint_file(corpus / name)) for name, truth in truths.items()]
    return CorpusScore(corpus, groundtruth, files, unlisted)


# ---------------------------------------------------------------- output

def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _diagnostic_line(d: dict) -> str:
    return f"{d['code']} [{d['severity']}] {_short(d['message'])}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _tables(score: FileScore) -> str:
    return "/".join(str(score.unreadable_tables.get(t, 0)) for t, _ in TABLE_NAMES) + (
        f"+{score.unreadable_tables['?']}?" if "?" in score.unreadable_tables else "")


def format_text(result: CorpusScore) -> str:
    lines = [f"corpus {result.corpus}", f"ground truth {result.groundtruth}", ""]
    width = max([len(f.name) for f in result.files] + [4])
    lines.append(f"{'file':<{width}}  year    definite  likely  false alarms e/w/i  R002 二/三/四")
    for f in result.files:
        year = f"{f.year}{'' if f.year_ok else '✗'}"
        definite = f"{len(f.found)}/{len(f.found) + len(f.missed)}" + (f"+{len(f.waived)}w" if f.waived else "")
        likely = f"{len(f.likely_found)}/{len(f.likely_found) + len(f.likely_missed)}"
        alarms = f"{len(f.false_alarms):>3} = " + "/".join(str(len(f.false_alarms_of(s))) for s in SEVERITIES)
        lines.append(f"{f.name:<{width}}  {year:<6}  {definite:<8}  {likely:<6}  {alarms:<18}  {_tables(f)}")
    for f in result.files:
        lines += ["", f"== {f.name}"]
        if not f.year_ok or not f.layout_ok:
            lines.append(f"  read year {f.year} layout {f.layout}; expected year {f.truth.year} layout {f.truth.layout}")
        lines += [f"  found    {e.pattern}" for e, _ in f.found]
        lines += [f"  MISSED   {e.pattern}" for e in f.missed]
        lines += [f"  waived   {e.pattern} (excused by {d['code']}: {_short(d['message'], 60)})" for e, d in f.waived]
        lines += [f"  likely   {e.pattern}: {'found' if any(e is x for x, _ in f.likely_found) else 'not found'}"
                  for e in [x for x, _ in f.likely_found] + f.likely_missed]
        if f.allowed:
            lines.append("  allowed  " + ", ".join(sorted({f"{d['code']}×{sum(1 for _, x in f.allowed if x['code'] == d['code'])}"
                                                       for _, d in f.allowed})))
        lines += [f"  FALSE    {_diagnostic_line(d)}" for d in f.false_alarms]
        over = [t for t, n in f.unreadable_tables.items() if n > 1]
        if over:
            lines.append(f"  more than one R002 for table {', '.join(over)}")
        lines += [f"  unchecked (no rule covers it): {u}" for u in f.truth.unchecked]
    found, missed, waived = result.total("found"), result.total("missed"), result.total("waived")
    wrong_year = sum(1 for f in result.files if not f.year_ok or not f.layout_ok)
    lines += ["", f"TOTAL {len(result.files)} files: definite found {found}/{found + missed} "
                  f"(recall {_percent(result.recall)}; {waived} excused by an unreadable table), "
                  f"likely found {result.total('likely_found')}/"
                  f"{result.total('likely_found') + result.total('likely_missed')}",
              f"      false alarms {result.total('false_alarms')}: error {result.false_alarms_of('error')}, "
              f"warning {result.false_alarms_of('warning')}, info {result.false_alarms_of('info')}; "
              f"precision {_percent(result.precision)}; year or layout misread in {wrong_year}"]
    if result.unlisted:
        lines.append(f"      not in the ground truth (not linted): {', '.join(result.unlisted)}")
    return "\n".join(lines)


def as_json(result: CorpusScore) -> dict:
    def pairs(items):
        return [{"expected": str(e.pattern), "diagnostic": d} for e, d in items]

    return {
        "corpus": str(result.corpus),
        "groundtruth": str(result.groundtruth),
        "files": [{
            "file": f.name, "year": f.year, "layout": f.layout, "year_ok": f.year_ok, "layout_ok": f.layout_ok,
            "found": pairs(f.found), "missed": [str(e.pattern) for e in f.missed], "waived": pairs(f.waived),
            "likely_found": pairs(f.likely_found), "likely_missed": [str(e.pattern) for e in f.likely_missed],
            "allowed": [d for _, d in f.allowed], "false_alarms": f.false_alarms,
            "unreadable_tables": f.unreadable_tables, "unchecked": f.truth.unchecked,
        } for f in result.files],
        "totals": {
            "files": len(result.files), "definite_found": result.total("found"),
            "definite_missed": result.total("missed"), "waived": result.total("waived"),
            "likely_found": result.total("likely_found"), "false_alarms": result.total("false_alarms"),
            **{f"false_alarms_{s}": result.false_alarms_of(s) for s in SEVERITIES},
            "precision": result.precision, "recall": result.recall,
            "year_or_layout_misread": sum(1 for f in result.files if not f.year_ok or not f.layout_ok),
        },
        "unlisted": result.unlisted,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder holding the reports")
    parser.add_argument("groundtruth", type=Path, help="ground-truth YAML file")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:  # run from anywhere: the checkout is imported, not installed
        sys.path.insert(0, str(ROOT))
    try:
        result = evaluate(args.corpus, args.groundtruth)
    except GroundTruthError as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(as_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(format_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
