;;; fzlint.el --- fzlint findings in compilation-mode  -*- lexical-binding: t -*-

;; Keywords: tools, languages
;; Package-Requires: ((emacs "25.1"))

;;; Commentary:

;; fzlint checks 法治政府建设年度报告 and prints compiler-style findings
;; (FILE:LINE:COL: error|warning|info: MESSAGE [RULE]).
;;
;; M-x fzlint checks the current file (with a prefix argument: asks for files or
;; folders) in a *fzlint* compilation buffer; `next-error' (M-g n) then visits
;; each finding.  The buffer asks fzlint for character columns
;; (--column-unit=char) and reads them as characters, so point lands on the
;; reported character whatever widths Emacs gives CJK text and quotes such as “
;; (2 columns when Emacs uses its CJK width table, as in a zh_CN terminal; 1 in
;; fzlint's display unit).
;;
;; Plain M-x compile RET fzlint FILE also works: the rule below (and Emacs's own
;; `gnu' rule) recognize the lines; columns are then display columns, which match
;; Emacs's screen columns unless ambiguous-width characters are wide.

;;; Code:

(require 'compile)

(defgroup fzlint nil
  "Check 法治政府建设年度报告 with fzlint."
  :group 'tools)

(defcustom fzlint-program "fzlint"
  "The fzlint executable."
  :type 'string)

(defcustom fzlint-arguments '()
  "Extra arguments for fzlint, such as (\"--rules=my-pack.yaml\")."
  :type '(repeat string))

(defconst fzlint--regexp
  (concat "^\\([^:\n]+\\):\\([0-9]+\\):\\([0-9]+\\): "
          "\\(?:error\\|\\(warning\\)\\|\\(info\\)\\): ")
  "A finding line; the excerpt, caret and 依据 lines under it do not match.")

(add-to-list 'compilation-error-regexp-alist-alist
             `(fzlint ,fzlint--regexp 1 2 3 (4 . 5)))
(add-to-list 'compilation-error-regexp-alist 'fzlint)

(define-compilation-mode fzlint-compilation-mode "fzlint"
  "Compilation mode for fzlint findings, with character columns."
  (setq-local compilation-error-regexp-alist '(fzlint))
  (setq-local compilation-error-screen-columns nil)
  (setq-local compilation-first-column 1))

(defun fzlint-command (files)
  "The shell command that checks FILES."
  (mapconcat #'shell-quote-argument
             (append (list fzlint-program "--color=never" "--column-unit=char")
                     fzlint-arguments files)
             " "))

;;;###autoload
(defun fzlint (&optional files)
  "Check FILES (default: the current buffer's file) with fzlint.
With a prefix argument, read the files or folders to check."
  (interactive
   (list (if (or current-prefix-arg (not buffer-file-name))
             (split-string-and-unquote (read-string "fzlint: " nil nil buffer-file-name))
           (list buffer-file-name))))
  (when (and buffer-file-name (buffer-modified-p)) (save-buffer))
  (compilation-start (fzlint-command files) #'fzlint-compilation-mode
                     (lambda (_mode) "*fzlint*")))

(provide 'fzlint)
;;; fzlint.el ends here
