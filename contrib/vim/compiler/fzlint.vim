" Vim compiler file
" Compiler:    fzlint, the 法治政府建设年度报告 linter
" Usage:       :compiler fzlint  then  :make  (checks the current file; the
"              quickfix list then walks the findings: :cnext, :copen)
" Columns:     fzlint's default column unit is the display width (a CJK character
"              is 2 columns, as in GCC), which is Vim's virtual column (%v) with
"              'ambiwidth' single (the default) and 'tabstop' 8.

if exists("current_compiler")
  finish
endif
let current_compiler = "fzlint"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=fzlint\ --color=never\ --column-unit=display\ %:S
" FILE:LINE:COL: error|warning|info: MESSAGE [RULE]; the excerpt, caret, fix and
" 依据 lines under each finding and the closing count are not findings.
CompilerSet errorformat=%f:%l:%v:\ %trror:\ %m,
                       \%f:%l:%v:\ %tarning:\ %m,
                       \%f:%l:%v:\ %tnfo:\ %m,
                       \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
