#!/usr/bin/env python3
"""Differential parser suite: HashiCorp's verdict (hclsyntax, through pygohcl)
on generated and mutated native-syntax inputs, committed as
fixtures/parser-diff/cases.jsonl; tests/parser_diff.rs checks that cxlint's
parser agrees on every case (without Python).

Inputs come from three sources, all deterministic (fixed random seed):
  * windows of lines of the repository's own fixtures and examples (never the
    corpus), as they are and mutated: token deletions, insertions,
    duplications, swaps and replacements;
  * a small grammar of HCL that produces tricky valid inputs and, with noise,
    near-misses (templates, directives, strip markers, heredocs, escapes,
    legacy indexes, splats, `...`, one-line blocks, comments, unicode,
    numbers, newlines inside and outside brackets);
  * a list of hand-written tricky inputs (HAND below).

Setup: pip install pygohcl
Regenerate:  python3 scripts/parser-oracle.py            (writes the fixture)
CI check:    python3 scripts/parser-oracle.py --check    (asks pygohcl again
             about every committed input; exit 1 if any verdict drifted)
"""

import argparse
import json
import os
import random
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "parser-diff", "cases.jsonl")
SEED_DIRS = ["fixtures", "examples"]
MAX_LEN = 700

TOKEN = re.compile(
    r'"(?:\\.|[^"\\\n])*"?|<<-?[A-Za-z_]+\n|\$\{~?|%\{~?|~\}|[A-Za-z_][A-Za-z0-9_-]*'
    r"|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|#[^\n]*|//[^\n]*|/\*.*?\*/|\.\.\.|=>|==|!=|<=|>=|&&|\|\|"
    r"|::|\r?\n|[ \t]+|.",
    re.S,
)

NOISE = [
    "{", "}", "[", "]", "(", ")", '"', "${", "%{", "~", ",", ".", "...", "=>", "=",
    "==", "?", ":", "\n", "#c\n", "/*", "*/", "<<EOF\n", "\\", "1.5", "1e9", "x",
    "*", "-", "!", "&&", "||", "'", "$", "%", "for", "in", "if", "null", "\t", "\r\n",
    ".0", ".0.1", "[*]", ".*", "::", "é", "\\n", "$${", "%%{",
]

HAND = [
    "", "\n", "# only a comment", "/* unclosed", "a = 1", "a = 1\n", "a = 1 # c", "a=1\n\n\nb=2\n",
    "a = 1\na = 2\n", "a = { x = 1, x = 2 }\n", "a = 1 }\n", "b {\n}\n", "b {}\n", "b { }\n",
    "b { a = 1 }\n", "b { a = 1, }\n", "b { c {} }\n", "b {\n a = 1 }\n", "b {\n c {\n}}\n",
    'b "l" x {\n}\n', 'b "${x}" {\n}\n', 'b "$${x}" {\n}\n', "b = {\n}\n", "b \"l\" = 1\n",
    "a = x.0.1\n", "a = x.0\n", "a = x.1e3\n", "a = 1.e5\n", "a = x[*].y\n", "a = x.*.y[0]\n",
    "a = x.*\n", "a = x.\n", "a = f(x...)\n", "a = f(x..., y)\n", "a = f(x,)\n", "a = f(,)\n",
    "a = provider::p::f(1)\n", "a = p :: f(1)\n", "a = p::f\n", 'a = "\\q"\n', 'a = "\\u00e9"\n',
    'a = "\\ud800"\n', 'a = "\\U0001F600"\n', 'a = "\\u12"\n', 'a = "a\nb"\n', 'a = "\n',
    'a = "${"${1}"}"\n', 'a = "%{if x}y%{endif}"\n', 'a = "%{if x}y"\n', 'a = "%{endif}"\n',
    'a = "%{for x in y}${x}%{endfor}"\n', 'a = "%{ for k, v in y ~}${k}%{~ endfor }"\n',
    'a = "%{ bogus }"\n', 'a = "${x ~}"\n', 'a = "${x ~ }"\n', 'a = "${~x}"\n', 'a = "${ ~x}"\n',
    "a = <<EOF\nx\nEOF\n", "a = <<EOF\nx\nEOF", "a = <<EOF\nx\n  EOF  \n", "a = <<-EOF\n  x\n    y\n  EOF\n",
    "a = <<EOF\r\nx\r\nEOF\r\n", "a = <<EOF x\nEOF\n", "a = << EOF\nx\nEOF\n", "a = <<EOF\n${x}EOF\nEOF\n",
    "a = <<EOF\n\\q $${x} %%{y}\nEOF\n", "a = [<<EOF\nx\nEOF\n]\n", "a = 1e309\n", "a = 007\n",
    "a = 1.\n", "a = .5\n", "a = 1e\n", "a = 1e+\n", "a = -1\n", "a = --1\n", "a = !!true\n",
    "a = 1 +\n2\n", "a = (1 +\n2)\n", "a = [1 +\n2]\n", "a = { b = 1 +\n2 }\n", "a = { for k, v in x : k => v &&\n y }\n",
    "a = [for x in y : x]\n", "a = [for x in y : x if x]\n", "a = [for x in y : k => x]\n", "a = { for k, v in x : k => v... }\n",
    "a = { for k, v in x : k => v... if v }\n", "a = [for x in y : x...]\n", "a = { for = 1 }\n", "a = [for]\n",
    "a = {\n for k in x : k => k\n}\n", "a = { a = 1\n b = 2 }\n", "a = { a = 1,\n b = 2, }\n", "a = { a = 1 b = 2 }\n",
    "a = { (x) = 1 }\n", "a = { x.y = 1 }\n", '"a" = 1\n', "1 = 2\n", "a b c\n", "a.b = 1\n", "a = x ? y : z\n",
    "a = x ? y\n: z\n", "a = (x ?\ny : z)\n", "a = x ?\n", "é = 1\n", "_a = 1\n", "a-b = 1\n", "-a = 1\n", "a = é.ü\n",
    "a = 1 /* c */\n", "a = /* c */ 1\n", "a = 1 /* c\n */\n", "a = 1 /* c\n */ b = 2\n", "a = 1 // c\n",
    "b { # c\n a = 1\n}\n", "b { /* c */ a = 1 }\n", "b { a = 1 # c\n}\n", "b {\n}# c\n", "b {\n} c {\n}\n",
    "a = [\n  1, # c\n  2 // d\n]\n", "a = {\n  # c\n  b = 1 # d\n}\n", "a = 1 & 2\n", "a = 1 | 2\n", "a = 1 === 2\n",
    "a = 'x'\n", "a = x[]\n", "a = x[1,2]\n", "a = x[*][0]\n", "a = x[ * ]\n", "a = f()()\n", "a = (1)(2)\n",
    "a = \"x\".y\n", "a = [1][0]\n", "a = {a=1}.a\n", "a = true.x\n", "a = null\n", "a = \t1\n", "a = 1\r\n",
    "a = 1\rb = 2\n", "a = \x00\n", "a = \"\x01\"\n", "a = \"\t\"\n", "\ufeffa = 1\n", "a = \"${}\"\n",
    "a = \"%{}\"\n", "a = \"$\"\n", "a = \"%\"\n", "a = \"${x}%\"\n", "a = \"%{if x}%{else}%{else}%{endif}\"\n",
    "a = \"%{if x}%{endfor}\"\n", "a = <<-EOT\n\t\tx\n\t  y\n\tEOT\n", "a = <<-EOT\n  ${x}\n   y\n  EOT\n",
]


def verdict(text):
    import pygohcl

    try:
        pygohcl.loadb(text.encode("utf-8"))
        return True
    except pygohcl.HCLParseError as e:
        return not str(e).startswith("invalid HCL")
    except Exception:  # noqa: BLE001 - parsed; pygohcl could not convert the body
        return True


def seed_texts():
    out = []
    for d in SEED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, d)):
            dirnames[:] = sorted(x for x in dirnames if x != "parser-diff")
            for f in sorted(filenames):
                if f.endswith((".tf", ".tfvars")) or f == ".terraform.lock.hcl":
                    with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                        out.append((os.path.relpath(os.path.join(dirpath, f), ROOT), fh.read()))
    return out


def window(rng, text):
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    i = rng.randrange(len(lines))
    n = rng.randint(1, 25)
    return "".join(lines[i : i + n])[:MAX_LEN]


def mutate(rng, text):
    toks = TOKEN.findall(text)
    if not toks:
        return text, "empty"
    ops = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        i = rng.randrange(len(toks))
        op = rng.choice(["delete", "insert", "duplicate", "swap", "replace"])
        ops.append(op)
        if op == "delete":
            del toks[i]
        elif op == "insert":
            toks.insert(i, rng.choice(NOISE))
        elif op == "duplicate":
            toks.insert(i, toks[i])
        elif op == "swap" and i + 1 < len(toks):
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        else:
            toks[i] = rng.choice(NOISE)
        if not toks:
            break
    return "".join(toks), "+".join(ops)


class Gen:
    """Grammar-driven generator of (mostly) valid native syntax."""

    IDENTS = ["a", "b_1", "x-y", "é", "_u", "var", "local", "each", "for", "in", "if", "null", "true"]

    def __init__(self, rng):
        self.r = rng

    def ident(self):
        return self.r.choice(self.IDENTS)

    def ws(self, nl_ok):
        c = self.r.random()
        if c < 0.6:
            return " "
        if c < 0.7:
            return ""
        if c < 0.8:
            return " /* c */ "
        if nl_ok and c < 0.9:
            return self.r.choice(["\n", " # c\n", "\r\n", " // c\n"])
        return self.r.choice(["  ", "\t"])

    def number(self):
        return self.r.choice(["0", "1", "42", "1.5", "1e309", "2E-3", "007", "1.0e+10", "123456789012345678901234567890"])

    def string(self, d):
        parts = []
        for _ in range(self.r.randint(0, 4)):
            c = self.r.random()
            if c < 0.4:
                parts.append(self.r.choice(["abc", " ", "é", "\\n", "\\\"", "\\\\", "\\u00e9", "$${x}", "%%{y}", "$", "%", "\\t"]))
            elif c < 0.7 and d > 0:
                strip = self.r.random() < 0.2
                parts.append("${" + ("~" if strip else "") + self.expr(d - 1, False) + ("~" if self.r.random() < 0.2 else "") + "}")
            elif c < 0.85 and d > 0:
                parts.append("%{ if " + self.expr(d - 1, False) + " ~}" + "x" + "%{~ else }y%{ endif }")
            elif d > 0:
                parts.append("%{for v in " + self.expr(d - 1, False) + "} ${v} %{endfor}")
        return '"' + "".join(parts) + '"'

    def heredoc(self, d):
        flush = self.r.random() < 0.5
        ind = self.r.choice(["", "  ", "\t", "    "])
        nl = "\r\n" if self.r.random() < 0.15 else "\n"
        lines = []
        for _ in range(self.r.randint(0, 3)):
            pad = ind + self.r.choice(["", " ", "  "])
            body = self.r.choice(["text", "${x}", "a ${b} c", "", "%{if x}y%{endif}", "\\n literal", "EOFX"])
            lines.append(pad + body + nl)
        end = self.r.choice(["EOF", "  EOF", "EOF  "])
        return "<<" + ("-" if flush else "") + "EOF" + nl + "".join(lines) + end + nl

    def term(self, d, nl):
        c = self.r.random()
        if d <= 0 or c < 0.2:
            return self.r.choice([self.number(), self.ident(), '"s"', "true", "null"])
        if c < 0.3:
            return self.string(d)
        if c < 0.38:
            return self.heredoc(d)
        if c < 0.5:
            items = [self.expr(d - 1, True) for _ in range(self.r.randint(0, 3))]
            sep = "," + self.ws(True)
            return "[" + self.ws(True) + sep.join(items) + ("," if items and self.r.random() < 0.3 else "") + self.ws(True) + "]"
        if c < 0.62:
            items = []
            for _ in range(self.r.randint(0, 3)):
                k = self.r.choice([self.ident(), '"k"', "(" + self.ident() + ")"])
                items.append(k + self.r.choice([" = ", ": ", "="]) + self.expr(d - 1, False))
            seps = [self.r.choice([", ", "\n", ",\n"]) for _ in items]
            body = "".join(i + s for i, s in zip(items, seps))
            return "{" + self.r.choice(["", "\n", " "]) + body + "}"
        if c < 0.7:
            if self.r.random() < 0.5:
                return "[for " + self.ident() + " in " + self.expr(d - 1, True) + " : " + self.expr(d - 1, True) + self.r.choice(["", " if x"]) + "]"
            return "{" + self.ws(True) + "for k, v in " + self.expr(d - 1, True) + " : k => " + self.expr(d - 1, True) + self.r.choice(["", "...", " if v"]) + self.ws(True) + "}"
        if c < 0.8:
            name = self.r.choice(["f", "max", "provider::p::f", "lookup"])
            args = [self.expr(d - 1, True) for _ in range(self.r.randint(0, 3))]
            return name + "(" + ", ".join(args) + ("..." if args and self.r.random() < 0.2 else "") + ")"
        if c < 0.9:
            return "(" + self.ws(True) + self.expr(d - 1, True) + self.ws(True) + ")"
        return self.r.choice(["-", "!"]) + self.term(d - 1, nl)

    def traversals(self):
        out = ""
        for _ in range(self.r.choice([0, 0, 1, 2])):
            out += self.r.choice([".a", ".0", "[0]", "[*]", ".*", '["k"]', ".12", "[x]"])
        return out

    def expr(self, d, nl):
        e = self.term(d, nl) + self.traversals()
        c = self.r.random()
        if d > 0 and c < 0.3:
            op = self.r.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"])
            e = e + self.ws(nl) + op + self.ws(nl) + self.expr(d - 1, nl)
        elif d > 0 and c < 0.4:
            e = e + self.ws(nl) + "?" + self.ws(nl) + self.expr(d - 1, nl) + self.ws(nl) + ":" + self.ws(nl) + self.expr(d - 1, nl)
        return e

    def body(self, d):
        out = []
        for _ in range(self.r.randint(1, 3)):
            c = self.r.random()
            pre = self.r.choice(["", "", "# c\n", "/* c */ ", "\n"])
            if c < 0.6 or d <= 0:
                out.append(pre + self.ident() + " = " + self.expr(2, False) + self.r.choice(["\n", " # t\n", "\r\n"]))
            elif c < 0.75:
                out.append(pre + self.ident() + ' "l" { ' + self.ident() + " = " + self.expr(1, False) + " }\n")
            else:
                labels = self.r.choice(["", ' "a"', ' "a" b', " x"])
                out.append(pre + self.ident() + labels + " {\n" + self.body(d - 1) + "}\n")
        return "".join(out)


def generate(seed=20261129, scale=1):
    rng = random.Random(seed)
    cases = []
    seen = set()

    def add(text, origin):
        if len(text) > MAX_LEN * 2 or text in seen:
            return
        seen.add(text)
        cases.append((text, origin))

    for t in HAND:
        add(t, "hand")
    seeds = seed_texts()
    for path, text in seeds:
        add(text[:MAX_LEN * 2], "seed:" + path)
    for _ in range(1500 * scale):
        path, text = rng.choice(seeds)
        w = window(rng, text)
        if rng.random() < 0.15:
            add(w, "window:" + path)
        else:
            m, ops = mutate(rng, w)
            add(m, "mutate:%s:%s" % (ops, path))
    g = Gen(rng)
    for _ in range(1000 * scale):
        text = g.body(2)
        if rng.random() < 0.35:
            text, ops = mutate(rng, text)
            add(text, "grammar+" + ops)
        else:
            add(text, "grammar")
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="re-ask pygohcl about the committed inputs")
    ap.add_argument("--seed", type=int, default=20261129, help="explore: another random seed")
    ap.add_argument("--scale", type=int, default=1, help="explore: this many times more cases")
    ap.add_argument("--out", default=OUT, help="explore: write elsewhere")
    args = ap.parse_args()
    try:
        import pygohcl  # noqa: F401
    except ImportError:
        print("pygohcl is not installed (pip install pygohcl)", file=sys.stderr)
        return 2
    if args.check:
        drift = 0
        n = 0
        with open(OUT, encoding="utf-8") as fh:
            for line in fh:
                c = json.loads(line)
                n += 1
                if verdict(c["input"]) != c["ok"]:
                    drift += 1
                    print("drift: %r (committed ok=%s)" % (c["input"][:80], c["ok"]), file=sys.stderr)
        print("%d cases, %d drifted" % (n, drift))
        return 1 if drift else 0
    cases = generate(args.seed, args.scale)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    ok = 0
    with open(args.out, "w", encoding="utf-8") as fh:
        for text, origin in cases:
            v = verdict(text)
            ok += v
            fh.write(json.dumps({"ok": v, "origin": origin, "input": text}, ensure_ascii=False) + "\n")
    print("wrote %d cases (%d parse, %d do not) to %s" % (len(cases), ok, len(cases) - ok, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
