"""A page's characters and ruling edges turned into text lines and ruled tables.

The rules are pdfplumber's (``extract_text_lines``, ``find_tables`` with its default
"lines" strategy, ``Table.extract``, ``dedupe_chars``), which the reader used before it
moved to pdfium, restated over plain tuples with the same tolerances so that the same
page gives the same lines and cells; only the running time differs.  Where pdfplumber
compares every pair (characters when de-duplicating, edges when intersecting, points
when closing cells, cells when grouping tables) this sorts, bisects or unions instead,
and what is left of super-linear work (a pathological mesh of lines) is counted against
a budget and refused.

A character is ``(text, x0, top, x1, bottom, upright, size, fontname)`` in top-down
page coordinates; an edge is ``(orientation, x0, top, x1, bottom)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from linter.readers import ReadError
from linter.readers.common import Deadline

TEXT, X0, TOP, X1, BOTTOM, UPRIGHT, SIZE, FONT = range(8)
TOLERANCE = 3.0  # pdfplumber's x/y tolerance for words and lines, snap/join/intersection tolerance for tables
MAX_INTERSECTIONS = 100_000
MAX_CELL_STEPS = 2_000_000
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

Char = tuple
Edge = tuple


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


# --- clustering (pdfplumber.utils.clustering) ---------------------------------------------------

def _cluster_index(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each distinct value's cluster: sorted values chained while each is within tolerance of the last."""
    ordered = sorted(set(values))
    index: dict[float, int] = {}
    cluster, last = -1, None
    for value in ordered:
        if last is None or tolerance == 0 or value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    return index


def cluster(items: list, key: Callable, tolerance: float, preserve_order: bool = False) -> list[list]:
    index = _cluster_index(map(key, items), tolerance)
    tagged = [(item, index[key(item)]) for item in items]
    if not preserve_order:
        tagged.sort(key=itemgetter(1))
    return [[item for item, _ in group] for _, group in groupby(tagged, key=itemgetter(1))]


# --- characters ----------------------------------------------------------------------------------

def dedupe(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop glyphs printed twice at (nearly) the same place in the same font and size (a fake bold).

    pdfplumber's rule — among glyphs of one text, font and size whose tops chain within the
    tolerance and then whose lefts do, keep the top-most, left-most, first — in one sort."""
    numbered = sorted(((c[UPRIGHT], c[TEXT], c[FONT], c[SIZE], c[TOP], i, c) for i, c in enumerate(chars)),
                      key=itemgetter(0, 1, 2, 3, 4))
    keep: list[tuple[int, Char]] = []
    band: list[tuple] = []
    for entry in numbered:
        if band and (entry[:4] != band[-1][:4] or entry[4] > band[-1][4] + tolerance):
            keep += _distinct_in_band(band, tolerance)
            band = []
        band.append(entry)
    if band:
        keep += _distinct_in_band(band, tolerance)
    keep.sort(key=itemgetter(0))
    return [char for _, char in keep]


def _distinct_in_band(band: list[tuple], tolerance: float) -> list[tuple[int, Char]]:
    """One glyph per run of lefts chaining within the tolerance: the top-most, left-most, first."""
    if len(band) == 1:
        return [(band[0][5], band[0][6])]
    out = []
    for spot in cluster(band, lambda e: e[6][X0], tolerance):
        best = min(spot, key=lambda e: (e[6][TOP], e[6][X0], e[5]))
        out.append((best[5], best[6]))
    return out


def _words(chars: list[Char]) -> Iterator[tuple[str, float, float, float, float]]:
    """pdfplumber's words: runs of upright (or rotated) characters, cut into lines, then at gaps and spaces."""
    for upright, group in groupby(chars, key=itemgetter(UPRIGHT)):
        run = list(group)
        if upright:
            lines = cluster(run, itemgetter(TOP), TOLERANCE)
            order, along, start, end, across = (lambda c: (c[X0], c[X0])), X0, X0, X1, TOP
        else:
            lines = cluster(run, itemgetter(X0), TOLERANCE)
            order, along, start, end, across = (lambda c: (c[TOP], c[BOTTOM])), TOP, TOP, BOTTOM, X0
        for line in lines:
            word: list[Char] = []
            for char in sorted(line, key=order):
                if char[TEXT].isspace():
                    if word:
                        yield _merge(word)
                    word = []
                elif word and (char[along] < word[-1][start] or char[along] > word[-1][end] + TOLERANCE
                               or abs(char[across] - word[-1][across]) > TOLERANCE):
                    yield _merge(word)
                    word = [char]
                else:
                    word.append(char)
            if word:
                yield _merge(word)


def _merge(chars: list[Char]) -> tuple[str, float, float, float, float]:
    return ("".join(LIGATURES.get(c[TEXT], c[TEXT]) for c in chars), min(c[X0] for c in chars),
            min(c[TOP] for c in chars), max(c[X1] for c in chars), max(c[BOTTOM] for c in chars))


def text_lines(chars: list[Char]) -> list[Line]:
    """The page's text lines: words clustered by their top, in the order they were read."""
    lines = []
    for words in cluster(list(_words(chars)), itemgetter(2), TOLERANCE, preserve_order=True):  # by word top
        lines.append(Line(" ".join(w[0] for w in words), min(w[1] for w in words), min(w[2] for w in words),
                          max(w[3] for w in words), max(w[4] for w in words)))
    return lines


def cell_text(chars: list[Char]) -> str:
    if not chars:
        return ""
    lines = cluster(list(_words(chars)), itemgetter(2), TOLERANCE)
    return "\n".join(" ".join(w[0] for w in line) for line in lines)


# --- ruled tables --------------------------------------------------------------------------------

@dataclass
class Table:
    cells: list[tuple[float, float, float, float]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(c[0] for c in self.cells), min(c[1] for c in self.cells),
                max(c[2] for c in self.cells), max(c[3] for c in self.cells))

    def rows(self) -> list[list[tuple[float, float, float, float] | None]]:
        xs = sorted({c[0] for c in self.cells})
        out = []
        for _, row in groupby(sorted(self.cells, key=itemgetter(1, 0)), key=itemgetter(1)):
            at = {cell[0]: cell for cell in row}
            out.append([at.get(x) for x in xs])
        return out

    def extract(self, chars: CharIndex) -> list[list[str | None]]:
        grid = []
        for row in self.rows():
            present = [c for c in row if c is not None]
            picked = chars.inside((min(c[0] for c in present), min(c[1] for c in present),
                                   max(c[2] for c in present), max(c[3] for c in present)))
            grid.append([None if cell is None else cell_text(
                [c for v_mid, h_mid, _, c in picked
                 if cell[0] <= h_mid < cell[2] and cell[1] <= v_mid < cell[3]]) for cell in row])
        return grid


class CharIndex:
    """The page's characters sorted by their vertical centre, to pick a table row's in a bisect.

    A character belongs to a cell when its centre does, left and top edges included (pdfplumber)."""

    def __init__(self, chars: list[Char]) -> None:
        self.entries = sorted((((c[TOP] + c[BOTTOM]) / 2, (c[X0] + c[X1]) / 2, i, c) for i, c in enumerate(chars)),
                              key=itemgetter(0, 2))
        self.mids = [e[0] for e in self.entries]

    def inside(self, box: tuple[float, float, float, float]) -> list[tuple]:
        """(v_mid, h_mid, index, char) of the characters centred in the box, in reading order."""
        x0, top, x1, bottom = box
        lo = bisect.bisect_left(self.mids, top)
        hi = bisect.bisect_left(self.mids, bottom)
        picked = [e for e in self.entries[lo:hi] if x0 <= e[1] < x1 and top <= e[0] < bottom]
        picked.sort(key=itemgetter(2))
        return picked


def find_tables(edges: list[Edge], deadline: Deadline) -> list[Table]:
    """Tables drawn with ruling lines: merged edges, their crossings, the smallest cells, connected groups."""
    v = [list(e) for e in edges if e[0] == "v" and e[4] - e[2] >= 1]
    h = [list(e) for e in edges if e[0] == "h" and e[3] - e[1] >= 1]
    if not v or not h:
        return []
    v, h = _snap(v, 1), _snap(h, 2)
    v = [e for e in _join(v, 1, 2, 4) if e[4] - e[2] >= TOLERANCE]
    h = [e for e in _join(h, 2, 1, 3) if e[3] - e[1] >= TOLERANCE]
    crossings = _intersections(v, h, deadline)
    cells = _cells(crossings, deadline)
    return [Table(group) for group in _groups(cells)]


def _snap(edges: list[list], at: int) -> list[list]:
    """Edges within the tolerance of each other (on x for vertical, top for horizontal) moved to their mean."""
    out = []
    for group in cluster(edges, itemgetter(at), TOLERANCE):
        mean = sum(e[at] for e in group) / len(group)
        for e in group:
            shift = mean - e[at]  # pdfplumber moves both ends by the same shift
            moved = list(e)
            moved[at] += shift
            moved[at + 2] += shift
            out.append(moved)
    return out


def _join(edges: list[list], at: int, start: int, end: int) -> list[list]:
    """Collinear edges whose gap is within the tolerance, joined into one."""
    out = []
    edges = sorted(edges, key=itemgetter(at))
    for _, line in groupby(edges, key=itemgetter(at)):
        joined: list[list] = []
        for e in sorted(line, key=itemgetter(start)):
            if joined and e[start] <= joined[-1][end] + TOLERANCE:
                if e[end] > joined[-1][end]:
                    joined[-1] = [*joined[-1][:end], e[end], *joined[-1][end + 1:]]
            else:
                joined.append(e)
        out += joined
    return out


def _intersections(v: list[list], h: list[list], deadline: Deadline) -> dict[tuple[float, float], tuple[set, set]]:
    crossings: dict[tuple[float, float], tuple[set, set]] = {}
    h_sorted = sorted(range(len(h)), key=lambda i: (h[i][2], h[i][1]))
    tops = [h[i][2] for i in h_sorted]
    for vi in sorted(range(len(v)), key=lambda i: (v[i][1], v[i][2])):
        _, x, top, _, bottom = v[vi]
        deadline.check()
        # a hair wider than the test below, which is pdfplumber's own float expression
        lo = bisect.bisect_left(tops, top - TOLERANCE - 1e-6)
        hi = bisect.bisect_right(tops, bottom + TOLERANCE + 1e-6)
        for hi_index in h_sorted[lo:hi]:
            edge = h[hi_index]
            if top <= edge[2] + TOLERANCE and bottom >= edge[2] - TOLERANCE and \
                    edge[1] - TOLERANCE <= x <= edge[3] + TOLERANCE:
                vertical, horizontal = crossings.setdefault((x, edge[2]), (set(), set()))
                vertical.add(vi)
                horizontal.add(hi_index)
        if len(crossings) > MAX_INTERSECTIONS:
            raise ReadError(f"PDF 页面上的表格线过多（超过 {MAX_INTERSECTIONS} 个交点），拒绝读取")
    return crossings


def _cells(crossings: dict, deadline: Deadline) -> list[tuple[float, float, float, float]]:
    """For each crossing, the smallest cell whose four sides are ruled, as pdfplumber finds it.

    Points on one vertical that share an edge with a point are a run right below it (an edge
    covering a farther point covers the nearer ones), so the scans stop at the first gap."""
    points = sorted(crossings)
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    for point in points:
        columns.setdefault(point[0], []).append(point)
    for point in sorted(points, key=lambda p: (p[1], p[0])):
        rows.setdefault(point[1], []).append(point)
    position = {p: i for column in columns.values() for i, p in enumerate(column)}
    across = {p: i for row in rows.values() for i, p in enumerate(row)}

    def shares_v(p: tuple, q: tuple) -> bool:
        return not crossings[p][0].isdisjoint(crossings[q][0])

    def shares_h(p: tuple, q: tuple) -> bool:
        return not crossings[p][1].isdisjoint(crossings[q][1])

    steps = 0
    cells = []
    for point in points:
        below = columns[point[0]][position[point] + 1:]
        right = rows[point[1]][across[point] + 1:]
        found = None
        for lower in below:
            if not shares_v(point, lower):
                break
            for other in right:
                steps += 1
                if not shares_h(point, other):
                    break
                corner = (other[0], lower[1])
                if corner in crossings and shares_v(corner, other) and shares_h(corner, lower):
                    found = (point[0], point[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
        if steps > MAX_CELL_STEPS:
            raise ReadError("PDF 页面上的表格线过于复杂，无法识别表格，拒绝读取")
        if len(cells) % 256 == 0:
            deadline.check()
    return cells


def _groups(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells that touch at a corner, transitively, form one table; single cells are not tables."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables
