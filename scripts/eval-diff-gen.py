#!/usr/bin/env python3
"""Write the generated families of differential-test cases.

Writes fixtures/eval-diff/cases/gen-*.cases: one group per built-in function
(hand-picked arguments, error cases included) and matrices that cross values
with operators, conversions and format verbs. Hand-written groups (module
files, templates, heredocs...) live in the other *.cases files. Rerun after
editing, then scripts/eval-oracle.py to ask Terraform for the answers.
"""
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "eval-diff" / "cases"

# Arguments per built-in function: each string is one call's argument list.
# Errors (wrong types, arity, out of range) are as important as values.
FUNCS = {
    "abs": ["23", "0", "-12.4", "-0", '"-3"', '"x"', "null", "1e40", "-99999999999999999999"],
    "ceil": ["5", "5.1", "-5.1", "0.0000001", '"2.5"', "true", "1e30+0.5"],
    "floor": ["5", "4.9", "-4.1", '"-0.5"', "[]", "12345678901234567890.5"],
    "log": ["50, 10", "16, 2", "1, 10", "0, 10", "8, 0", "-1, 2", '"100", "10"',
        "1000, 10", "2, 2", "0.5, 2", "100, 0.1", "1e10, 10", "7, 3", "1, 1", "3, 1", "81, 3", "1e-5, 10", "10, -1", "123.456, 2.5"],
    "max": ["12, 54, 3", "[12, 54, 3]...", "-1", "", '"5", 3', "1, \"x\"", "0.1, 0.2"],
    "min": ["12, 54, 3", "[12, 54, 3]...", "-1", "", '"5", 30', "[]..."],
    "parseint": ['"100", 10', '"FF", 16', '"-10", 16', '"1011111011101111", 2', '"aA", 62',
                 '"12", 2', '"zz", 36', '"", 10', '"10", 1', '"10", 63', '"9223372036854775808", 10'],
    "pow": ["3, 2", "4, 0", "2, -1", "2, 0.5", "0, 0", "-8, 1/3", "10, 30", '"2", "3"'],
    "signum": ["-13", "0", "344", "-0.0001", '"1"', "null"],
    "chomp": ['"hello\\n"', '"hello\\r\\n"', '"hello\\n\\n"', '"hello"', '"\\n"', "1", '"a\\nb\\n"'],
    "endswith": ['"hello world", "world"', '"hello world", "hello"', '"", ""', '"abc", ""',
                 '"e\\u0301", "\\u00e9"', "1, 1"],
    "format": ['"Hello, %s!", "Ander"', '"There are %d lights", 4', '"%s"', '"%d", "x"',
               '"%d", 1.5', '"%%"', '"%v", null', '"%s", null', '"%#v", {a=1}',
               '"%[2]s %[1]s", "a", "b"', '"%*d", 5, 1', '"%-5s|", "ab"', '"%5.1f", 3.14159',
               '"%q", "a\\"b"', '"%t", true', '"%t", "true"', '"%b %o %x %X", 10, 10, 255, 255',
               '"%e", 123456.789', '"%g", 0.000001', '"%.3s", "abcdef"', '"%s", [1]',
               '"%v", [1, "a"]', '"%d"', '"%z", 1', '"%s %s", "a"', '"%s", "a", "b"'],
    "formatlist": ['"Hello, %s!", ["Valentina", "Ander"]', '"%s, %s!", "Salutations", ["A", "B"]',
                   '"%s=%s", ["a", "b"], ["1", "2"]', '"%s=%s", ["a"], ["1", "2"]',
                   '"%d", []', '"x"', '"%s", "a"'],
    "indent": ['2, "a\\nb\\nc"', '4, "a"', '2, "a\\n\\nb"', '0, "a\\nb"', '-1, "a\\nb"', '2, ""'],
    "join": ['", ", ["foo", "bar", "baz"]', '", ", ["foo"]', '", ", []', '"-", ["a"], ["b", "c"]',
             '",", [1, true]', '",", [null]', '",", [["a"]]', '",", "a"', '",", toset(["b", "a"])'],
    "lower": ['"HELLO"', '"АЛЛО!"', '"ÄÖÜ"', '"İ"', '"ǅ"', "1", '""'],
    "upper": ['"hello"', '"алло!"', '"straße"', '"ǆ"', '"e\\u0301"', "true", "[]"],
    "regex": ['"[a-z]+", "53453453.345345aaabbbccc23454"', '"(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01"',
              '"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"',
              '"[a-z]+", "123"', '"(", "x"', '"a(b)?", "a"', '"(?i)HELLO", "hello"', '"a", 1'],
    "regexall": ['"[a-z]+", "1234abcd5678efgh9"', '"[a-z]+", "123"', '"(\\\\d)(\\\\w)", "1a2b"',
                 '"(?P<n>\\\\d)", "1 2"', '"[", "x"', '"", "ab"'],
    "replace": ['"1 + 2 + 3", "+", "-"', '"hello world", "/w.*d/", "everybody"',
                '"hello world", "/(h)(e)/", "$2$1"', '"aaa", "a", ""', '"abc", "", "-"',
                '"hello", "/[/", "x"', '"a.b.c", ".", "_"', '"x", "/x/", "$${1}"', "1, 1, 2"],
    "split": ['",", "foo,bar,baz"', '",", "foo"', '",", ""', '"", "abc"', '",,", "a,,b,,"',
              '",", 1', '",", null'],
    "strrev": ['"hello"', '"a"', '""', '"e\\u0301x"', '"👨‍👩‍👧x"', '"🇫🇷🇩🇪"', "12"],
    "substr": ['"hello world", 1, 4', '"hello", 0, -1', '"hello", -3, 2', '"hello", 10, 1',
               '"hello", 2, 100', '"hello", -10, 2', '"🤔🤷", 0, 1', '"e\\u0301abc", 0, 1',
               '"hello", 1.5, 2', '"hello", 0, 0'],
    "title": ['"hello world"', '"HELLO world"', '"élan vital"', '"hello-world_x y"', '""', '"ǆemal"'],
    "trim": ['"?!hello?!", "!?"', '"foobar", "far"', '"  hello! world.!  ", "! "', '"aaa", "a"',
             '"abc", ""'],
    "trimprefix": ['"helloworld", "hello"', '"helloworld", "cat"', '"hellohello", "hello"', '"x", ""'],
    "trimsuffix": ['"helloworld", "world"', '"helloworld", "cat"', '"aa", "a"', '"", ""'],
    "trimspace": ['"  hello\\n\\n"', '"\\t x \\r\\n"', '"\\u00a0x\\u00a0"', '"\\u3000y"', '""', "1"],
    "startswith": ['"hello world", "hello"', '"hello world", "world"', '"", ""', '"abc", "abcd"',
                   '"\\u00e9t\\u00e9", "e\\u0301"'],
    "strcontains": ['"hello world", "wor"', '"hello world", "wod"', '"", ""', '"abc", ""',
                    '"caf\\u00e9", "e\\u0301"', "1, 1"],
    "alltrue": ['["true", true]', "[true, false]", "[]", "[null]", '["x"]', "[true, 1]",
                "toset([true])"],
    "anytrue": ["[true]", '["true"]', "[]", "[false, null]", "[null, true]", '["x", true]'],
    "chunklist": ['["a", "b", "c", "d", "e"], 2', '["a", "b", "c", "d", "e"], 1',
                  '["a", "b"], 0', "[], 3", '["a"], -1', '["a", "b"], 5', '[1, "a"], 1'],
    "coalesce": ['"a", "b"', '"", "b"', "1, 2", '1, "two"', "null, null", "null, 3",
                 '[], ["a"]', '"", null', '{a=1}, {a=2}', '["a"], "b"'],
    "coalescelist": ['["a", "b"], ["c", "d"]', '[], ["c", "d"]', "[], []", '[[], ["x"]]...',
                     '"a", ["b"]', "[], [1], [\"x\"]"],
    "compact": ['["a", "", "b", "c"]', '["a", null, "b"]', "[]", '[1, ""]', '["", ""]',
                '[["a"]]', 'toset(["a", ""])'],
    "concat": ['["a", ""], ["b", "c"]', "[], []", "[1], [\"a\"]", '[1], "a"',
               'tolist(["a"]), ["b"]', 'toset(["a"]), ["b"]', "[[1]], [[2]]", ""],
    "contains": ['["a", "b", "c"], "a"', '["a", "b", "c"], "d"', '[1, 2], "1"',
                 '["1"], 1', "[], null", 'toset(["a"]), "a"', '{a = 1}, "a"', "[null], null"],
    "distinct": ['["a", "b", "a", "c", "d", "b"]', "[]", '[1, "1"]', "[1, 1.0, 1.00]",
                 '[["a"], ["a"]]', '"a"'],
    "element": ['["a", "b", "c"], 1', '["a", "b", "c"], 3', '["a", "b", "c"], -1', "[], 0",
                '["a", "b"], "1"', '["a", "b"], 1.5', '[1, "x"], 1'],
    "flatten": ['[["a", "b"], [], ["c"]]', '[[["a", "b"], []], ["c"]]', "[]", "[1, [2, [3]]]",
                '[toset(["a"]), ["b"]]', '[{a=1}, [2]]', '"a"', "[null, [1]]"],
    "index": ['["a", "b", "c"], "b"', '["a", "b", "c"], "d"', '[1, 2], "2"', '["1"], 1',
              '[], "a"', '{a="b"}, "b"'],
    "keys": ['{a=1, c=2, d=3}', "{}", '{"b"=1, "a"=2, "10"=3, "9"=4}', '["a"]', 'tomap({x=1})',
             "null"],
    "length": ["[]", '["a", "b"]', '{"a" = "b"}', '"hello"', '"👾🕹️"', '"e\\u0301"',
               '"🇫🇷"', '"👨‍👩‍👧"', "toset([1, 1])", "1", "null", '"\\r\\n"', '"ａ"'],
    "lookup": ['{a="ay", b="bee"}, "a", "what?"', '{a="ay", b="bee"}, "c", "what?"',
               '{a="ay"}, "c"', '{a=1, b="x"}, "a", 0', '{}, "a", null', '["a"], 0, "x"',
               '{a={b=1}}, "a", {}'],
    "matchkeys": ['["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"]',
                  '["a", "b"], ["x"], ["x"]', "[], [], []", '["a"], ["x", "y"], ["x"]',
                  '[1, 2], [1, 2], ["2"]'],
    "merge": ['{a="b", c="d"}, {e="f", c="z"}', '{a="b"}, {e="f"}', "", "{}, {}",
              '{a=1}, {a="x"}', 'tomap({a=1}), tomap({b=2})', 'tomap({a=1}), tomap({b="x"})',
              '{a=1}, null', '["a"]', '{a={x=1}}, {a={y=2}}'],
    "one": ["[]", '["hello"]', '["a", "b"]', "toset([])", 'toset(["x"])', "[null]", '"x"',
            "tolist([])"],
    "range": ["3", "1, 4", "1, 8, 2", "1, 4, 0.5", "4, 1", "10, 8, -1", "0", "1, 1",
              "0, 1, 0", "-3", "1.5", "1, 4, -1"],
    "reverse": ['[1, 2, 3]', "[]", '["a", 1]', 'toset(["a", "b"])', '"abc"'],
    "setintersection": ['["a", "b"], ["b", "c"], ["b", "d"]', '["a"], []', '[1], ["1"]',
                        '["a", "b"]', "[], []"],
    "setproduct": ['["development", "staging"], ["app1", "app2"]', '["a"], []', '["a"], [1]',
                   '[], []', '["x"]', '{a=1}, ["x"]'],
    "setsubtract": ['["a", "b", "c"], ["a", "c"]', '["a"], ["b"]', '[1, 2], ["1"]', "[], [1]"],
    "setunion": ['["a", "b"], ["b", "c"], ["d"]', '[1], ["a"]', "[], []", '["a"]',
                 '[true], [1]'],
    "slice": ['["a", "b", "c", "d"], 1, 3', '["a", "b"], 0, 0', '["a", "b"], 1, 3',
              '["a", "b"], 2, 1', '["a", "b"], -1, 1', '[1, "x"], 0, 1', '"abc", 0, 1'],
    "sort": ['["e", "d", "a", "x"]', '[3, 10, 2]', '["b", 1]', '["a", null]', "[]",
             '["B", "a", "É", "e"]', 'toset(["b", "a"])', '[[1]]'],
    "sum": ["[10, 13, 6, 4.5]", "[]", '["1", 2]', "[0.1, 0.2]", '["x"]', "[null]",
            'toset([1, 2])', "1"],
    "transpose": ['{"a" = ["1", "2"], "b" = ["2", "3"]}', "{}", '{"a" = []}',
                  '{"a" = [1]}', '{"a" = "x"}'],
    "values": ['{a=3, c=2, d=1}', "{}", 'tomap({b=1, a=2})', '{a=1, b="x"}', '["a"]'],
    "zipmap": ['["a", "b"], [1, 2]', '["a", "b"], [1, "x"]', "[], []", '["a"], [1, 2]',
               '["a", "a"], [1, 2]', '[1, 2], ["a", "b"]', '[null], [1]'],
    "base64decode": ['"SGVsbG8gV29ybGQ="', '""', '"SGVsbG8"', '"!!!"', '"/w=="', "1"],
    "base64encode": ['"Hello World"', '""', '"é"', "1", "null"],
    "base64gzip": ['"test"', '""'],
    "csvdecode": ['"a,b,c\\n1,2,3\\n4,5,6"', '"a,b\\n"', '"a,b\\n1"', '""', '"a,a\\n1,2"',
                  '"a,b\\n\\"x,y\\",2"',
        "\"a\\r\\n1\\r\\n2\"", "\"a,b\\n\\n1,2\\n\\n\"", "\"a,b\\n\\\"x\\\"\\\"y\\\",2\"", "\"a,b\\n1,x\\\"y\"",
                  "\"a,b\\n\\\"1\\\"x,2\"", "\"a,b\\n\\\"multi\\nline\\\",2\"", "\"a\\n\\\"x\"", "\"a,b\\n1,2,3\"", "\" a , b \\n 1 , 2 \"",
                  "\"\\n\\na\\n1\"", "\"a,\\n1,\"", "\"a\\n1\\r\"", "null", "1"],
    "jsondecode": ['"{\\"hello\\": \\"world\\"}"', '"true"', '"1.5e3"', '"[1, \\"a\\", null]"',
                   '"null"', '"{"', '""', '"123456789012345678901234567890"', '"{\\"a\\":1,\\"a\\":2}"',
                   '"\\"\\\\u00e9\\""'],
    "jsonencode": ['{"hello"="world"}', '"<&>"', "1.5", "null", '[1, "a", true]',
                   'tolist(["b", "a"])', 'toset(["b", "a"])', "{}", '"\\u2028"', "1e20",
                   "0.1 + 0.2", '{b=1, a=2}'],
    "textencodebase64": ['"Hello World", "UTF-16LE"', '"é", "ISO-8859-1"', '"x", "nope"',
                         '"日本", "Shift_JIS"', '"x", "UTF-8"'],
    "textdecodebase64": ['"SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE"', '"6Q==", "ISO-8859-1"',
                         '"!!", "UTF-8"', '"eA==", "nope"'],
    "urlencode": ['"Hello World!"', '"☃"', '"foo:bar@localhost?foo=bar&bar=baz"', '"a/b~c_d.e-f"',
                  '""'],
    "yamldecode": ['"hello: world"', '"true"', '"{a: 1, b: [x, y]}"', '"- 1\\n- 2"', '"null"',
                   '"a: [1"', '"1.0"', '"0x10"', '"yes"', '"~"', '"a: !!str 1"',
        "\"\"", "\"---\"", "\"a: 1\\n---\\nb: 2\"", "\"a: &x [1]\\nb: *x\"", "\"<<: {a: 1}\\nb: 2\"",
                   "\"1_000\"", "\"0o17\"", "\"2018-01-02\"", "\".5\"", "\"+1\"", "\"1.\"", "\"{1: a, true: b}\"", "\"-0\"",
                   "\"a: ~\\nb:\"", "\"\\\"yes\\\"\"", "\"!!binary aGk=\"", "\"!foo x\"", "\"[1, 2, 1e3]\"", "\"a: |\\n  x\\n  y\\n\"",
                   "\"a: 1\\na: 2\"", "\"[on, off, No, NULL, Null, .inf, .nan, 1e400]\"", "\"!!int 0x1F\"", "\"!!int x\"",
                   "\"!!float 1\"", "\"!!bool yes\"", "\"!!bool maybe\"", "\"!!null x\"", "\"!!str 1.5\"", "\"0b101\"", "\"012\"",
                   "\"0x1F_FF\"", "\"-12.5e-3\"", "\"'single' \"", "\"? [a]\\n: 1\"", "\"~: 1\"", "\"a: [1, {b: c}]\"",
                   "\"a: &a\\n  b: 1\\nc:\\n  <<: *a\\n  d: 2\"", "\"a: >\\n  folded\\n  text\\n\"", "\"key: 'it''s'\"",
                   "\"- a\\n- - b\\n  - c\"", "\"12345678901234567890123\"", "\"a: 1 # comment\"", "null"],
    "yamlencode": ['{"a"="b", "c"="d"}', '{"a"=["b", "c"]}', '"x"', "1", "null", "[]",
                   '"multi\\nline"', 'true'],
    "dirname": ['"foo/bar/baz.txt"', '"foo"', '"/"', '""', '"a/b/"'],
    "basename": ['"foo/bar/baz.txt"', '"foo"', '"/"', '""', '"a/b/"'],
    "pathexpand": ['"/etc/x"', '"rel/path"'],
    "cidrhost": ['"10.12.112.0/20", 16', '"10.12.112.0/20", 268', '"fd00:fd12:3456:7890:00a2::/72", 34',
                 '"10.0.0.0/24", 256', '"10.0.0.0/24", -1', '"x", 1', '"10.0.0.0/8", "5"',
        "\"010.0.0.0/8\", 1", "\"10.0.0.0/08\", 1", "\"10.0.0.0/24\", -256", "\"10.0.0.0/24\", -257", "\"10.0.0.0/24\", 1.5",
                 "\"fd00::/64\", 18446744073709551616", "\"fd00::/64\", -1", "\"::10.0.0.0/120\", 1", "\"1.2.3.4/32\", 0",
                 "\"1.2.3.4/33\", 0", "\" 10.0.0.0/8\", 1", "\"10.0.0/8\", 1", "\"2001:db8::/32\", 65536", "\"10.0.0.0/8\", null"],
    "cidrnetmask": ['"172.16.0.0/12"', '"10.0.0.0/32"', '"10.0.0.0/0"', '"fd00::/64"', '"x"',
        "\"10.1.2.3/8\"", "\"192.168.0.0/23\"", "\"10.0.0.0/33\"", "\"10.0.0.0\"", "\"256.0.0.0/8\"", "null"],
    "cidrsubnet": ['"172.16.0.0/12", 4, 2', '"10.1.2.0/24", 4, 15', '"fd00:fd12:3456:7890::/56", 16, 162',
                   '"10.0.0.0/24", 4, 16', '"10.0.0.0/30", 4, 0', '"10.0.0.0/8", 0, 0',
        "\"10.0.0.0/24\", 4, 15.5", "\"fd00::/16\", 40, 5", "\"fd00::/16\", 64, 5", "\"10.0.0.0/16\", 8, 255",
                   "\"10.0.0.0/16\", 8, 256", "\"10.0.0.0/16\", \"8\", \"3\"", "\"2001:db8::/32\", 96, 1", "\"x/8\", 1, 1"],
    "cidrsubnets": ['"10.1.0.0/16", 4, 4, 8, 4', '"fd00:fd12:3456:7890::/56", 16, 16, 16, 32',
                    '"10.0.0.0/8"', '"10.0.0.0/30", 4', '"10.0.0.0/24", 1, 1, 1',
        "\"10.0.0.0/8\", 0", "\"10.0.0.0/8\", 33", "\"fd00::/16\", 33", "\"10.0.0.0/24\", 2, 1",
                    "\"10.0.0.0/24\", 2, 2, 2, 2", "\"10.0.0.0/24\", 2, 2, 2, 2, 2", "\"fd00::/48\", 16, 8, 16",
                    "\"10.0.0.0/16\", 8, 4, 8", "\"192.168.0.0/24\", 1, 2, 3, 3"],
    "md5": ['"hello world"', '""', '"é"', "1"],
    "sha1": ['"hello world"', '""', "1"],
    "sha256": ['"hello world"', '""', '"é"'],
    "sha512": ['"hello world"', '""'],
    "base64sha256": ['"hello world"', '""'],
    "base64sha512": ['"hello world"', '""'],
    "uuidv5": ['"dns", "www.terraform.io"', '"url", "https://www.terraform.io/"',
               '"oid", "1.2.3"', '"x500", "CN=Test"', '"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "x"',
               '"nope", "x"'],
    "formatdate": ['"DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z"', '"EEEE, DD-MMM-YY", "2018-01-02T23:12:01Z"',
                   '"h:mmaa", "2018-01-02T23:12:01-08:00"', '"YYYY", "2018-01-02"', '"\'quoted\' YY", "2018-01-02T00:00:00Z"',
                   '"Z ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30"', '"EEE MMMM D H:m:s", "2020-02-29T01:02:03Z"',
        "\"a\", \"2018-01-02T13:04:05Z\"", "\"aa AA\", \"2018-01-02T13:04:05Z\"", "\"YYY\", \"2018-01-02T13:04:05Z\"",
                   "\"ZZ\", \"2018-01-02T13:04:05Z\"", "\"x\", \"2018-01-02T13:04:05Z\"", "\"'abc\", \"2018-01-02T13:04:05Z\"",
                   "\"''\", \"2018-01-02T13:04:05Z\"", "\"'it''s' .,-\", \"2018-01-02T13:04:05Z\"", "\"Z ZZZZ ZZZZZ\", \"2018-01-02T13:04:05+00:00\"",
                   "\"hh\", \"2018-01-02t13:04:05Z\"", "\"hh\", \"2018-01-02T3:04:05Z\"", "\"ss\", \"2018-01-02T13:04:60Z\"",
                   "\"ss\", \"2018-01-02T13:04:05.123456789123Z\"", "\"DD\", \"2018-02-30T13:04:05Z\"", "\"HH h a\", \"2018-01-02T00:04:05Z\"",
                   "\"YYYY-MM-DD EEEE\", \"2000-02-29T12:00:00Z\"", "\"YY M D\", \"1999-12-31T23:59:59-12:00\"", "\"EEE\", \"1970-01-01T00:00:00Z\"",
                   "\"EEE\", \"0001-01-01T00:00:00Z\"", "\"MMM MMMM\", \"2023-09-15T10:00:00+14:00\"", "\"DD\", \"2100-02-29T00:00:00Z\"",
                   "\"hh:mm\", \"2018-01-02T24:00:00Z\"", "\"hh\", \"2018-01-02T13:04:05+05:60\"", "\"h\", \"2018-01-02T13:04:05.Z\"",
                   "\"MMMMM\", \"2018-01-02T13:04:05Z\"", "\"EE\", \"2018-01-02T13:04:05Z\"", "\"DDD\", \"2018-01-02T13:04:05Z\"", "\"\", \"2018-01-02T13:04:05Z\""],
    "timeadd": ['"2017-11-22T00:00:00Z", "10m"', '"2017-11-22T00:00:00Z", "-1h30m"',
                '"2017-11-22T00:00:00Z", "1d"', '"x", "1h"', '"2024-02-28T23:00:00+01:00", "25h"',
        "\"2018-01-02T13:04:05.5Z\", \"1.5s\"", "\"2018-01-02T13:04:05+00:00\", \"0\"", "\"2018-01-02T13:04:05Z\", \"1h1h\"",
                "\"2018-01-02T13:04:05Z\", \"+.5m\"", "\"2018-01-02T13:04:05Z\", \"1µs\"", "\"2018-01-02T13:04:05Z\", \"\"",
                "\"2018-01-02T13:04:05Z\", \"1H\"", "\"9999-12-31T23:59:59Z\", \"1s\"", "\"2018-01-02T13:04:05Z\", \"-24h\"",
                "\"2018-01-02T13:04:05-07:00\", \"8760h\"", "\"2018-01-02T13:04:05Z\", \"1.25h\"", "\"2018-01-02T13:04:05Z\", \"500ms\"",
                "\"2018-01-02T13:04:05.999Z\", \"1ms\"", "\"2018-01-02T13:04:05Z\", \"1\"", "\"2018-01-02T13:04:05Z\", \".s\"",
                "\"2018-01-02T13:04:05Z\", \"-0\"", "\"2018-01-02T13:04:05Z\", \"2562047h\"", "\"2018-01-02T13:04:05Z\", \"3000000h\"",
                "\"2016-02-29T00:00:00Z\", \"8784h\"", "\"2018-01-02T13:04:05Z\", \"1m30s15ms\"", "\"2018-01-02T13:04:05Z\", 1"],
    "timecmp": ['"2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z"', '"2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z"',
                '"2017-11-22T01:00:00+01:00", "2017-11-22T00:00:00Z"', '"2017-11-22", "2017-11-22T00:00:00Z"',
        "\"2018-01-02T13:04:05.1Z\", \"2018-01-02T13:04:05Z\"", "\"2018-01-02T13:04:05Z\", \"2018-01-02T13:04:05.000Z\"",
                "\"2018-01-02T23:00:00-02:00\", \"2018-01-03T01:00:00Z\"", "\"x\", \"2018-01-02T13:04:05Z\"", "\"2018-01-02T13:04:05Z\", null",
                "\"2000-01-01T00:00:00Z\", \"1999-12-31T23:59:59Z\""],
    "tobool": ["true", '"true"', '"false"', '"1"', "1", "null", '"True"', "[]"],
    "tonumber": ["42", '"42"', '"0"', '"1e3"', '"-0.5"', '" 1"', '"0x10"', '"x"', "true", "null",
                 '"1_000"', '"123456789012345678901234567890"', '".5"'],
    "tostring": ['"hello"', "1", "1.5", "true", "null", "[]", '{"a"=1}', "1e20", "-0.0"],
    "tolist": ['["a", "b", "c"]', '["a", "b", 3]', '[1, true]', '[1, [2]]', "[]", 'toset(["b", "a"])',
               '{"a"=1}', "null", '["a", null]', '[{a=1}, {b=2}]', '[{a=1}, {a="x"}]'],
    "toset": ['["a", "b", "c"]', '["c", "b", "b"]', '["a", "b", 3]', "[]", "[1, 10, 2]",
              '["b", "a", "B"]', "[[1], [1]]", "null", '[1, true]'],
    "tomap": ['{"a" = 1, "b" = 2}', '{"a" = "foo", "b" = true}', '{"a" = 1, "b" = "x"}', "{}",
              '{"a" = [1], "b" = "x"}', '["a"]', "null", '{"a" = null, "b" = 1}',
              '{a = {x = 1}, b = {y = 2}}'],
    "sensitive": ['"x"'],
    "nonsensitive": ['sensitive("x")', '"plain"', "sensitive([1, 2])", "sensitive(null)"],
    "issensitive": ['sensitive("x")', '"x"', "[sensitive(1)]", "null"],
    "ephemeralasnull": ['"x"', "null", "[1]"],
    "templatestring": ['"Hello, $${name}!", {name = "Jane"}', '"%%{ for x in xs }$${x}%%{ endfor }", {xs = [1, 2]}',
                       '"$${a}", {}', '"x", {}', '"$${1 + 1}", {}'],
    "can": ['1 + "x"', "1", '[][0]', '{}.a', 'tonumber("x")', 'regex("[", "x")', "nosuch(1)",
            'upper(1, 2)', '[1][1]'],
    "try": ['1 + "x", "fallback"', '[][0], 2', '{a=1}.a, 2', 'tonumber("x"), tonumber("y")',
            '{}.b, null', '[1][2], {a=1}.b, "third"', "1", '[][0], 1, "x"'],
}

# Functions Terraform evaluates but whose value changes from run to run, or
# depends on the machine: console answers them, cxlint must say Unknown.
# (File functions are compared with Terraform in files.cases, where the
# files exist.)
IMPURE = {
    "timestamp": [""],
    "plantimestamp": [""],
    "uuid": [""],
    "bcrypt": ['"hello"'],
    "abspath": ['"."'],
    "rsadecrypt": ['"x", "y"'],
}

# Values crossed with each other and with conversions. Chosen to hit the
# type-system corners: tuple vs list, object vs map, string/number/bool
# conversion, null, sets, nested structures, numbers that floats get wrong.
VALUES = [
    "null", "true", "false", "0", "1", "-1", "1.5", "0.1", '"1"', '"true"', '""', '"a"',
    "[]", "{}", '["a"]', '[1, "a"]', 'tolist(["a"])', 'toset(["a"])', '{a = 1}',
    'tomap({a = 1})', '{a = "1"}', "[[1]]", '[null]', "12345678901234567890",
]

NUMBERS = ["0", "1", "-1", "0.1", "0.2", "3", "7", "-7", "2.5", "1e3", "568.55", "268.55",
           "12345678901234567890", "1e-7", '"4"']

BINOPS = ["+", "-", "*", "/", "%"]
CMPOPS = ["<", "<=", ">", ">="]

FORMAT_VERBS = ["%v", "%#v", "%s", "%q", "%d", "%f", "%.2f", "%t", "%x", "%X", "%o", "%b",
                "%e", "%E", "%g", "%G", "%5d", "%-5d|", "%05d", "%+d", "%8.3f", "%10s|",
                "%-10s|", "%.1s", "%#x"]
FORMAT_ARGS = ["1", "-42", "1.5", "255", '"a"', '"hi there"', "true", "null", "[1, 2]",
               '{a = 1}', "12345678901234567890", '"12"']

STRINGS = ['"hello"', '"Hello World"', '""', '"  pad  "', '"e\\u0301"', '"\\u00e9"',
           '"🇫🇷🇩🇪"', '"👨‍👩‍👧"', '"straße"', '"ǆ"', '"ÅNGSTRÖM"', '"a\\tb\\n"', '"Σίσυφος"',
           '"ﬁ"', '"İ"', '"\\u0041\\u030A"']
STRING_FNS = ["length({s})", "upper({s})", "lower({s})", "title({s})", "strrev({s})",
              "substr({s}, 0, 1)", "substr({s}, 1, -1)", "trimspace({s})", "chomp({s})",
              "{s} == \"\\u00e9\"", "jsonencode({s})", "split(\"\", {s})"]

CONVERSIONS = ["tostring({v})", "tonumber({v})", "tobool({v})", "tolist({v})", "toset({v})",
               "tomap({v})", "jsonencode({v})", "length({v})", "{v} == null",
               "true ? {v} : null", "[{v}, {v}]", "{{k = {v}}}"]


def write(name, groups):
    lines = [f"# Generated by scripts/eval-diff-gen.py: edit that script, not this file.", ""]
    for gname, exprs, impure in groups:
        lines.append(f"## group {gname}")
        if exprs:
            lines.append("## exprs")
            lines.extend(exprs)
        if impure:
            lines.append("## impure")
            lines.extend(impure)
        lines.append("")
    (OUT / f"{name}.cases").write_text("\n".join(lines), encoding="utf-8")
    return sum(len(e) + len(i) for _, e, i in groups)


def dedup(xs):
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def main():
    total = 0
    groups = []
    for fn, argsets in sorted(FUNCS.items()):
        exprs = [f"{fn}({a})" for a in argsets]
        # The namespaced spelling of Terraform 1.8+ must mean the same thing.
        exprs.append(f"core::{fn}({argsets[0]})")
        # Arity and argument-type errors, for every function.
        exprs.append(f"{fn}()")
        exprs.append(f"{fn}({{a = [1]}})")
        groups.append((fn, dedup(exprs), []))
    groups.append(("impure", [], dedup(f"{fn}({a})" for fn, al in sorted(IMPURE.items()) for a in al)))
    total += write("gen-functions", groups)

    eq = [f"{a} == {b}" for i, a in enumerate(VALUES) for b in VALUES[i:]]
    neq = [f"{a} != {b}" for a in VALUES[::3] for b in VALUES[1::3]]
    total += write("gen-equality", [("eq", eq, []), ("neq", dedup(neq), [])])

    arith = [f"{a} {op} {b}" for op in BINOPS for a in NUMBERS[::2] for b in NUMBERS[1::2]]
    cmp = [f"{a} {op} {b}" for op in CMPOPS for a in NUMBERS[::3] for b in NUMBERS[1::4]]
    unary = [f"-{a}" for a in NUMBERS] + ["!true", "!false", '!"true"', "!1", '-"2"', "!null"]
    total += write("gen-numbers", [("arith", arith, []), ("compare", dedup(cmp), []),
                                   ("unary", unary, [])])

    fmt = [f'format("{verb}", {arg})' for verb in FORMAT_VERBS for arg in FORMAT_ARGS[::2]]
    fmt += [f'format("%v|%s|%d", {a}, {a}, {a})' for a in FORMAT_ARGS]
    total += write("gen-format", [("verbs", dedup(fmt), [])])

    strs = [f.format(s=s) for f in STRING_FNS for s in STRINGS]
    total += write("gen-strings", [("unicode", dedup(strs), [])])

    conv = [c.format(v=v) for c in CONVERSIONS for v in VALUES]
    unify = [f"true ? {a} : {b}" for a in VALUES[::2] for b in VALUES[1::2]]
    unify += [f"[{a}, {b}]" for a in VALUES[::4] for b in VALUES[2::4]]
    total += write("gen-conversions", [("convert", dedup(conv), []), ("unify", dedup(unify), [])])
    print(f"wrote {total} generated cases")


if __name__ == "__main__":
    main()
