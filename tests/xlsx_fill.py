#!/usr/bin/python3
"""Fill an ysh-add --template workbook as a clerk does in Excel or WPS.

    xlsx_fill.py TEMPLATE.xlsx ROWS.json OUT.xlsx

ROWS.json is a list of objects keyed by the template's header titles.  A value
typed into a column formatted yyyy-mm-dd becomes what Excel stores for a typed
date (a serial day number in a cell that takes the column's format); a whole
number typed into a General column becomes a number; everything else is text.
Before filling, prints what a clerk sees of the template, one fact a line, for
the test to check:

    sheet NAME visible|hidden
    header TITLE|TITLE|...
    format TITLE yyyy-mm-dd|@|General
    list TITLE stop|information N-values-or-range
"""
import datetime
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

EPOCH = datetime.date(1899, 12, 30)


def column_formats(ws):
    out = {}
    for letter, dim in ws.column_dimensions.items():
        # openpyxl groups equal adjacent columns: min..max
        for i in range(dim.min or 0, (dim.max or 0) + 1):
            if i:
                out[get_column_letter(i)] = dim.number_format
    return out


def describe(wb, ws, titles, formats):
    for sheet in wb.worksheets:
        print("sheet", sheet.title, sheet.sheet_state)
    print("header", "|".join(titles))
    for i, t in enumerate(titles):
        print("format", t, formats.get(get_column_letter(i + 1), "General"))
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        col = "".join(ch for ch in first if ch.isalpha())
        title = titles[openpyxl.utils.column_index_from_string(col) - 1]
        if dv.type == "list":
            f = dv.formula1 or ""
            what = f if "!" in f else str(len(f.strip('"').split(",")))
            print("list", title, dv.errorStyle or "stop", what)
        else:
            print("rule", title, dv.type, dv.operator or "between")


def main():
    template, rows_json, out = sys.argv[1:4]
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    titles = [c.value for c in ws[1] if c.value is not None]
    formats = column_formats(ws)
    describe(wb, ws, titles, formats)
    with open(rows_json, encoding="utf-8") as f:
        rows = json.load(f)
    for r, row in enumerate(rows, start=2):
        for title, value in row.items():
            c = titles.index(title) + 1
            fmt = formats.get(get_column_letter(c), "General")
            cell = ws.cell(row=r, column=c)
            if fmt == "yyyy-mm-dd":
                day = datetime.date.fromisoformat(value)
                cell.value = (day - EPOCH).days
            elif fmt == "General" and str(value).isdigit():
                cell.value = int(value)
            else:
                cell.value = str(value)
            cell.number_format = fmt
    wb.save(out)


if __name__ == "__main__":
    main()
