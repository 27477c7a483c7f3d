# [DESTDIR=…] cmake -DMANIFEST=build/install_manifest.txt -P cmake/uninstall.cmake
# Removes exactly the files the last `cmake --install` wrote (the manifest
# lists them without DESTDIR: give the same DESTDIR as the install), then
# the directories of nianshen's own that are left empty; nothing else.
if(NOT EXISTS "${MANIFEST}")
  message(FATAL_ERROR "no ${MANIFEST}: nothing was installed from this build tree")
endif()
file(STRINGS "${MANIFEST}" files)
set(dirs "")
foreach(f IN LISTS files)
  set(f "$ENV{DESTDIR}${f}")
  if(IS_SYMLINK "${f}" OR EXISTS "${f}")
    message(STATUS "Removing ${f}")
    file(REMOVE "${f}")
  endif()
  get_filename_component(d "${f}" DIRECTORY)
  while(d MATCHES "/nianshen(/|$)")   # and its parents up to …/nianshen
    list(APPEND dirs "${d}")
    get_filename_component(d "${d}" DIRECTORY)
  endwhile()
  list(APPEND dirs "${d}")
endforeach()
# directories that are nianshen's alone (rules/…, cmake/nianshen, the Python
# package), deepest first, when empty
list(REMOVE_DUPLICATES dirs)
list(SORT dirs)
list(REVERSE dirs)
foreach(d IN LISTS dirs)
  if(d MATCHES "/nianshen(/|$)|/nianshen-[^/]*$")
    file(GLOB left "${d}/*")
    if(NOT left)
      file(REMOVE_RECURSE "${d}")
    endif()
  endif()
endforeach()
