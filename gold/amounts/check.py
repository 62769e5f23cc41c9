#!/usr/bin/env python3
"""Verify the hand-checked amounts gold file.

For every row of amounts.csv:
  * the source file exists and source_line is a valid 1-based line number;
  * `evidence` is an exact substring of that line;
  * the line lies inside a range declared in ranges.csv for that file;
  * amount_eur re-parses from the evidence (same spelling rules as README.md);
  * enumerations / booleans / number formats are valid.

Then (warnings only, exit code unaffected unless --strict) it scans every declared
range for currency-marked tokens (`€`, `k€`, `K Euros`, `KE`, `euros`, `millions d'euros`)
and reports any that no gold row on that line accounts for, minus a short list of
documented exclusions.

Usage: python gold/amounts/check.py [--raw DIR] [--strict]
"""
import argparse
import csv
import re
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RAW = HERE.parent.parent / 'data' / 'raw'

FUNDERS = {'etat', 'departement', 'total', 'other'}
NATURES = {'prevu', 'execute', 'report', 'other'}
BOOLS = {'true', 'false'}
DEPTS = {'', '47', '67', '68', '71'}

# tokens deliberately NOT listed (see README "Excluded")
EXCLUDED = {
    ('001_799a4874d703235c.txt', 7420, '625 €'),  # OCR residue of "676 625 €" in the FAPI total row
}


def parse_amount(ev):
    s = ev.strip().lstrip('>').strip()
    if re.fullmatch(r'-\s*€', s):
        return Decimal('0.00')
    mult = Decimal(1)
    if 'million' in s:
        mult = Decimal(1000000)
    elif re.search(r'\d\s*(?:[kK]€|K Euros|KE\b)', s):
        mult = Decimal(1000)
    m = re.match(r'-?[\d\s\u00a0\u202f,]+', s)
    if not m:
        raise ValueError(f'cannot parse amount from evidence {ev!r}')
    num = re.sub(r'\s', '', m.group(0)).replace(',', '.')
    return (Decimal(num) * mult).quantize(Decimal('0.01'))


CAND = re.compile(r"(?:>\s?)?(?:-\s?)?\d[\d \u00a0\u202f,]*\s?(?:€|[kK]€|K Euros|KE\b|millions? d.euros|euros)|-\s?€")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--raw', default=str(DEFAULT_RAW))
    ap.add_argument('--strict', action='store_true', help='treat recall-scan warnings as errors')
    args = ap.parse_args()
    raw = Path(args.raw)

    errors, warnings = [], []
    cache = {}

    def lines_of(name):
        if name not in cache:
            p = raw / name
            cache[name] = p.read_text(encoding='utf-8').split('\n') if p.exists() else None
        return cache[name]

    ranges = defaultdict(list)
    with open(HERE / 'ranges.csv', newline='', encoding='utf-8') as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            a, b = int(r['line_from']), int(r['line_to'])
            L = lines_of(r['source_file'])
            if L is None:
                errors.append(f'ranges.csv:{i}: unknown file {r["source_file"]}')
                continue
            if not (1 <= a <= b <= len(L)):
                errors.append(f'ranges.csv:{i}: bad range {a}-{b} (file has {len(L)} lines)')
            for a2, b2 in ranges[r['source_file']]:
                if a <= b2 and a2 <= b:
                    errors.append(f'ranges.csv:{i}: range {a}-{b} overlaps {a2}-{b2}')
            ranges[r['source_file']].append((a, b))

    gold_by_line = defaultdict(list)
    n = 0
    with open(HERE / 'amounts.csv', newline='', encoding='utf-8') as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            n += 1
            where = f'amounts.csv:{i} ({r["source_file"]}:{r["source_line"]})'
            L = lines_of(r['source_file'])
            if L is None:
                errors.append(f'{where}: unknown source file')
                continue
            try:
                ln = int(r['source_line'])
            except ValueError:
                errors.append(f'{where}: source_line not an integer')
                continue
            if not 1 <= ln <= len(L):
                errors.append(f'{where}: line out of file')
                continue
            line = L[ln - 1]
            ev = r['evidence']
            if not ev or ev not in line:
                errors.append(f'{where}: evidence {ev!r} not in line')
            if not any(a <= ln <= b for a, b in ranges[r['source_file']]):
                errors.append(f'{where}: line not inside a declared range')
            if r['funder'] not in FUNDERS:
                errors.append(f'{where}: bad funder {r["funder"]!r}')
            if r['nature'] not in NATURES:
                errors.append(f'{where}: bad nature {r["nature"]!r}')
            if r['department_code'] not in DEPTS:
                errors.append(f'{where}: unexpected department_code {r["department_code"]!r}')
            if r['year'] and not re.fullmatch(r'20[12]\d', r['year']):
                errors.append(f'{where}: bad year {r["year"]!r}')
            for b in ('is_lower_bound', 'is_total_row'):
                if r[b] not in BOOLS:
                    errors.append(f'{where}: bad {b} {r[b]!r}')
            if not re.fullmatch(r'-?\d+\.\d\d', r['amount_eur']):
                errors.append(f'{where}: amount_eur not a 2-decimal number: {r["amount_eur"]!r}')
            else:
                try:
                    if parse_amount(ev) != Decimal(r['amount_eur']):
                        errors.append(f'{where}: amount_eur {r["amount_eur"]} != parsed evidence {parse_amount(ev)}')
                except (ValueError, InvalidOperation) as e:
                    errors.append(f'{where}: {e}')
            if not r['label'].strip():
                errors.append(f'{where}: empty label')
            gold_by_line[(r['source_file'], ln)].append(ev)

    # recall scan: currency-marked tokens inside ranges not accounted for by a gold row
    for f, rs in ranges.items():
        L = lines_of(f)
        for a, b in rs:
            for ln in range(a, b + 1):
                line = L[ln - 1]
                gold = gold_by_line.get((f, ln), [])
                for m in CAND.finditer(line):
                    tok = m.group(0).strip()
                    if (f, ln, tok) in EXCLUDED:
                        continue
                    core = tok.lstrip('> ')
                    if not any(core in g or g in tok for g in gold):
                        warnings.append(f'{f}:{ln}: money-like token {tok!r} not covered by any gold row')

    for e in errors:
        print('ERROR', e)
    for w in warnings:
        print('WARN ', w)
    print(f'{n} rows checked; {len(errors)} errors; {len(warnings)} recall warnings')
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == '__main__':
    sys.exit(main())
