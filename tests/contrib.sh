#!/usr/bin/env bash
# contrib/: the VS Code problem matcher, the GitHub Actions workflow, the GitLab CI job
# and the pre-commit hook, each run the way its tool would run it on the test reports.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/tests/formats/rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/work"
ln -s "$fzlint" "$tmp/bin/fzlint"
export PATH=$tmp/bin:$PATH
cp "$src/tests/formats/"report-*.txt "$tmp/work/"
# seven findings of one rule: more than --max-per-rule's default five
printf '关于2025年度法治政府建设情况的报告\n一、存在的不足\n%s\n' \
  "$(for i in 1 2 3 4 5 6 7; do printf '第%s次布署，' $i; done)" >"$tmp/work/report-c.txt"
cd "$tmp/work"

python3 - "$src" <<'PY'
import json, os, re, shlex, subprocess, sys, yaml
src = sys.argv[1]

def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)

def sh(cmd, env=None):
    """Runs a CI script line with sh -e, as the runners do."""
    return subprocess.run(["sh", "-ec", cmd], env={**os.environ, **(env or {})},
                          capture_output=True, text=True)

# ---- VS Code: the problem matcher on real output ---------------------------------
tasks = json.load(open(f"{src}/contrib/vscode/tasks.json", encoding="utf-8"))
for task in tasks["tasks"]:
    m = task["problemMatcher"]
    pat = m["pattern"]
    target = "report-a.txt" if task["args"][-1] == "${file}" else "."
    args = [a for a in task["args"][:-1]] + ["--max-per-rule=0", target]
    out = subprocess.run([task["command"]] + args, capture_output=True, text=True).stdout
    js = json.loads(subprocess.run(["fzlint", "--format=json", "--column-unit=utf16",
                                    "--max-per-rule=0", target],
                                   capture_output=True, text=True).stdout)
    want = [(os.path.normpath(f["path"]), d["start"]["line"], d["start"]["column"], d["level"],
             d["message"], d["ruleId"]) for f in js["files"] for d in f["diagnostics"]]
    got = []
    for line in out.splitlines():
        mm = re.match(pat["regexp"], line)
        if mm:
            g = lambda k: mm.group(pat[k])
            got.append((os.path.normpath(g("file")), int(g("line")), int(g("column")),
                        g("severity"), g("message"), g("code")))
    check(got == want, f"vscode {task['label']}: {got} != {want}")
    check(len(got) >= 7, "vscode: findings matched")
print("vscode: ok")

# ---- GitHub Actions: the workflow's check step -------------------------------------
wf = yaml.safe_load(open(f"{src}/contrib/github/fzlint.yml", encoding="utf-8"))
job = wf["jobs"]["fzlint"]
check(wf["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"},
      f"permissions: {wf['permissions']}")
steps = {s.get("name", s.get("uses")): s for s in job["steps"]}
upload = next(s for s in job["steps"] if s.get("uses", "").startswith(
    "github/codeql-action/upload-sarif"))
check(upload.get("if") == "always()", "upload even when the check found something")
r = sh(steps["Check the reports"]["run"], {"REPORTS": "."})
check(r.returncode == 0, f"check step failed: {r.stderr}")
sarif = json.load(open(upload["with"]["sarif_file"], encoding="utf-8"))
results = sarif["runs"][0]["results"]
check(sarif["version"] == "2.1.0" and len(results) >= 7, "workflow SARIF")
# every finding reaches code scanning: no stand-in for findings left out
check(not any("suppressed" in r.get("properties", {}) for r in results), "a stand-in in SARIF")
check(sum(r["ruleId"] == "fmt/words" and r["locations"][0]["physicalLocation"]
          ["artifactLocation"]["uri"] == "report-c.txt" for r in results) == 7, "all 7 in SARIF")
r = sh(steps["Fail on errors"]["run"], {"REPORTS": "."})
check(r.returncode == 1 and "合计 3 个文件" in r.stdout, "the gate fails on errors")
print("github: ok")

# ---- GitLab CI: the job's script, with the converter from contrib --------------------
ci = yaml.safe_load(open(f"{src}/contrib/gitlab/gitlab-ci.yml", encoding="utf-8"))
job = ci["fzlint"]
check(job["artifacts"]["when"] == "always", "artifacts always")
report = job["artifacts"]["reports"]["codequality"]
for line in job["script"]:
    line = line.replace("/usr/share/fzlint/gitlab/", f"{src}/contrib/gitlab/")
    r = sh(line, {"REPORTS": "."})
    if "--fail-on" in line:
        check(r.returncode == 1, "the gate fails on errors")
    else:
        check(r.returncode == 0, f"{line}: {r.stderr}")
cq = json.load(open(report, encoding="utf-8"))
js = json.load(open("fzlint.json", encoding="utf-8"))
want = [(f["path"].removeprefix("./"), d["start"]["line"], d["ruleId"])
        for f in js["files"] for d in f["diagnostics"]]
check([(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in cq]
      == want, "code quality issues = fzlint findings")
check(len({i["fingerprint"] for i in cq}) == len(cq), "fingerprints unique")
check(sum(i["location"]["path"] == "report-c.txt" and i["check_name"] == "fmt/words"
          for i in cq) == 7, "all 7 findings in Code Quality")
# a fingerprint follows the finding, not its message (whose counts change) nor its line
moved = json.loads(json.dumps(js))
for f in moved["files"]:
    for d in f["diagnostics"]:
        d["message"] += "（改）"
        d["start"]["line"] += 3
        d["end"]["line"] += 3
conv = f"{src}/contrib/gitlab/fzlint-codequality.py"
again = json.loads(subprocess.run([sys.executable, conv], input=json.dumps(moved),
                                  capture_output=True, text=True, check=True).stdout)
check([i["fingerprint"] for i in again] == [i["fingerprint"] for i in cq],
      "fingerprints change with the message or the line")
check({i["severity"] for i in cq} <= {"major", "minor", "info"}, "severities")
check(all(i["description"] and i["type"] == "issue" for i in cq), "descriptions")
print("gitlab: ok")

# ---- pre-commit: the hook as pre-commit runs it (entry + args + file names) ---------
hooks = yaml.safe_load(open(f"{src}/.pre-commit-hooks.yaml", encoding="utf-8"))
hook = next(h for h in hooks if h["id"] == "fzlint")
check(hook["language"] == "system" and re.search(hook["files"], "reports/a.txt"), "hook")
check(not re.search(hook["files"], "README.md"), "hook files")
cmd = shlex.split(hook["entry"]) + hook.get("args", [])
r = subprocess.run(cmd + ["report-a.txt"], capture_output=True, text=True)
check(r.returncode == 1 and "report-a.txt:3:29: warning" in r.stdout, "hook on a bad report")
open("ok.txt", "w", encoding="utf-8").write(
    "关于2025年度法治政府建设情况的报告\n二、存在的不足和原因\n行政机关负责人出庭应诉率为100%。\n")
r = subprocess.run(cmd + ["ok.txt"], capture_output=True, text=True)
check(r.returncode == 0, f"hook on a clean report: {r.stdout}")
print("pre-commit: ok")
PY
