#!/usr/bin/env python3
"""What go list -m -u -retracted says of each requirement, and what
modvet check says of it, as lines "PATH updated VERSION", "PATH retracted",
"PATH deprecated" and "PATH unavailable" (go list -e reports an Error for
the module: its retractions or update could not be loaded; modvet says
upstream-unavailable), sorted, so that a test compares them with cmp.

  module-status.py go GO.MOD.JSON LIST.JSON   (go mod edit -json; go list
                                               -e -m -u -retracted -json all)
  module-status.py modvet CHECK.JSON          (modvet check -f json)

The go command reports on the selected version of each module; modvet's
findings are on the require lines, so only required paths are compared.
"""
import json
import re
import sys


def json_stream(path):
    """The JSON values of a file that holds several, one after another."""
    text, dec, out, i = open(path).read(), json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        v, i = dec.raw_decode(text, i)
        out.append(v)


def from_go(gomod, listing):
    required = {r["Path"] for r in json_stream(gomod)[0].get("Require") or []}
    lines = set()
    for m in json_stream(listing):
        if m.get("Main") or m["Path"] not in required:
            continue
        if m.get("Update"):
            lines.add("%s updated %s" % (m["Path"], m["Update"]["Version"]))
        if m.get("Retracted"):
            lines.add("%s retracted" % m["Path"])
        if m.get("Deprecated"):
            lines.add("%s deprecated" % m["Path"])
        if m.get("Error"):
            lines.add("%s unavailable" % m["Path"])
    return lines


def from_modvet(check):
    lines = set()
    for f in json_stream(check)[0].get("findings", []):
        code, path = f.get("code"), f.get("module")
        if code == "outdated":
            m = re.search(r"a newer version exists: (\S+)$", f["message"])
            lines.add("%s updated %s" % (path, m.group(1) if m else "?"))
        elif code in ("retracted", "deprecated"):
            lines.add("%s %s" % (path, code))
        elif code == "upstream-unavailable":
            lines.add("%s unavailable" % path)
    return lines


def main():
    if sys.argv[1] == "go":
        lines = from_go(sys.argv[2], sys.argv[3])
    else:
        lines = from_modvet(sys.argv[2])
    for line in sorted(lines):
        print(line)


main()
