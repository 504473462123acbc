"""Positions computed independently of fzlint, for the format tests.

A column is 1 + the width of the line's text before the offset, in one of the
units of --column-unit: display (East Asian Wide/Fullwidth = 2, combining = 0,
tab to the next multiple of 8), char (code points), byte (UTF-8), utf16.
"""
import unicodedata


def width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def column(prefix, unit):
    if unit == "char":
        return len(prefix) + 1
    if unit == "byte":
        return len(prefix.encode("utf-8")) + 1
    if unit == "utf16":
        return len(prefix.encode("utf-16-le")) // 2 + 1
    col = 0
    for ch in prefix:
        col = (col // 8 + 1) * 8 if ch == "\t" else col + width(ch)
    return col + 1


def position(data, offset, unit):
    """data: the report's UTF-8 bytes (no BOM); offset: a byte offset into them."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, column(data[start:offset].decode("utf-8"), unit)
