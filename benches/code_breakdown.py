#!/usr/bin/env python3
"""Where the generated lines go: reads the prettyplease output of one spec
(`expand <spec>`) on stdin, sorts every top-level item (with the doc
comments and attributes above it) into a kind, and prints tab-separated
rows `kind<TAB>lines` (the kinds in a fixed order)."""
import re
import sys

KINDS = [
    "request types (struct, new, getters, rules)",
    "Command / SimpleCommand impls",
    "line types of responses and URCs (struct or enum, LineType impl)",
    "enums and code tables",
    "URC types and dialect glue",
]

ITEM = re.compile(r"(?:pub )?(?:struct|enum|fn|const|static|type|mod) (\w+)")
IMPL = re.compile(r"impl(?:<[^>]*>)? (?:(\S+) for )?(\w+)")


def head(line):
    """The item a top-level line starts: (trait or None, type name), or None."""
    m = IMPL.match(line)
    if m:
        return (m.group(1) or "").split("::")[-1].split("<")[0], m.group(2)
    m = ITEM.match(line)
    return (None, m.group(1)) if m else None


def main():
    lines = sys.stdin.read().splitlines()
    heads = [head(l) if l and not l.startswith((" ", "}", ")", "]")) else None for l in lines]
    forms, line_types, enums = set(), set(), set()
    for h in filter(None, heads):
        trait, name = h
        if trait in ("Command", "SimpleCommand"):
            forms.add(name)
        elif trait == "LineType":
            line_types.add(name)
        elif trait == "Display":
            enums.add(name)

    def kind(trait, name):
        if trait in ("Command", "SimpleCommand"):
            return KINDS[1]
        if name in forms:
            return KINDS[0]
        if name in line_types or (name.endswith("Fields") and name[:-6] in line_types):
            return KINDS[2]
        if name in enums:
            return KINDS[3]
        return KINDS[4]

    counts = dict.fromkeys(KINDS, 0)
    current, pending, in_doc = KINDS[4], 0, False
    for line, h in zip(lines, heads):
        if in_doc or line.startswith(("///", "/**", "#[")):
            # Doc comments and attributes go with the item below them.
            in_doc = (in_doc or line.startswith("/**")) and "*/" not in line
            pending += 1
            continue
        if h:
            current = kind(*h)
        counts[current] += 1 + pending
        pending = 0
    counts[current] += pending
    for k in KINDS:
        print(f"{k}\t{counts[k]}")


if __name__ == "__main__":
    main()
