#!/usr/bin/python3
"""Read an xlsx report back cell by cell against the json of the same report.

    xlsx_check.py unit|summary|filings REPORT.xlsx REPORT.json

Every table of the workbook (a header row in the header style, then its
bordered rows) is compared, in order, with the json's tables (unit, filings)
or its lead offices and digest (summary); the unit report's annex forms with
its problems and needs tables.  A count must be a number, a rate a number
formatted 0.0% (within the json's 4 decimals), money a number formatted 0.00,
text the same text.  Prints how many cells were compared; exits 1 on the first
mismatches (each printed).
"""
import json
import sys

import openpyxl

HEAD_FILLS = ("FFD9D9D9", "00D9D9D9")
errors = []
compared = 0


def is_head(cell):
    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fgColor is not None else None
    return bool(cell.font and cell.font.b) and fill in HEAD_FILLS


def bordered(cell):
    return cell.border is not None and cell.border.left is not None and cell.border.left.style == "thin"


def same(where, want, cell):
    """json value `want` against the workbook's cell."""
    global compared
    compared += 1
    got = cell.value
    if isinstance(want, bool):
        want = "是" if want else "否"
    if want is None or want == "":
        ok = got is None or got == ""
    elif isinstance(want, (int, float)):
        ok = isinstance(got, (int, float)) and abs(got - want) <= (5e-5 if isinstance(want, float) else 0)
        if ok and isinstance(want, float) and "%" not in cell.number_format and cell.number_format != "0.00":
            errors.append(f"{where}: {got} is a number but formatted {cell.number_format!r}")
    else:
        ok = got == want
    if not ok:
        errors.append(f"{where}: json {want!r}, xlsx {got!r}")


def sheet_tables(ws):
    """The tables of a section sheet: (header labels, rows of cells)."""
    rows = list(ws.iter_rows())
    out, i = [], 0
    while i < len(rows):
        row = rows[i]
        if row and is_head(row[0]):
            labels = [c.value for c in row if c.value is not None]
            body, i = [], i + 1
            while i < len(rows) and rows[i] and bordered(rows[i][0]):
                if rows[i][0].value != "（无）":
                    body.append(rows[i][: len(labels)])
                i += 1
            out.append((labels, body))
        else:
            i += 1
    return out


def is_form(ws):
    return str(ws["A2"].value or "").startswith("单位（盖章）：")


def compare_rows(where, json_rows, xlsx_rows, keys=None):
    if len(json_rows) != len(xlsx_rows):
        errors.append(f"{where}: json has {len(json_rows)} rows, xlsx {len(xlsx_rows)}")
        return
    for r, (jr, xr) in enumerate(zip(json_rows, xlsx_rows)):
        values = list(jr.values()) if keys is None else [jr[k] for k in keys]
        if len(values) != len(xr):
            errors.append(f"{where} row {r + 1}: json has {len(values)} cells, xlsx {len(xr)}")
            continue
        for c, (v, cell) in enumerate(zip(values, xr)):
            same(f"{where} {cell.coordinate}", v, cell)


def form_groups(ws):
    """The 问题清单 and 需求清单 rows of a form."""
    groups, cur = {}, None
    for row in ws.iter_rows(min_row=6):
        first = row[0].value
        if first in ("问题清单", "需求清单"):
            cur = groups.setdefault(first, [])
        elif cur is not None and bordered(row[0]):
            if first != "（无）":
                cur.append(row[:6])
        elif cur is not None and not bordered(row[0]):
            cur = None
    return groups


def check_forms(wb, data):
    forms = [ws for ws in wb.worksheets if is_form(ws)]
    tables = data["tables"]
    pairs = [(t, tables[i + 1]) for i, t in enumerate(tables[:-1]) if t["table"] == "problems" and tables[i + 1]["table"] == "needs"]
    if len(forms) != len(pairs):
        errors.append(f"{len(forms)} forms, but json has {len(pairs)} problems/needs pairs")
    for ws, (p, n) in zip(forms, pairs):
        if ws["A2"].value != "单位（盖章）：" + p["unit"]:
            errors.append(f"{ws.title}: form of {ws['A2'].value}, json {p['unit']}")
        finder = ws["C5"].value
        if p["lead"] is None:
            want = "发现人及职务"
        else:
            kinds = ws["A1"].value.split("“一把手”")[1].split("活动发现")[0]
            want = "跟执法人员及职务" if kinds == "跟执法" else "参与人员及职务"
        if finder != want:
            errors.append(f"{ws.title}: column C says {finder!r}, expected {want!r}")
        for label in ("主要负责人（签字）：", "联系人：", "联系电话："):
            if not any(c.value == label for row in ws.iter_rows() for c in row):
                errors.append(f"{ws.title}: no {label}")
        g = form_groups(ws)
        compare_rows(f"{ws.title} 问题清单", p["rows"], g.get("问题清单", []))
        compare_rows(f"{ws.title} 需求清单", n["rows"], g.get("需求清单", []))
        ps = ws.page_setup
        if ps.orientation != "landscape" or int(ps.paperSize or 0) != 9 or not ws.sheet_properties.pageSetUpPr.fitToPage \
                or int(ps.fitToWidth if ps.fitToWidth is not None else 1) != 1 or int(ps.fitToHeight or 0) != 0 \
                or ws.print_title_rows != "$5:$5":
            errors.append(f"{ws.title}: not A4 landscape fitted to one page wide with its header repeated")
    return len(forms)


def all_tables(wb):
    out = []
    for ws in wb.worksheets:
        if not is_form(ws):
            out += [(ws.title, t) for t in sheet_tables(ws)]
    return out


def check_tables(wb, data):
    xt = all_tables(wb)
    jt = data["tables"]
    if len(xt) != len(jt):
        errors.append(f"xlsx has {len(xt)} tables, json {len(jt)}")
    for (title, (labels, rows)), t in zip(xt, jt):
        if len(labels) != len(t["rows"][0]) if t["rows"] else False:
            errors.append(f"{title} {t['table']}: {len(labels)} columns, json {len(t['rows'][0])}")
        compare_rows(f"{title} {t['table']} {t['unit'] or ''}", t["rows"], rows)


def check_summary(wb, data):
    xt = all_tables(wb)
    leads = data["leads"]
    if len(xt) != len(leads) + 1:
        errors.append(f"xlsx has {len(xt)} tables, json {len(leads)} lead offices and the digest")
    for (title, (labels, rows)), lead in zip(xt, leads):
        units = lead["units"]
        fig_keys = [k for k in units[0] if k not in ("unit", "activities_all", "missing")] if units else []
        # a unit the office does not look after shows "-" for missing (json: false)
        for u, xr in zip(units, rows):
            if xr[-1].value == "-" and u["missing"] is False:
                u["missing"] = "-"
        total = {"unit": "合计"}
        total.update({k: lead[k] for k in fig_keys})
        total["activities_all"] = sum(u["activities_all"] for u in units)
        # the 合计 row counts them in the column of 是/否: text there
        total["missing"] = str(sum(1 for u in units if u["missing"] is True))
        if len(labels) != len(fig_keys) + 3:
            errors.append(f"{title}: {len(labels)} columns, json {len(fig_keys) + 3}")
        compare_rows(f"{title}", units + [total], rows, ["unit"] + fig_keys + ["activities_all", "missing"])
    title, (labels, rows) = xt[-1]
    compare_rows(f"{title} ledgers", data["ledgers"], rows)


def main():
    kind, xlsx, js = sys.argv[1:4]
    wb = openpyxl.load_workbook(xlsx)
    with open(js, encoding="utf-8") as f:
        data = json.load(f)
    forms = 0
    if kind == "unit":
        forms = check_forms(wb, data)
    if kind == "summary":
        check_summary(wb, data)
    else:
        check_tables(wb, data)
    for e in errors[:20]:
        print("MISMATCH:", e)
    print(f"{xlsx}: {len(wb.worksheets)} sheets, {forms} forms, {compared} cells compared, {len(errors)} mismatches")
    sys.exit(1 if errors or not compared else 0)


if __name__ == "__main__":
    main()
