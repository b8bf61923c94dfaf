#!/usr/bin/env python3
"""Report functions over 100 lines and files over 800 lines of code in src/.

Lines of code exclude blank lines, comment lines and the `#[cfg(test)]`
module that closes a file (tests are excluded from the limits).
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
        if raw.startswith('#[cfg(test)]'):
            # By convention the unit-test module closes the file.
            break
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

def module_of(path):
    parts = list(path.with_suffix('').parts[1:])
    if parts and parts[-1] in ('mod', 'lib', 'main'):
        parts = parts[:-1]
    return tuple(parts)

def imports(path, mod):
    """Modules a file names, as crate paths (`crate::a::b`, `super::c`)."""
    text = path.read_text().split('\n#[cfg(test)]')[0]
    text = '\n'.join(l.split('//')[0] for l in text.split('\n'))
    out = set()
    for m in re.finditer(r'\b(crate|super)((?:::\w+)+)', text):
        segs = m.group(2).strip(':').split('::')
        base = [] if m.group(1) == 'crate' else list(mod[:-1])
        if m.group(1) == 'super' and path.stem == 'mod':
            base = list(mod[:-1])
        full = tuple(base + segs)
        out.add(full)
    return out

def cycles(root):
    files = {module_of(p.relative_to(root.parent)): p for p in root.rglob('*.rs')}
    mods = set(files)
    deps = {}
    for mod, p in files.items():
        ds = set()
        for full in imports(p, mod):
            # the longest prefix that is a module
            for n in range(len(full), 0, -1):
                if full[:n] in mods:
                    if full[:n] != mod and not mod[:len(full[:n])] == full[:n]:
                        ds.add(full[:n])
                    break
        deps[mod] = ds
    bad = []
    for a in sorted(deps):
        for b in sorted(deps[a]):
            if a < b and a in deps.get(b, ()):
                bad.append(f'modules {"::".join(a)} and {"::".join(b)} import each other')
    return bad

bad = []
bad += cycles(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'src'))
for p in sorted(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'src').rglob('*.rs')):
    if p.name == 'tests.rs' or 'testing' in p.name:
        continue
    bad += check(p)
print('\n'.join(bad) or 'shape ok')
sys.exit(1 if bad else 0)
