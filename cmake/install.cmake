# cmake/install.cmake — what `cmake --install` (and `make install`) puts
# where, in Debian's layout: with prefix /usr the libraries go to
# lib/<triplet>, the Lua module where lua5.4 looks, the Python package in
# dist-packages.  Everything honours DESTDIR and --prefix; the pkg-config
# and CMake files are relocatable (they find the prefix from where they
# stand), so a staged install (DESTDIR=…) is usable as it is.

include(CMakePackageConfigHelpers)

# ---- libraries, header, binary -------------------------------------------
install(TARGETS nianshen_shared nianshen_static EXPORT nianshenTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_SKIP COMPONENT runtime
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
# the libnianshen.so link is for building against it: the dev component
install(TARGETS nianshen_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        NAMELINK_ONLY COMPONENT dev)
install(FILES core/include/nianshen.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev)
if(TARGET nianshen)
  install(TARGETS nianshen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT runtime)
endif()

# ---- the standard rules and schemes, found by nse_rules_dir ---------------
# the specs that score the repository's own documents (tests/corpus,
# examples/district) stay behind: installed, they could not find them
install(DIRECTORY rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/nianshen/rules
        COMPONENT runtime
        PATTERN "corpus_spec.lua" EXCLUDE PATTERN "examples_spec.lua" EXCLUDE)
install(FILES docs/nianshen.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        COMPONENT runtime)
# the README with the docs it links to, where its links (docs/….md) find them
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime OPTIONAL)
install(FILES docs/embedding.md docs/results.md docs/rules.md docs/json-format.md
              docs/ids.md docs/design.md docs/report-model.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT runtime OPTIONAL)

# ---- pkg-config ------------------------------------------------------------
# prefix from the .pc file's own place, so that a staged or moved install
# works; Requires.private/Libs.private so that `pkg-config --static` links
# the archive.
file(RELATIVE_PATH NS_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" NS_PC_TO_PREFIX "${NS_PC_TO_PREFIX}")
file(RELATIVE_PATH NS_PC_LIBDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH NS_PC_INCLUDEDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
file(RELATIVE_PATH NS_PC_DATADIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_DATADIR})
configure_file(cmake/nianshen.pc.in ${CMAKE_BINARY_DIR}/nianshen.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/nianshen.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# ---- CMake package: find_package(nianshen) → nianshen::nianshen -----------
set(NS_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/nianshen)
install(EXPORT nianshenTargets NAMESPACE nianshen:: DESTINATION ${NS_CMAKEDIR}
        COMPONENT dev)
configure_package_config_file(cmake/nianshenConfig.cmake.in
  ${CMAKE_BINARY_DIR}/nianshenConfig.cmake INSTALL_DESTINATION ${NS_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/nianshenConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/nianshenConfig.cmake
        ${CMAKE_BINARY_DIR}/nianshenConfigVersion.cmake
        DESTINATION ${NS_CMAKEDIR} COMPONENT dev)

# ---- the loader's cache ----------------------------------------------------
# A library new in /usr/local/lib is found by the loader only through its
# cache: without ldconfig a host linked to libnianshen.so.0 does not start
# ("cannot open shared object file").  Run when installing for real (no
# DESTDIR: a stage or a package is not the system; the Debian package's
# postinst runs it); one that fails (not root) says what to do.
install(CODE [[
  if("$ENV{DESTDIR}" STREQUAL "")
    find_program(NS_LDCONFIG ldconfig PATHS /sbin /usr/sbin)
    if(NS_LDCONFIG)
      execute_process(COMMAND ${NS_LDCONFIG} RESULT_VARIABLE ns_rc OUTPUT_QUIET ERROR_QUIET)
      if(ns_rc EQUAL 0)
        message(STATUS "Ran ldconfig: the loader finds libnianshen.so.0")
      else()
        message(STATUS "ldconfig failed (not root?): run it so that hosts find libnianshen.so.0")
      endif()
    endif()
  endif()
]] COMPONENT runtime)

# ---- uninstall: what the last install wrote (install_manifest.txt) -------
if(NOT TARGET uninstall)
  add_custom_target(uninstall
    COMMAND ${CMAKE_COMMAND} -DMANIFEST=${CMAKE_BINARY_DIR}/install_manifest.txt
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/uninstall.cmake
    COMMENT "removing the files listed in install_manifest.txt")
endif()

# ---- a Debian package: cpack -G DEB (in the build tree) -------------------
set(CPACK_PACKAGE_NAME nianshen)
set(CPACK_PACKAGE_VENDOR "nianshen")
set(CPACK_PACKAGE_CONTACT "nianshen maintainers <nianshen@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "scores Chinese government information-disclosure annual reports")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# the libraries it links, from dpkg-shlibdeps; lua-lpeg for the Lua module
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "lua-lpeg")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "lua5.4, python3-cffi")
# the package holds what this build installs, at its configured prefix
# (`make deb` configures one for /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
include(CPack)
