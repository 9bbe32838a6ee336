"""The canonical tables of the two national formats (SPEC.md §3–4), as data.

Row keys are stable identifiers used by the checks and by ``nianbao-lint
tables``; ``match`` is the regular expression (over the normalized label) that
recognizes the row however it was broken or spaced in the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowDef:
    key: str
    label: str
    match: str  # regex over the normalized label text
    group: str | None = None  # outcome category the row belongs to (table 三)

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.match)


@dataclass(frozen=True)
class BlockDef:
    """One block of the table under 二, headed by 第二十条第（X）项."""

    key: str  # "20.1", "20.5" …
    item: str  # the 条例 item numeral: 一, 五, 六, 八, 九
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # (row key, canonical label)
    signed: tuple[str, ...] = ()  # columns that may be negative (本年增/减)
    decimal: tuple[str, ...] = ()  # columns that hold amounts, not counts


@dataclass(frozen=True)
class Layout:
    name: str
    disclosure: tuple[BlockDef, ...]
    application_rows: tuple[RowDef, ...]
    markers: tuple[str, ...] = field(default=())  # labels found only in this layout


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
    name="2021",
    disclosure=(
        BlockDef("20.1", "一", ("本年制发件数", "本年废止件数", "现行有效件数"),
                 (("rules", "规章"), ("normative", "行政规范性文件"))),
        BlockDef("20.5", "五", ("本年处理决定数量",), (("licensing", "行政许可"),)),
        BlockDef("20.6", "六", ("本年处理决定数量",), (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        BlockDef("20.8", "八", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),),
                 decimal=("本年收费金额（单位：万元）",)),
    ),
    application_rows=_COMMON_HEAD + (
        RowDef("other.1", "（六）其他处理·1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", r"逾期不补正", "other"),
        RowDef("other.2", "（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", r"缴纳费用", "other"),
        RowDef("other.3", "（六）其他处理·3.其他", r"^3\.?其他$|^其他$|\)3\.?其他$", "other"),
    ) + _COMMON_TAIL,
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
)

LAYOUT_2019 = Layout(
    name="2019",
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

LAYOUTS = {"2021": LAYOUT_2021, "2019": LAYOUT_2019}

