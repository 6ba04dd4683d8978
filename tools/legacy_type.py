"""Give every object of a map a `type` equal to its `class`, so Tiled 1.8 keeps the class.

Tiled 1.9 and newer write an object's class as `class="start"`; Tiled 1.8 only knows `type`
and, when it saves the map, drops `class` (the leg then has no start, no finish). With both
attributes, 1.8 shows and keeps the type, 1.9+ reads the class, and the game reads either.

    python tools/legacy_type.py levels/0*.tmx          # add the missing types, in place
    python tools/legacy_type.py --check levels/0*.tmx  # exit 1 if a file needs it

Idempotent: an object that already has `type` is left as it is (when it disagrees with its
`class`, the file is named and the exit status is 1: pick one by hand; `balto check` says so
too). Only the `<object ...>` tags change, byte for byte; the rest of the file stays.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

OBJECT_TAG = re.compile(r"<object\b[^>]*>")
ATTR = re.compile(r'\s(class|type)="([^"]*)"')
CLASS_ATTR = re.compile(r'\sclass="[^"]*"')


def with_types(text: str) -> tuple[str, list[str]]:
    """The map's text with `type` added beside every `class` that has none, and the
    disagreements found (`object ID: class 'a', type 'b'`)."""
    clashes: list[str] = []

    def fix(m: re.Match[str]) -> str:
        tag = m.group(0)
        attrs = dict(ATTR.findall(tag))
        if "class" not in attrs:
            return tag
        if "type" in attrs:
            if attrs["type"] != attrs["class"]:
                oid = re.search(r'\sid="([^"]*)"', tag)
                clashes.append(f"object {oid.group(1) if oid else '?'}: class '{attrs['class']}', "
                               f"type '{attrs['type']}'")
            return tag
        c = CLASS_ATTR.search(tag)
        assert c is not None
        return f'{tag[:c.end()]} type="{attrs["class"]}"{tag[c.end():]}'

    return OBJECT_TAG.sub(fix, text), clashes


def main(argv: list[str] | None = None) -> int:
    """Add the types in place (or, with --check, only say which files need them)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("maps", nargs="+", type=Path, help=".tmx (or .tx) files")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file needs types")
    args = ap.parse_args(argv)
    status = 0
    for path in args.maps:
        text = path.read_bytes().decode("utf-8")  # newlines as they are
        new, clashes = with_types(text)
        for c in clashes:
            print(f"{path}: {c} disagree; make them the same in Tiled", file=sys.stderr)
            status = 1
        if new != text:
            if args.check:
                print(f"{path}: objects with a class but no type (run python tools/legacy_type.py {path})")
                status = 1
            else:
                path.write_bytes(new.encode("utf-8"))
                print(f"{path}: added type beside class")
    return status


if __name__ == "__main__":
    sys.exit(main())
