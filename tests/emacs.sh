#!/usr/bin/env bash
# contrib/emacs: real Emacs (batch) runs fzlint in compilation-mode and visits every
# finding with next-error; point must be on the reported character of Chinese lines.
# Twice: M-x fzlint (character columns) in a Chinese language environment, where “ is
# 2 screen columns (CJK width table), and plain M-x compile (display columns read as screen
# columns; under a pty with TERM=dumb, with no --color=never: fzlint must not colour).
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v emacs >/dev/null || { echo "emacs not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/tests/formats/rules
export PATH=$(dirname "$fzlint"):$PATH FZ_EMACS_DIR=$src/contrib/emacs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/formats"

cat >"$tmp/check.el" <<'EL'
(add-to-list 'load-path (getenv "FZ_EMACS_DIR"))
(require 'fzlint)
(prefer-coding-system 'utf-8)
(setq compilation-skip-threshold 0)     ; visit info findings too
(let* ((variant (getenv "VARIANT"))
       (buf (if (equal variant "char")
                (progn (set-language-environment "Chinese-GB18030")
                       (prefer-coding-system 'utf-8)
                       (use-cjk-char-width-table 'zh_CN) ; as in a zh_CN terminal
                       (unless (= (char-width ?“) 2) (error "“ is not wide"))
                       (fzlint '("report-a.txt" "report-b.txt")))
              (set-language-environment "UTF-8")
              ;; as a user types it: no --color=never; Emacs runs it under a pty with
              ;; TERM=dumb (startup.el sets it in every interactive Emacs, not in
              ;; --batch), where fzlint must not colour
              (setenv "TERM" "dumb")
              (setq process-connection-type t)
              (compilation-start "fzlint --max-per-rule=0 report-a.txt report-b.txt")))
       (out '()))
  (when (equal variant "char")   ; the buffer the README names
    (unless (equal (buffer-name buf) "*fzlint*") (error "M-x fzlint's buffer is %s" (buffer-name buf))))
  (while (process-live-p (get-buffer-process buf)) (accept-process-output nil 0.1))
  ;; the process can be gone before its last output and sentinel are handled: drain them
  ;; and parse the whole buffer, so next-error sees every line under any load
  (accept-process-output nil 0.2)
  (with-current-buffer buf
    (when (fboundp 'compilation--ensure-parse) (compilation--ensure-parse (point-max))))
  (setq next-error-last-buffer buf)
  (with-current-buffer buf (goto-char (point-min)))
  (condition-case nil
      (while t
        (next-error)
        (let ((w (selected-window)))
          (with-current-buffer (window-buffer w)
            (let ((p (window-point w)))
              (goto-char p)
              (push (format "%s:%d:%d:%s" (buffer-name) (line-number-at-pos p)
                            (1+ (- p (line-beginning-position)))
                            (buffer-substring-no-properties p (min (point-max) (+ p 2))))
                    out)))))
    (user-error nil))
  (with-temp-file (getenv "OUT") (insert (mapconcat #'identity (nreverse out) "\n") "\n")))
EL

# line, character column and the two characters there, found by hand
cat >"$tmp/want.txt" <<'WANT'
report-a.txt:3:15:布署
report-a.txt:3:20:XX
report-a.txt:4:7:布署
report-a.txt:5:8:布署
report-a.txt:5:20:XX
report-a.txt:6:6:布署
report-a.txt:6:19:XX
report-b.txt:1:1:关于
report-b.txt:2:1:一、
report-b.txt:3:27:布署
WANT
for variant in char display; do
  VARIANT=$variant OUT=$tmp/got-$variant.txt emacs --batch -Q -l "$tmp/check.el" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; echo "FAIL: emacs exited with an error"; exit 1; }
  diff -u "$tmp/want.txt" "$tmp/got-$variant.txt" || { echo "FAIL: $variant"; exit 1; }
done
echo "emacs: ok"
