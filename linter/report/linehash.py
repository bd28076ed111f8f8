"""GitHub code scanning's ``primaryLocationLineHash``, computed exactly as github/codeql-action does.

For each line: a rolling polynomial hash (multiplier 37, modulo 2**64) over the
next 100 characters, skipping spaces and tabs, with CR and CRLF read as LF and an
end-of-file marker (65535) followed by zeros. Printed as unsigned hex with
``:<n>`` counting earlier identical hashes in the file. Characters are UTF-16
code units, as in JavaScript.
"""
from __future__ import annotations

_MASK = (1 << 64) - 1
_BLOCK = 100
_MOD = 37
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)
_EOF = 65535


def _units(text: str):
    for ch in text:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            yield 0xD800 + (code >> 10)
            yield 0xDC00 + (code & 0x3FF)
        else:
            yield code


def line_hashes(text: str) -> dict[int, str]:
    """{1-based line number: hash} for every line of ``text``."""
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    out: dict[int, str] = {}
    counts: dict[str, int] = {}
    state = {"hash": 0, "index": 0}

    def output():
        value = format(state["hash"] & _MASK, "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update(current: int):
        index = state["index"]
        begin = window[index]
        window[index] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK

    line_number = 0
    line_start = True
    prev_cr = False

    def process(current: int):
        nonlocal line_number, line_start, prev_cr
        if current in (32, 9) or (prev_cr and current == 10):
            prev_cr = False
            return
        if current == 13:
            current = 10
            prev_cr = True
        else:
            prev_cr = False
        if line_numbers[state["index"]] != -1:
            output()
        if line_start:
            line_start = False
            line_number += 1
            line_numbers[state["index"]] = line_number
        if current == 10:
            line_start = True
        update(current)

    for unit in _units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return out
