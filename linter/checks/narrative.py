"""Narrative against tables and against itself (SPEC.md §6).

Prose numbers are ambiguous, so every pattern here is narrow: a figure is
compared only when the words right before it name the table quantity
("收到…申请12件", "上年结转3件", "予以公开5件" …).  Anything looser stays
silent.  Searches run over the compact prose (whitespace and table rows taken
out) and map back to real spans.
"""

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from linter.checks import Check, Finding, Pointer, check_type
from linter.checks.arithmetic import fmt
from linter.checks.text_search import Compact, prose
from linter.diagnostics import Span
from linter.form import LAYOUTS, OUTCOME_GROUPS, REVIEW_GROUPS, TableKind
from linter.parsing.model import Report, Table

_GAP = r"[^。；;，,：:\d（()）]"  # words inside one clause: no digits, no aside in brackets
_NEG = re.compile(r"(?:未|没有|无|不存在)$")
_CATEGORY_KEYS = {"予以公开": "open", "部分公开": "partial", "不予公开": "withheld", "无法提供": "unable",
                  "不予处理": "declined", "其他处理": "other"}
_CATEGORY = re.compile("(?:" + "|".join(_CATEGORY_KEYS) + ")")
# A count that says it includes last year's carry-over ("含上年结转2件"); "3件结转下年度" does not.
_CARRIED_INCLUDED = re.compile(r"上年(?:度)?结转|含[^。；;，,]{0,6}结转")


# ---------------------------------------------------------------- table values

class Quantity(NamedTuple):
    value: Decimal
    kind: str  # which table cell(s), as the N701 message variant that names them
    names: dict[str, str]  # the labels that message names them by
    spans: tuple[Span, ...]


def _table(report: Report, kind: TableKind) -> Table | None:
    """The table, readable or not: an unreadable table keeps only the rows read with certainty
    (values placed in the grid, or a run of digits that splits one way only), and a figure is
    compared only when every cell it needs is such a number."""
    return report.tables.get(kind)


def _cells_sum(table: Table | None, keys: list[tuple[str, str]], kind: str, names: dict[str, str]) -> Quantity | None:
    """Sum of (row key, column) cells; None unless all are numbers."""
    if table is None or not keys:
        return None
    total, spans = Decimal(0), []
    for row_key, column in keys:
        row = table.rows.get(row_key)
        cell = row.cells.get(column) if row else None
        number = cell.number if cell is not None else None
        if cell is None or number is None:
            return None
        total += number
        spans.append(cell.span)
    return Quantity(total, kind, names, tuple(spans))


def applications(report: Report, row_key: str) -> Quantity | None:
    table = _table(report, TableKind.APPLICATIONS)
    if table is None:
        return None
    if row_key in OUTCOME_GROUPS:  # every row of the category, as the form has them
        keys = [(row.key, "总计") for row in LAYOUTS[table.layout].application_rows if row.group == row_key]
        return _cells_sum(table, keys, "category", {"row": OUTCOME_GROUPS[row_key]})
    row = table.rows.get(row_key)
    return _cells_sum(table, [(row_key, "总计")], "cell", {"row": row.label if row else row_key})


def review(report: Report, groups: tuple[int, ...], results: tuple[str, ...] = ("总计",)) -> Quantity | None:
    return review_items(report, [(groups, results)])


def review_items(report: Report, items: list[tuple[tuple[int, ...], tuple[str, ...]]]) -> Quantity | None:
    """The sum of the table under 四's cells named by (groups, results) items."""
    keys, labels = [], []
    for groups, results in items:
        names = [REVIEW_GROUPS[g] for g in groups]
        keys += [("data", f"{name}·{result}") for name in names for result in results]
        labels += [f"{n}·{'/'.join(results)}" for n in names]
    label = "、".join(dict.fromkeys(labels))
    return _cells_sum(_table(report, TableKind.REVIEW), list(dict.fromkeys(keys)),
                      "review-sum" if len(set(keys)) > 1 else "review", {"cells": label})


def categories(report: Report, words: str) -> Quantity | None:
    """The sum of the outcome categories a sentence names together ("予以公开及部分公开")."""
    keys = [_CATEGORY_KEYS[word] for word in _CATEGORY.findall(words)]
    table = _table(report, TableKind.APPLICATIONS)
    if table is None:
        return None
    cells = [(row.key, "总计") for key in dict.fromkeys(keys)
             for row in LAYOUTS[table.layout].application_rows if row.group == key]
    return _cells_sum(table, cells, "category", {"row": "、".join(OUTCOME_GROUPS[k] for k in dict.fromkeys(keys))})


def disclosure(report: Report, row: str, column: str) -> Quantity | None:
    table = _table(report, TableKind.DISCLOSURE)
    if table is None or table.layout != "2021":
        return None
    label = table.rows[row].label if row in table.rows else row
    return _cells_sum(table, [(row, column)], "disclosure", {"row": label, "column": column})


# ---------------------------------------------------------------- claims

class Claim(NamedTuple):
    """A narrow pattern: the number it captures (group "n"; none for a zero claim) and the table quantity."""

    pattern: re.Pattern[str]
    quantity: Callable[[Report, re.Match[str]], Quantity | None]
    context: str = ""  # a regex the sentence must match (the figure is about 依申请公开)


def _review_groups(words: str) -> tuple[int, ...]:
    groups: tuple[int, ...] = ()
    if "复议" in words:
        groups += (0,)
    if "诉讼" in words:
        groups += (1, 2)
    return groups or (0, 1, 2)


_CORRECTED = r"被纠错|纠错|被纠正|被撤销|被确认违法|败诉"
_REVIEW_ITEM = rf"(?:行政复议|行政诉讼)(?:{_CORRECTED})?"


def _zero_items(words: str) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """What "未发生…" says is zero, item by item: a case count, or only the corrected results.

    A qualifier after the last item covers the items joined to it by a bare conjunction
    ("行政复议、行政诉讼被纠错" — both corrected), not an item with a qualifier of its own.
    """
    found = [(m.group(1), bool(m.group(2))) for m in re.finditer(rf"(行政复议|行政诉讼)({_CORRECTED})?", words)]
    corrected = found[-1][1] if found else False
    items: list[tuple[tuple[int, ...], tuple[str, ...]]] = []
    for word, own in found:
        results = ("结果纠正",) if own or corrected else ("总计",)
        items.append((_review_groups(word), results))
    return items


@lru_cache(maxsize=4)
def _positions(text: str, pattern: str) -> list[int]:
    """Where ``pattern`` starts in ``text``, found once per text so that each match can bisect."""
    return [m.start() for m in re.finditer(pattern, text)]


def _upheld_groups(match: re.Match[str]) -> tuple[int, ...]:
    """The groups a "均获维持" speaks of: the nearest clause before it that names 复议 or 诉讼.

    That clause holds the last 复议/诉讼 between the sentence start and the match; it is
    found by bisection, since scanning back from every match is quadratic in a long sentence.
    """
    text = match.string
    stops = _positions(text, "[。；;]")
    index = bisect.bisect_left(stops, match.start())
    start = stops[index - 1] + 1 if index else 0
    names = _positions(text, "复议|诉讼")
    index = bisect.bisect_right(names, match.end() - 2) - 1
    if index < 0 or names[index] < start:
        return (0, 1, 2)
    commas = _positions(text, "[，,]")
    at = bisect.bisect_left(commas, names[index])
    clause_start = max(start, commas[at - 1] + 1) if at else start
    clause_end = min(match.end(), commas[at]) if at < len(commas) else match.end()
    return _review_groups(text[clause_start:clause_end])


_CLAIMS = (
    # 收到/新收 … 申请 12 件  — vs 一、本年新收 (a 受理 count may include 上年结转: see _note)
    Claim(re.compile(rf"(?P<verb>新收|收到|接到|接收|受理)(?P<gap>{_GAP}{{0,14}}?)申请(?:数量)?(?:为|共计|共|合计|总计|计)?(?P<n>\d+)(?:件|个|份)"),
          lambda r, m: None if re.search("复议|诉讼|信访|建议|提案", m.group("gap")) else applications(r, "new")),
    Claim(re.compile(rf"上年(?:度)?结转(?:{_GAP}{{0,14}}?)?(?:共|共计)?(?P<n>\d+)(?:件|个|份)"),
          lambda r, m: applications(r, "carried")),
    Claim(re.compile(r"结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?(?:共|共计|为)?(?P<n>\d+)(?:件|个|份)"),
          lambda r, m: applications(r, "forward")),
    Claim(re.compile(r"(?:办结|答复)(?:(?:政府信息公开|依申请公开)?申请)?(?:共计|共|计)?(?P<n>\d+)(?:件|个|份)"),
          lambda r, m: applications(r, "total")),
    # 予以公开 5 件 / 予以公开及部分公开 120 件 — vs the category (sum of its rows), or the categories named
    Claim(re.compile(rf"(?P<what>{_CATEGORY.pattern}(?:(?:以及|及|和|与|、){_CATEGORY.pattern})*)(?:的)?(?:申请)?"
                     r"(?:共计|共|为)?(?P<n>\d+)(?:件|个|份)"),
          lambda r, m: categories(r, m.group("what")), context="申请"),
    # 未收到 … 申请 ⇒ 一、本年新收 = 0
    Claim(re.compile(rf"(?:未|没有)(?:收到|接到|接收|受理)(?P<gap>{_GAP}{{0,20}}?)申请"),
          lambda r, m: None if re.search("复议|诉讼|信访|建议|提案", m.group("gap")) else applications(r, "new")),
    # 所有申请均已办理完成 ⇒ 四、结转下年度 = 0
    Claim(re.compile(r"(?:所有|全部)?申请(?:均|全部|都)(?:已|已经)?(?:按时|依法|按期)?(?:办理完成|办理完毕|办结|答复完毕)"),
          lambda r, m: applications(r, "forward")),
    # 未发生/没有 … 行政复议、行政诉讼 ⇒ 第四部分表格总计 = 0; a zero claim covers only what it names:
    # "未发生行政复议被纠错、行政诉讼败诉的情况" ⇒ 结果纠正 = 0, nothing about how many cases there were
    Claim(re.compile(rf"(?:未|没有|无)(?:{_GAP}{{0,20}}?)(?P<what>{_REVIEW_ITEM}(?:[、和及与或]{_REVIEW_ITEM})?)"),
          lambda r, m: review_items(r, _zero_items(m.group("what"))), context="信息公开|申请"),
    # 均获维持 ⇒ 结果纠正 = 尚未审结 = 0
    Claim(re.compile(r"(?:均|全部|都)(?:获|被|予以|得到)?维持"),
          lambda r, m: review(r, _upheld_groups(m), ("结果纠正", "尚未审结")), context="信息公开|申请"),
    # 行政复议 3 件 / 行政诉讼 2 件
    Claim(re.compile(r"(?P<what>行政复议|行政诉讼)(?:案件|申请)?(?:共计|共|为)?(?P<n>\d+)(?:件|起|宗|个)"),
          lambda r, m: review(r, _review_groups(m.group("what"))), context="信息公开|申请"),
    # 规章 / 行政规范性文件 against the table under 二 (2021 layout only)
    Claim(re.compile(rf"(?:新?制发|制定|出台|印发)(?:了)?(?:{_GAP}{{0,6}}?)(?P<what>规章|(?:行政)?规范性文件)(?:共计|共)?(?P<n>\d+)(?:件|份|个)"),
          lambda r, m: disclosure(r, _disclosure_row(m), "本年制发件数")),
    Claim(re.compile(r"废止(?:了)?(?P<what>规章|(?:行政)?规范性文件)(?:共计|共)?(?P<n>\d+)(?:件|份|个)"),
          lambda r, m: disclosure(r, _disclosure_row(m), "本年废止件数")),
    Claim(re.compile(r"现行有效(?:的)?(?P<what>规章|(?:行政)?规范性文件)(?:共计|共|为)?(?P<n>\d+)(?:件|份|个)"),
          lambda r, m: disclosure(r, _disclosure_row(m), "现行有效件数")),
)


def _disclosure_row(match: re.Match[str]) -> str:
    return "20.1/rules" if match.group("what") == "规章" else "20.1/normative"


class _Sentences:
    """The sentence (up to 。！？) around an offset; each sentence is searched once per pattern.

    Many claims in one long sentence would otherwise rescan it for every claim.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.stops = _positions(text, "[。！？]")
        self._found: dict[tuple[str, int], bool] = {}

    def search(self, pattern: str, index: int) -> bool:
        at = bisect.bisect_left(self.stops, index)
        start = self.stops[at - 1] + 1 if at else 0
        if (pattern, start) not in self._found:
            end = self.stops[at] if at < len(self.stops) else len(self.text)
            self._found[pattern, start] = re.search(pattern, self.text[start:end]) is not None
        return self._found[pattern, start]


def _includes_carried(report: Report, said: Decimal) -> dict[str, str] | None:
    """When a "收到/受理 N 件" equals 新收 + 上年结转, the two parts (the message explains the likely slip)."""
    new, carried = applications(report, "new"), applications(report, "carried")
    if new and carried and carried.value and said == new.value + carried.value:
        return {"new": fmt(new.value), "carried": fmt(carried.value)}
    return None


@check_type("narrative-table-mismatch")
class NarrativeTableMismatch(Check):
    """N701: a figure in the prose contradicts the table it describes."""

    messages = {
        "category": ("said", "implies", "row", "table"),
        "cell": ("said", "implies", "row", "table"),
        "cell-includes-carried": ("said", "implies", "row", "table", "new", "carried", "verb"),
        "review": ("said", "implies", "cells", "table"),
        "review-sum": ("said", "implies", "cells", "table"),
        "disclosure": ("said", "implies", "row", "column", "table"),
    }
    related_roles = ("table",)

    def run(self, report: Report) -> Iterable[Finding]:
        view = prose(report)
        sentences = _Sentences(view.text)
        seen: set[int] = set()
        for claim in _CLAIMS:
            for match in claim.pattern.finditer(view.text):
                if match.start() in seen:
                    continue
                number = match.groupdict().get("n")
                if number is not None and _NEG.search(view.text[max(0, match.start() - 3):match.start()]):
                    continue
                if claim.context and not sentences.search(claim.context, match.start()):
                    continue
                quantity = claim.quantity(report, match)
                if quantity is None:
                    continue
                said = Decimal(number) if number is not None else Decimal(0)
                if said == quantity.value:
                    continue
                seen.add(match.start())
                at = (match.start("n"), match.end("n")) if number is not None else (match.start(), match.end())
                verb = match.groupdict().get("verb") or ""
                parts = _includes_carried(report, said) if verb else None
                if parts and sentences.search(_CARRIED_INCLUDED.pattern, match.start()):
                    continue  # "共受理22件（含上年结转2件）" says what it counts
                args = {"said": view.text[match.start():match.end()], "implies": fmt(said),
                        "table": fmt(quantity.value), **quantity.names}
                variant = quantity.kind
                if parts:
                    args.update(parts, verb=verb)
                    variant = "cell-includes-carried"
                yield Finding(view.span(*at), args, variant=variant,
                              related=tuple(Pointer(span, "table") for span in quantity.spans))


# ---------------------------------------------------------------- sums inside the prose

# At most 15 digits: a longer run is no count (and int() refuses 4301 digits, float division 310).
_COUNT = re.compile(r"(?<![\d.])(\d{1,15})(条|件|篇|份)(?!\d)")
_CHANNELS = (
    ("微信", re.compile(r"微信公众号|公众号|微信")),
    ("微博", re.compile(r"微博")),
    ("网站", re.compile(r"门户网站|网站")),
    ("报纸", re.compile(r"日报|晚报|报纸|报刊")),
    ("客户端", re.compile(r"客户端|APP|App")),
    ("抖音", re.compile(r"抖音")),
    ("头条", re.compile(r"头条")),
)
_PUBLISH = re.compile(r"发布|公开|推送|刊登|刊发")


def _channels(text: str) -> set[str]:
    return {name for name, pattern in _CHANNELS if pattern.search(text)}


class Sum(NamedTuple):
    total: re.Match[str]
    parts: tuple[re.Match[str], ...]
    offset_total: int
    offsets: tuple[int, ...]


def _pieces(text: str, base: int, ends: str) -> Iterator[tuple[int, str]]:
    """The pieces of ``text`` between the characters of ``ends``, each with its offset (+ ``base``)."""
    start = 0
    for stop in _stops(ends).finditer(text):
        yield base + start, text[start:stop.start()]
        start = stop.end()
    yield base + start, text[start:]


@lru_cache(maxsize=8)
def _stops(ends: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(ends)}]")


def _with_one_count(text: str, pieces: list[tuple[int, str]]) -> list[int]:
    """Indices of the ``pieces`` of ``text`` holding exactly one count, in order.

    One scan of the whole text, not one per piece: a count never spans a separator,
    so the matches inside a piece are the piece's own.
    """
    starts = [base for base, _ in pieces]
    per_piece = Counter(bisect.bisect_right(starts, m.start()) - 1 for m in _COUNT.finditer(text))
    return sorted(index for index, found in per_piece.items() if found == 1)


def narrative_sums(view: Compact) -> Iterator[Sum]:
    """Totals with their parts: "共N条，其中A条、B条…" and per-channel breakdowns."""
    text = view.text
    sentences = list(_pieces(text, 0, "。；;"))
    # 1. "…N条，其中A条、B条…" within one sentence.  The parts end at the next 其中 (which breaks
    # down a part): each count then belongs to one sum and the findings stay linear in the text.
    for base, sentence in sentences:
        if "其中" not in sentence:
            continue
        counts = list(_COUNT.finditer(sentence))
        starts, ends = [m.start() for m in counts], [m.end() for m in counts]
        wheres = list(re.finditer(r"其中[：:]?", sentence))
        for where, following in zip(wheres, [*wheres[1:], None]):
            index = bisect.bisect_right(ends, where.start())
            if not index or where.start() - ends[index - 1] > 1 or \
                    not re.fullmatch(r"[，,：:]?", sentence[ends[index - 1]:where.start()]):
                continue
            stop = following.start() if following else len(sentence)
            parts = counts[bisect.bisect_left(starts, where.end()):bisect.bisect_right(ends, stop)]
            if len(parts) < 2 or re.search(r"等$", sentence[parts[-1].end():parts[-1].end() + 1]):
                continue
            yield Sum(counts[index - 1], tuple(parts), base, tuple(base for _ in parts))
    # 2. a clause naming several channels and one count, its parts given per channel later on:
    # exactly one later clause per channel with one count, that channel alone and a verb.
    clauses = list(_pieces(text, 0, "。；;，,"))
    single = [(index, count) for index in _with_one_count(text, clauses) if (count := _COUNT.search(clauses[index][1]))]
    part_clauses: dict[str, list[int]] = {}  # channel -> indices of such clauses (one pass, not one per total)
    part_counts: dict[int, re.Match[str]] = {}
    for index, count in single:
        part = clauses[index][1]
        part_channels = _channels(part)
        if len(part_channels) == 1 and _PUBLISH.search(part):
            part_clauses.setdefault(next(iter(part_channels)), []).append(index)
            part_counts[index] = count
    for index, count in single:
        base, clause = clauses[index]
        channels = _channels(clause)
        if len(channels) < 2 or not _PUBLISH.search(clause):
            continue
        later = {name: part_clauses.get(name, []) for name in channels}
        after = {name: bisect.bisect_right(found, index) for name, found in later.items()}
        if all(len(later[name]) - after[name] == 1 for name in channels):
            ordered = [later[name][after[name]] for name in sorted(channels)]
            yield Sum(count, tuple(part_counts[i] for i in ordered), base, tuple(clauses[i][0] for i in ordered))
    # 3. "共N条。通过A发布X条，通过B发布Y条。" — a per-channel sentence right after a 共 total.
    for (base, sentence), (next_base, next_sentence) in itertools.pairwise(sentences):
        if "共" not in sentence:
            continue
        totals = [m for m in _COUNT.finditer(sentence) if "共" in sentence[max(0, m.start() - 12):m.start()]]
        if not totals:
            continue
        parts_clauses = list(_pieces(next_sentence, next_base, "，,"))
        if len(parts_clauses) < 2:
            continue
        channel_parts: list[tuple[int, re.Match[str]]] = []  # (offset of its clause, its count)
        for part_base, part in parts_clauses:
            clause_counts = list(_COUNT.finditer(part))
            if len(clause_counts) != 1 or len(_channels(part)) != 1 or not _PUBLISH.search(part):
                break
            channel_parts.append((part_base, clause_counts[0]))
        else:
            if len({name for _, p in parts_clauses for name in _channels(p)}) == len(channel_parts):
                yield Sum(totals[0], tuple(m for _, m in channel_parts), base, tuple(b for b, _ in channel_parts))


def _partial(total: int, parts: int) -> bool:
    """Parts well short of the total are a partial list ("其中政策解读20条、图解10条"), not a slip."""
    return parts < total and total - parts > max(2, total / 10)


@check_type("narrative-sum")
class NarrativeSum(Check):
    """N702: "共N条，其中A条、B条…" (or a per-channel breakdown) whose parts do not add up to N."""

    messages = {"default": ("total", "sum", "parts")}
    related_roles = ("part",)

    def run(self, report: Report) -> Iterable[Finding]:
        for lines in [report.preamble] + [section.lines for section in report.sections]:
            view = prose(report, lines)
            for found in narrative_sums(view):
                total = int(found.total.group(1))
                values = [int(p.group(1)) for p in found.parts]
                if sum(values) == total or _partial(total, sum(values)):
                    continue
                start = found.offset_total + found.total.start()
                yield Finding(
                    view.span(start, found.offset_total + found.total.end()),
                    {"total": total, "sum": sum(values), "parts": "+".join(map(str, values))},
                    related=tuple(Pointer(view.span(b + p.start(), b + p.end()), "part")
                                  for b, p in zip(found.offsets, found.parts)),
                )


# ---------------------------------------------------------------- 信息处理费

_FEE_WORDS = re.compile(r"信息处理费|处理费|收费|收取")
# (?<!\d): try an amount from the start of a digit run only, not from each of its digits.
_FEE_STATED = re.compile(r"未|没有|无|不存在|不涉及|均未|零|(?<!\d)\d+(?:\.\d+)?(?:万)?元")


@check_type("fee-statement-missing")
class FeeStatementMissing(Check):
    """N703: section 六 of a 2021+ report does not say whether 信息处理费 was collected."""

    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        section = report.section(6)
        if section is None:
            return  # S101 reports the missing section
        view = prose(report, section.lines)
        for _, sentence in _pieces(view.text, 0, "。；;"):
            if _FEE_WORDS.search(sentence) and _FEE_STATED.search(sentence):
                return
        yield Finding(section.title_span)


# ---------------------------------------------------------------- percentages

_PERCENT = re.compile(r"占(?:[^。；;，,\d%]{0,10}?)(\d+(?:\.\d+)?)[%％]")


@check_type("percentage-mismatch")
class PercentageMismatch(Check):
    """N704: "共N件 … A件，占X%" where A/N differs from X% beyond the rounding of X."""

    messages = {"default": ("percent", "part", "total", "actual")}
    related_roles = ("total",)

    def run(self, report: Report) -> Iterable[Finding]:
        view = prose(report)
        for base, sentence in _pieces(view.text, 0, "。；;"):
            counts = list(_COUNT.finditer(sentence))
            ends = [m.end() for m in counts]
            # The key word and its gap span at most 16 characters: look no further back.
            totals = [m for m in counts
                      if re.search(r"(?:共|总计|合计|累计|总数)[^，,\d]{0,14}$", sentence[max(0, m.start() - 16):m.start()])]
            if not totals:
                continue
            total = totals[0]
            for match in _PERCENT.finditer(sentence):
                # The count right before the percentage, after the total (bisected: a rescan per match is quadratic).
                index = bisect.bisect_right(ends, match.start())
                before = [counts[index - 1]] if index and counts[index - 1].start() >= total.end() else []
                if not before or match.start() - before[-1].end() > 7 or \
                        not re.fullmatch(r"[，,（(]?[^。；;，,\d]{0,6}", sentence[before[-1].end():match.start()]):
                    continue
                part, whole = int(before[-1].group(1)), int(total.group(1))
                if whole == 0 or before[-1].group(2) != total.group(2):
                    continue
                written = Decimal(match.group(1))
                exponent = written.as_tuple().exponent  # an int: _PERCENT matches only digits, never NaN
                places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
                actual = Decimal(part) * 100 / Decimal(whole)
                if abs(actual - written) > Decimal(1).scaleb(-places):
                    yield Finding(view.span(base + match.start(1), base + match.end()),
                                  {"percent": f"{match.group(1)}%", "part": part, "total": whole,
                                   "actual": f"{actual:.1f}%"},
                                  related=(Pointer(view.span(base + total.start(), base + total.end()), "total"),))
