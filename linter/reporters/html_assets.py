"""The style sheet and the few lines of script every HTML page embeds.

Kept as Python strings so that they ship inside the package with no data-file
configuration, and so that the page's Content-Security-Policy can name them by
hash: only these exact bytes may run or style the page, whatever a report's text
contains.  No external font, style sheet or script is ever referenced (the page
must work offline and as an e-mail attachment).
"""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root { --err: #b3261e; --err-bg: #fde7e5; --warn: #8a5a00; --warn-bg: #fff3d6; --info: #0b5c8a;
        --info-bg: #e2f1fb; --ok: #1e7a34; --line: #c9ced6; --muted: #5f6670; --blank-bg: #eef0f3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 16px 20px 40px; color: #1d2025; background: #fff;
       font: 15px/1.6 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
       "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
a { color: #0b57a8; }
.muted { color: var(--muted); }
.meta { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 4px 0 8px; color: var(--muted); }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.count { padding: 2px 10px; border-radius: 12px; font-weight: 600; }
.count.error, .badge.error { background: var(--err-bg); color: var(--err); }
.count.warning, .badge.warning { background: var(--warn-bg); color: var(--warn); }
.count.info, .badge.info { background: var(--info-bg); color: var(--info); }
.count.clean { background: #e3f4e7; color: var(--ok); }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 13px; font-weight: 600; }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 10px 0; }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 4px;
             padding: 8px 12px; margin: 8px 0; break-inside: avoid; }
li.finding.error { border-left-color: var(--err); }
li.finding.warning { border-left-color: var(--warn); }
li.finding.info { border-left-color: var(--info); }
.finding .head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.finding .code { font-weight: 700; font-family: ui-monospace, Consolas, monospace; }
.finding .where { color: var(--muted); font-size: 13px; }
.finding .message { margin: 2px 0; }
pre.excerpt { margin: 6px 0; padding: 6px 8px; background: #f6f7f9; border-radius: 4px; white-space: pre-wrap;
              word-break: break-all; font: 13px/1.5 ui-monospace, "Noto Sans Mono CJK SC", Consolas, monospace; }
pre.excerpt mark { background: #ffd2cc; color: inherit; border-bottom: 2px solid var(--err); }
pre.excerpt .lineno { color: var(--muted); user-select: none; }
.related, .fix { font-size: 13px; margin: 2px 0; }
details.doc { margin-top: 4px; font-size: 13px; }
details.doc summary { cursor: pointer; color: #0b57a8; }
details.doc pre { white-space: pre-wrap; margin: 4px 0 0; font: inherit; }
table.grid { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; width: 100%; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: middle; }
table.grid th { background: #f0f2f5; font-weight: 600; }
table.grid td.label { text-align: left; }
table.grid td.label.sub { padding-left: 22px; }
table.grid tr.group td { background: #f8f9fb; font-weight: 600; }
table.grid tr { break-inside: avoid; }
td.cell { text-align: right; font-variant-numeric: tabular-nums; min-width: 3.2em; }
td.cell.blank { background: repeating-linear-gradient(45deg, var(--blank-bg), var(--blank-bg) 4px, #fff 4px, #fff 8px);
                color: var(--muted); font-style: italic; text-align: center; }
td.cell.placeholder, td.cell.text { color: var(--warn); text-align: center; }
td.flagged, td.label.flagged { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; }
td.flagged.warning { background: var(--warn-bg); outline-color: var(--warn); }
td.related { background: #fff7e0; }
td.cell .written { text-decoration: line-through; }
td.cell .expected { display: block; color: var(--err); font-weight: 700; white-space: nowrap; }
tr.missing td { color: var(--err); font-style: italic; }
.notice { padding: 6px 10px; border-radius: 4px; background: var(--warn-bg); margin: 6px 0; }
.notice.error { background: var(--err-bg); }
ul.outline { list-style: none; padding: 0; margin: 0; }
ul.outline li { padding: 2px 0; }
.mark-ok { color: var(--ok); font-weight: 700; }
.mark-bad { color: var(--err); font-weight: 700; }
table.index { border-collapse: collapse; width: 100%; font-size: 14px; }
table.index th, table.index td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; }
table.index td.num, table.index th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.index th[data-sort] { cursor: pointer; user-select: none; }
table.index th[aria-sort="ascending"]::after { content: " ▲"; }
table.index th[aria-sort="descending"]::after { content: " ▼"; }
table.index tfoot td { font-weight: 700; border-top: 2px solid var(--line); }
.legend { font-size: 13px; color: var(--muted); }
.legend span.sample { display: inline-block; width: 2.4em; height: 1.1em; vertical-align: middle;
                      border: 1px solid var(--line); margin: 0 4px 0 10px; }
.legend span.sample.flagged { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; }
.legend span.sample.blank {
  background: repeating-linear-gradient(45deg, var(--blank-bg), var(--blank-bg) 4px, #fff 4px, #fff 8px);
}
[hidden] { display: none !important; }
label.drop { display: block; margin: 14px 0; padding: 48px 20px; border: 2px dashed #8d96a3; border-radius: 8px;
             text-align: center; background: #fafbfc; cursor: pointer; }
label.drop.over { background: #e8f1fc; border-color: #0b57a8; }
label.drop input { margin-top: 10px; }
button { font: inherit; padding: 4px 16px; }
footer { margin-top: 30px; font-size: 12px; color: var(--muted); }
.report + .report { border-top: 3px double var(--line); margin-top: 36px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .toolbar, .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
  table.grid { font-size: 8.5pt; }
  h2 { break-after: avoid; }
  .report + .report { break-before: page; border: 0; }
  td.flagged { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td.cell.blank, .count, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# Sorting of [data-sortable] tables, filtering by code, and every <details> opened for
# printing (closed ones would print without their content).  Works on any page; does
# nothing where the elements are absent.
SCRIPT = """
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-value');
    if (v === null) v = cell.textContent.trim();
    return v !== '' && !isNaN(v) ? Number(v) : v;
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, index) {
      th.addEventListener('click', function () {
        var down = th.getAttribute('aria-sort') === 'ascending';
        table.querySelectorAll('th[data-sort]').forEach(function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          var c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === 'number' ? -1 : 1);
          return down ? -c : c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var filter = document.getElementById('code-filter');
  if (filter) filter.addEventListener('change', function () {
    var code = filter.value;
    document.querySelectorAll('[data-filter-codes]').forEach(function (el) {
      el.hidden = code !== '' && (' ' + el.getAttribute('data-filter-codes') + ' ').indexOf(' ' + code + ' ') < 0;
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
"""


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: tuple[str, ...] = (SCRIPT,), styles: tuple[str, ...] = (STYLE,),
                            form_action: str = "'none'") -> str:
    """Nothing loads from anywhere; only the page's own inline script and style apply."""
    script_src = " ".join(csp_hash(s) for s in scripts) or "'none'"
    style_src = " ".join(csp_hash(s) for s in styles)
    return (f"default-src 'none'; script-src {script_src}; style-src {style_src}; img-src data:; "
            f"form-action {form_action}; base-uri 'none'")
