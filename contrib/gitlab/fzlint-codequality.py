#!/usr/bin/env python3
"""fzlint --format=json on stdin -> GitLab Code Quality report (Code Climate JSON) on stdout.

    fzlint --format=json reports/ | python3 fzlint-codequality.py > gl-code-quality-report.json

Severities: error -> major, warning -> minor, info -> info.  The fingerprint is
stable when lines move and when a count in a message changes: path, rule, the
finding's text (the span it marks, as written) and the how-many-th such finding.
"""
import hashlib
import json
import sys

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def main():
    doc = json.load(sys.stdin)
    issues, seen = [], {}
    for f in doc["files"]:
        path = f["path"]
        while path.startswith("./"):
            path = path[2:]
        for d in f["diagnostics"]:
            key = (path, d["ruleId"], d["text"])
            seen[key] = seen.get(key, 0) + 1
            fp = hashlib.sha256("\0".join(key + (str(seen[key]),)).encode("utf-8")).hexdigest()
            desc = d["message"]
            if d.get("fix"):
                desc += "（建议改为“%s”）" % d["fix"]
            issues.append({
                "type": "issue",
                "description": desc,
                "check_name": d["ruleId"],
                "categories": ["Style"],
                "severity": SEVERITY.get(d["level"], "info"),
                "fingerprint": fp,
                "location": {"path": path,
                             "lines": {"begin": d["start"]["line"], "end": d["end"]["line"]}},
            })
    json.dump(issues, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
