# FzInstallVim.cmake - run by `cmake --install`: puts the Vim compiler plugin where a Vim
# looks for it.  Under /usr/local (the default prefix) that is the system Vim's own
# $VIM/vimfiles when it is on the Vim's 'runtimepath': Debian's Vim searches
# /usr/share/vim/vimfiles but nothing under /usr/local.  Any other prefix (the .deb's
# /usr, a staging or test prefix) gets share/vim/vimfiles below it, which is the same
# folder for /usr.  Set FZ_VIMFILES in the environment to choose another folder.
set(dest "${CMAKE_INSTALL_PREFIX}/${FZ_DATADIR}/vim/vimfiles")
if(DEFINED ENV{FZ_VIMFILES})
  set(dest "$ENV{FZ_VIMFILES}")
elseif(CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
  find_program(fz_vim NAMES vim)
  if(fz_vim)
    execute_process(COMMAND "${fz_vim}" -Nu NONE -i NONE -es
                            "+call writefile([$VIM . '/vimfiles', &rtp], '/dev/stdout')" "+qall!"
                    INPUT_FILE /dev/null OUTPUT_VARIABLE out ERROR_QUIET TIMEOUT 20)
    string(REGEX MATCH "^([^\n]*)\n([^\n]*)" _ "${out}")
    set(vimfiles "${CMAKE_MATCH_1}")
    string(REPLACE "," ";" rtp "${CMAKE_MATCH_2}")
    list(FIND rtp "${vimfiles}" at)
    if(vimfiles AND at GREATER -1)
      set(dest "${vimfiles}")
    endif()
  endif()
endif()
file(INSTALL "${FZ_VIM_PLUGIN}" DESTINATION "${dest}/compiler")
