#!/usr/bin/env python3
"""Add one module version to a GOPROXY tree, for tests.

    mkmod.py ROOT PATH VERSION [NAME=TEXT | NAME@MIB] ...

Writes ROOT/PATH/@v/VERSION.mod ("module PATH", go 1.21), .info (a fixed
time) and .zip (the go.mod and each file given, deflated: NAME=TEXT, where
"\\n" in TEXT is a newline, or NAME@MIB, that many MiB of zero bytes
written as a stream), and appends VERSION to @v/list. File names are
taken as given, so a test can make a zip the go command refuses.
"""
import os
import sys
import zipfile


def main():
    root, path, ver = sys.argv[1:4]
    d = os.path.join(root, path, "@v")
    os.makedirs(d, exist_ok=True)
    gomod = "module %s\n\ngo 1.21\n" % path
    with open(os.path.join(d, ver + ".mod"), "w") as f:
        f.write(gomod)
    with open(os.path.join(d, ver + ".info"), "w") as f:
        f.write('{"Version":"%s","Time":"2024-01-02T03:04:05Z"}\n' % ver)
    pre = "%s@%s/" % (path, ver)
    with zipfile.ZipFile(os.path.join(d, ver + ".zip"), "w",
                         zipfile.ZIP_DEFLATED) as z:
        z.writestr(pre + "go.mod", gomod)
        for spec in sys.argv[4:]:
            if "=" in spec:
                name, text = spec.split("=", 1)
                z.writestr(pre + name, text.replace("\\n", "\n"))
            else:
                name, mib = spec.rsplit("@", 1)
                with z.open(pre + name, "w", force_zip64=True) as f:
                    chunk = bytes(1 << 20)
                    for _ in range(int(mib)):
                        f.write(chunk)
    with open(os.path.join(d, "list"), "a") as f:
        f.write(ver + "\n")


main()
