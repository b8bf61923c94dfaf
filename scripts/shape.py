#!/usr/bin/env python3
"""Report functions over 100 lines and files over 800 lines of code in src/.

Lines of code exclude blank lines, comment lines and `#[cfg(test)]` modules.
Exit 1 when a limit is exceeded (used by CI)."""
import re, sys, pathlib

FN = re.compile(r'^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')

def strip(line):
    # drop string literals and line comments, roughly
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split('//')[0]

def check(path):
    lines = path.read_text().splitlines()
    bad = []
    code = 0
    in_test = False
    depth = 0
    test_depth = None
    stack = []  # (name, start, depth)
    for i, raw in enumerate(lines, 1):
        s = strip(raw)
        if test_depth is None and re.match(r'\s*#\[cfg\(test\)\]', raw):
            test_depth = 'pending'
        m = FN.match(s)
        if m and '{' in s or (m and not s.rstrip().endswith(';')):
            if m:
                stack.append((m.group(6), i, depth))
        opens, closes = s.count('{'), s.count('}')
        if test_depth == 'pending' and opens:
            test_depth = depth
        if test_depth is None and raw.strip() and not raw.strip().startswith('//'):
            code += 1
        depth += opens - closes
        while stack and depth <= stack[-1][2] and (opens or closes):
            name, start, d = stack.pop()
            if i - start + 1 > 100:
                bad.append(f'{path}:{start}: fn {name} is {i - start + 1} lines')
        if test_depth not in (None, 'pending') and depth <= test_depth:
            test_depth = None
    if code > 800:
        bad.append(f'{path}: {code} lines of code')
    return bad

bad = []
for p in sorted(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'src').rglob('*.rs')):
    if p.name == 'tests.rs' or 'testing' in p.name:
        continue
    bad += check(p)
print('\n'.join(bad) or 'shape ok')
sys.exit(1 if bad else 0)
