"""Contact details for questions about the report (SPEC.md §2, preamble practice).

Contact details may sit in the preamble or at the end, and PDF extractions
break "电话：" and the number across lines, so the search runs over the
compact prose (table rows left out).  Digits inside a URL are never a phone
number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import NamedTuple

from linter.checks import Check, Finding, check_type
from linter.checks.text_search import Compact, prose
from linter.diagnostics import Span
from linter.parsing.model import Report

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DASH = "-—–－~"
_D = r"\-—–－~"  # the same, for use inside a character class
_LANDLINE = re.compile(rf"0\d{{2,3}}[{_D}]?\d{{7,8}}(?:[{_D}转]\d{{1,5}})?")
_LANDLINE_PAREN = re.compile(r"[（(]0\d{2,3}[）)]\d{7,8}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(rf"(?:[48]00[{_D}]?\d{{3}}[{_D}]?\d{{4}}|12345|123\d\d)")
# A phone written anywhere with a dash after an area code; labelled numbers are checked separately.
_FREE_LANDLINE = re.compile(rf"(?<![\dA-Za-z])0\d{{2,3}}[{_D}]\d{{7,8}}(?!\d)")
_PHONE_LABEL = re.compile(rf"(?:联系电话|咨询电话|办公电话|电话号码|电话|传真|手机)(?:号码)?[:：]([\d{_D}()（）转]+)")
_POSTCODE_LABEL = re.compile(r"(?:邮政编码|邮编)[:：](\d+)")
_EMAIL_LABEL = re.compile(r"(?:电子邮箱|电子信箱|电子邮件|邮箱|[Ee]-?mail)[:：]([^；;，,。）)、]+)")
_ADDRESS_LABEL = re.compile(r"(?:通讯地址|联系地址|办公地址|地址|地点)[:：]")


def _trim(number: str) -> str:
    """A labelled number without a closing bracket or dash that belongs to the sentence."""
    opened = any(c in number for c in "(（")  # trimming never removes an opening bracket
    end = len(number)  # cut once: a copy per trimmed character is quadratic
    while end and (number[end - 1] in _DASH or (number[end - 1] in ")）" and not opened)):
        end -= 1
    return number[:end]


def _valid_phone(number: str) -> bool:
    return any(p.fullmatch(number) for p in (_LANDLINE, _LANDLINE_PAREN, _MOBILE, _SERVICE))


class Contact(NamedTuple):
    phones: list[tuple[int, int]]
    emails: list[tuple[int, int]]
    addresses: list[tuple[int, int]]


def _outside(ranges: list[tuple[int, int]], start: int) -> bool:
    """``ranges`` are sorted and disjoint (matches of one pattern): only the last one starting at or before counts."""
    index = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    return index < 0 or start >= ranges[index][1]


def _emails(text: str) -> list[tuple[int, int]]:
    """The spans ``_EMAIL.finditer`` finds, in linear time: each try starts from an "@".

    The regex itself retries from every letter of a long word and is quadratic.
    """
    found: list[tuple[int, int]] = []
    pos = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > pos and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1) if start < at else None
        if domain:
            found.append((start, domain.end()))
            pos = domain.end()
        at = text.find("@", max(at + 1, pos))
    return found


def find_contact(view: Compact) -> Contact:
    text = view.text
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    emails = _emails(text)
    phones = [(m.start(1), m.end(1)) for m in _PHONE_LABEL.finditer(text)
              if _outside(urls, m.start(1)) and _outside(emails, m.start(1))]
    labelled = set(phones)
    phones += [(m.start(), m.end()) for m in _FREE_LANDLINE.finditer(text)
               if _outside(urls, m.start()) and _outside(emails, m.start()) and (m.start(), m.end()) not in labelled]
    addresses = [(m.start(), m.end()) for m in _ADDRESS_LABEL.finditer(text)]
    return Contact(sorted(phones), emails, addresses)


@check_type("contact-missing")
class ContactMissing(Check):
    """K501: no phone number and no e-mail address for questions anywhere in the report."""

    def run(self, report: Report) -> Iterable[Finding]:
        if not report.sections:
            return
        contact = find_contact(prose(report))
        if not contact.phones and not contact.emails:
            yield Finding(report.title.span if report.title else Span(0, 0))


@check_type("contact-incomplete")
class ContactIncomplete(Check):
    """K502: contact details are given, but without an address or without a phone number."""

    messages = {"address": (), "phone": (), "address-and-phone": ()}

    def run(self, report: Report) -> Iterable[Finding]:
        view = prose(report)
        contact = find_contact(view)
        if not contact.phones and not contact.emails:
            return  # K501
        missing = [name for name, found in (("address", contact.addresses), ("phone", contact.phones)) if not found]
        if missing:
            start, end = min(contact.phones + contact.emails)
            yield Finding(view.span(start, end), variant="-and-".join(missing))


@check_type("contact-malformed")
class ContactMalformed(Check):
    """K503: a labelled phone, postcode or e-mail that is not well-formed."""

    messages = {"phone": ("value",), "postcode": ("value",), "email": ("value",)}

    def run(self, report: Report) -> Iterable[Finding]:
        view = prose(report)
        text = view.text
        urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
        for match in _PHONE_LABEL.finditer(text):
            number = _trim(match.group(1))
            if number and _outside(urls, match.start(1)) and not _valid_phone(number):
                yield Finding(view.span(match.start(1), match.start(1) + len(number)),
                              {"value": number}, variant="phone")
        for match in _POSTCODE_LABEL.finditer(text):
            if len(match.group(1)) != 6:
                yield Finding(view.span(match.start(1), match.end(1)),
                              {"value": match.group(1)}, variant="postcode")
        for match in _EMAIL_LABEL.finditer(text):
            value = match.group(1)
            if not _EMAIL.fullmatch(value) and not _EMAIL.match(value):
                yield Finding(view.span(match.start(1), match.end(1)),
                              {"value": value}, variant="email")
