#!/usr/bin/env python3
"""Checks a PostVault backup ZIP with Python's own zipfile module.

Every entry's CRC is verified (testzip), every .eml entry is read in full and its SHA-256 compared with the one
manifest.json gives for its path, and the manifest lists exactly the .eml entries. Prints "sha256 path" for each
message (for the caller to compare with the bytes it put in), then "OK <count>". Exit status 1 on any mismatch.
Reads in 1 MiB steps: a backup of any size is checked in constant memory.
"""
import hashlib
import json
import sys
import zipfile


def main(path):
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        if bad is not None:
            sys.exit("bad CRC in " + bad)
        manifest = json.loads(archive.read("manifest.json"))
        expected = {m["path"]: m["sha256"] for m in manifest["messages"]}
        seen = 0
        for info in archive.infolist():
            if info.filename == "manifest.json":
                continue
            digest = hashlib.sha256()
            with archive.open(info) as entry:
                for chunk in iter(lambda: entry.read(1 << 20), b""):
                    digest.update(chunk)
            if expected.get(info.filename) != digest.hexdigest():
                sys.exit("sha256 of %s is %s, the manifest says %s"
                         % (info.filename, digest.hexdigest(), expected.get(info.filename)))
            print(digest.hexdigest(), info.filename)
            seen += 1
        if seen != len(expected) or manifest["count"] != seen:
            sys.exit("%d entries, the manifest lists %d (count %d)" % (seen, len(expected), manifest["count"]))
        print("OK", seen)


if __name__ == "__main__":
    main(sys.argv[1])
