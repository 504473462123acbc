" Vim compiler file
" Compiler:    fzlint, the 法治政府建设年度报告 linter
" Usage:       :compiler fzlint  then  :make  (checks the current file) or  :make %:h
"              (its folder) or  :make FILE...; the quickfix list then walks the
"              findings: :cnext, :copen
" Columns:     byte columns (--column-unit=byte) read with %c: Vim's byte index lands
"              on the character in every window.  A virtual column (%v) does not with
"              'wrap' on: a double-width character that does not fit at the end of a
"              screen line pushes the count on by a cell.

if exists("current_compiler")
  finish
endif
let current_compiler = "fzlint"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

" :make alone checks the current file; with arguments (:make %:h) only those, not the
" current file as well: the shell takes the file as $0 and uses it when $@ is empty.
execute 'CompilerSet makeprg=' . escape(
      \ 'sh -c ''exec fzlint --color=never --column-unit=byte "${@:-$0}"'' %:S $*', ' \|"')
" FILE:LINE:COL: error|warning|info: MESSAGE [RULE]; the excerpt, caret, fix and
" 依据 lines under each finding and the closing count are not findings.
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,
                       \%f:%l:%c:\ %tarning:\ %m,
                       \%f:%l:%c:\ %tnfo:\ %m,
                       \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
