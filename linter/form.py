"""The national form, as data: everything the linter knows about what a report must look like.

Sections (their numbering, the format document's titles, the 条例's own wording, the
words that recognize a heading), the three statutory tables and their names, the two
table layouts (国办公开办函〔2019〕60号 for 2019–2020, 〔2021〕30号 from 2021) with row
and column labels, signed and decimal columns, and Chinese numerals.  The grammar, the
structure and table readers, the checks, ``nianbao-lint tables`` and the templates are
all built from this module; nothing else spells these labels out.

Row keys are stable identifiers used by the checks and by ``nianbao-lint tables``;
``match`` is the regular expression (over the normalized label) that recognizes the
row however it was broken or spaced in the draft.
"""

import re
from enum import Enum
from functools import cache
from typing import NamedTuple


class LayoutName(str, Enum):
    """The two table layouts of the national form."""

    V2019 = "2019"
    V2021 = "2021"

    def __str__(self) -> str:
        return self.value


class TableKind(str, Enum):
    """The three statutory tables, by the section they belong to."""

    DISCLOSURE = "disclosure"  # 表二, under 二、主动公开政府信息情况
    APPLICATIONS = "applications"  # 表三, under 三、收到和处理政府信息公开申请情况
    REVIEW = "review"  # 表四, under 四、政府信息公开行政复议、行政诉讼情况

    def __str__(self) -> str:
        return self.value


# --- numerals ---------------------------------------------------------------------------------

NUMERALS = "一二三四五六七八九十"
_DIGITS = {"〇": 0, "○": 0, "零": 0, **{ch: i for i, ch in enumerate(NUMERALS[:9], 1)}}


def cn_number(text: str) -> int | None:
    """一 → 1 … 十 → 10, 十七 → 17, 三十一 → 31, 二〇二四 → 2024 (digit by digit), "12" → 12; None otherwise."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1 or (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
            return None
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    return _DIGITS.get(text) if len(text) == 1 and text not in "〇○零" else None


def numeral(number: int) -> str:
    """0 → 零, 1 → 一 … 10 → 十, 17 → 十七, 31 → 三十一 (section, item and list numbering); else digits."""
    if not 0 <= number < 100:
        return str(number)
    digits = "零" + NUMERALS[:9]
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# --- sections ---------------------------------------------------------------------------------

class SectionDef(NamedTuple):
    key: int  # 1..6, also the number it must carry
    title: str  # the format document's wording
    heading_words: str  # regex: words early in a line that make it a statutory heading (the grammar)
    key_words: str  # regex: words that tell which section a heading is
    statutory: tuple[str, ...] = ()  # the 条例's own wording (art. 50): standard too, never a variant
    variants: tuple[str, ...] = ()  # wordings seen in real reports: a heading all the same, S103 warns

    @property
    def numeral(self) -> str:
        return numeral(self.key)

    @property
    def standard_titles(self) -> tuple[str, ...]:
        return (self.title, *self.statutory)

    @property
    def known_titles(self) -> tuple[str, ...]:
        """Every wording that is certainly this section's heading, standard or not."""
        return (*self.standard_titles, *self.variants)


SECTIONS = (
    SectionDef(1, "总体情况", r"总体情况", r"总体情况"),
    SectionDef(2, "主动公开政府信息情况", r"主动公开", r"主动公开"),
    SectionDef(3, "收到和处理政府信息公开申请情况", r"收到和处理", r"收到和处理|处理政府信息公开申请"),
    SectionDef(4, "政府信息公开行政复议、行政诉讼情况", r"复议|诉讼", r"复议|诉讼",
               statutory=("因政府信息公开申请提起行政复议、行政诉讼情况",
                          "因政府信息公开工作被申请行政复议、提起行政诉讼情况")),
    SectionDef(5, "存在的主要问题及改进情况", r"存在[^\t\n]{0,8}问题|改进情况|整改", r"问题|改进|整改",
               statutory=("政府信息公开工作存在的主要问题及改进情况",),
               variants=("存在问题及改进情况", "存在的问题及改进情况", "存在的主要问题及整改措施")),
    SectionDef(6, "其他需要报告的事项", r"其他需要报告|其他事项", r"其他需要报告|其他事项"),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
# Which section a heading is, tried in this order: 复议 before 主动公开 because a misplaced
# heading may mention both; 其他 last because it is the weakest key.
SECTION_MATCH_ORDER = (1, 3, 4, 2, 5, 6)


# --- tables -----------------------------------------------------------------------------------

class TableDef(NamedTuple):
    kind: TableKind
    name: str  # how the messages name it
    short: str  # how an address names it: 表二
    section: int  # the section it belongs under


TABLES = {
    TableKind.DISCLOSURE: TableDef(TableKind.DISCLOSURE, "二、主动公开政府信息情况表", "表二", 2),
    TableKind.APPLICATIONS: TableDef(TableKind.APPLICATIONS, "三、收到和处理政府信息公开申请情况表", "表三", 3),
    TableKind.REVIEW: TableDef(TableKind.REVIEW, "四、政府信息公开行政复议、行政诉讼情况表", "表四", 4),
}
TABLE_BY_SECTION = {table.section: kind for kind, table in TABLES.items()}


class RowDef(NamedTuple):
    key: str
    label: str
    match: str  # regex over the normalized label text
    group: str | None = None  # outcome category the row belongs to (table 三)

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.match)


@cache  # row patterns are searched for every line of a table: each is compiled once
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class BlockDef(NamedTuple):
    """One block of the table under 二, headed by 第二十条第（X）项."""

    key: str  # "20.1", "20.5" …
    item: str  # the 条例 item numeral: 一, 五, 六, 八, 九
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # (row key, canonical label)
    signed: tuple[str, ...] = ()  # columns that may be negative (本年增/减)
    decimal: tuple[str, ...] = ()  # columns that hold amounts, not counts
    aliases: tuple[tuple[str, str], ...] = ()  # (row key, other wording of the row): the row, worded wrong (T206)


class Layout(NamedTuple):
    name: LayoutName
    title: str  # how the messages name it
    document: str  # the format document's title, as a report cites it
    disclosure: tuple[BlockDef, ...]
    application_rows: tuple[RowDef, ...]
    markers: tuple[str, ...] = ()  # labels found only in this layout


APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPLICANT_PARTS = APPLICANT_COLUMNS[:-1]

REVIEW_GROUPS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_COLUMNS = tuple(f"{group}·{result}" for group in REVIEW_GROUPS for result in REVIEW_RESULTS)

OUTCOME_GROUPS = {
    "open": "（一）予以公开",
    "partial": "（二）部分公开",
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "declined": "（五）不予处理",
    "other": "（六）其他处理",
}

_COMMON_HEAD = (
    RowDef("new", "一、本年新收政府信息公开申请数量", r"本年新收"),
    RowDef("carried", "二、上年结转政府信息公开申请数量", r"上年结转"),
    RowDef("open", "（一）予以公开", r"予以公开", "open"),
    RowDef("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", r"部分公开", "partial"),
    RowDef("withheld.1", "（三）不予公开·1.属于国家秘密", r"国家秘密", "withheld"),
    RowDef("withheld.2", "（三）不予公开·2.其他法律行政法规禁止公开", r"法律行政法规禁止", "withheld"),
    RowDef("withheld.3", "（三）不予公开·3.危及“三安全一稳定”", r"三安全一稳定", "withheld"),
    RowDef("withheld.4", "（三）不予公开·4.保护第三方合法权益", r"第三方合法权益", "withheld"),
    RowDef("withheld.5", "（三）不予公开·5.属于三类内部事务信息", r"三类内部事务", "withheld"),
    RowDef("withheld.6", "（三）不予公开·6.属于四类过程性信息", r"四类过程性", "withheld"),
    RowDef("withheld.7", "（三）不予公开·7.属于行政执法案卷", r"行政执法案卷", "withheld"),
    RowDef("withheld.8", "（三）不予公开·8.属于行政查询事项", r"行政查询事项", "withheld"),
    RowDef("unable.1", "（四）无法提供·1.本机关不掌握相关政府信息", r"不掌握", "unable"),
    RowDef("unable.2", "（四）无法提供·2.没有现成信息需要另行制作", r"另行制作", "unable"),
    RowDef("unable.3", "（四）无法提供·3.补正后申请内容仍不明确", r"补正后", "unable"),
    RowDef("declined.1", "（五）不予处理·1.信访举报投诉类申请", r"信访", "declined"),
    RowDef("declined.2", "（五）不予处理·2.重复申请", r"重复申请", "declined"),
    RowDef("declined.3", "（五）不予处理·3.要求提供公开出版物", r"公开出版物", "declined"),
    RowDef("declined.4", "（五）不予处理·4.无正当理由大量反复申请", r"大量反复", "declined"),
    RowDef("declined.5", "（五）不予处理·5.要求行政机关确认或重新出具已获取信息", r"确认或重新出具", "declined"),
)
_COMMON_TAIL = (
    RowDef("total", "（七）总计", r"七\)?、?总计"),
    RowDef("forward", "四、结转下年度继续办理", r"结转下年度"),
)

LAYOUT_2021 = Layout(
    name=LayoutName.V2021,
    title="2021年格式（国办公开办函〔2021〕30号）",
    document="《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
    disclosure=(
        BlockDef("20.1", "一", ("本年制发件数", "本年废止件数", "现行有效件数"),
                 (("rules", "规章"), ("normative", "行政规范性文件")),
                 aliases=(("normative", "规范性文件"),)),  # the 2019 format's word for the row
        BlockDef("20.5", "五", ("本年处理决定数量",), (("licensing", "行政许可"),)),
        BlockDef("20.6", "六", ("本年处理决定数量",), (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        BlockDef("20.8", "八", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),),
                 decimal=("本年收费金额（单位：万元）",)),
    ),
    application_rows=_COMMON_HEAD + (
        RowDef("other.1", "（六）其他处理·1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               r"逾期不补正", "other"),
        RowDef("other.2", "（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
               r"缴纳费用", "other"),
        RowDef("other.3", "（六）其他处理·3.其他", r"^3\.?其他$|^其他$|\)3\.?其他$", "other"),
    ) + _COMMON_TAIL,
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
)

LAYOUT_2019 = Layout(
    name=LayoutName.V2019,
    title="2019年试行格式（国办公开办函〔2019〕60号）",
    document="《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式（试行）〉的通知》",
    disclosure=(
        BlockDef("20.1", "一", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
                 (("rules", "规章"), ("normative", "规范性文件"))),
        BlockDef("20.5", "五", ("上一年项目数量", "本年增/减", "处理决定数量"),
                 (("licensing", "行政许可"), ("other-services", "其他对外管理服务事项")), signed=("本年增/减",)),
        BlockDef("20.6", "六", ("上一年项目数量", "本年增/减", "处理决定数量"),
                 (("penalty", "行政处罚"), ("enforcement", "行政强制")), signed=("本年增/减",)),
        BlockDef("20.8", "八", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),), signed=("本年增/减",)),
        BlockDef("20.9", "九", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),),
                 decimal=("采购总金额",)),
    ),
    application_rows=_COMMON_HEAD + (RowDef("other", "（六）其他处理", r"其他处理", "other"),) + _COMMON_TAIL,
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "第二十条第(九)项", "政府集中采购", "其他对外管理服务事项"),
)

LAYOUTS = {LayoutName.V2021: LAYOUT_2021, LayoutName.V2019: LAYOUT_2019}


def column_kind(layout: Layout, row_key: str, column: str) -> str:
    """"signed", "decimal" or "count" for a cell of the table under 二 (others hold counts)."""
    block_key = row_key.partition("/")[0]
    for block in layout.disclosure:
        if block.key == block_key:
            if column in block.signed:
                return "signed"
            if column in block.decimal:
                return "decimal"
    return "count"

