# Tests of the install and the bindings (docs/embedding.md):
#   embed_install    a staged install; the four host examples built and run
#                    with only its files, their scores against nianshen score
#   python_bindings  pytest of bindings/python against the build tree
if(NOT TARGET nianshen OR NOT NS_PYTHON3)
  return()
endif()
add_test(NAME embed_install
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/examples/embed/stage-test.sh
          ${CMAKE_BINARY_DIR} ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_INSTALL_PREFIX}
          ${CMAKE_INSTALL_LIBDIR} ${NS_INSTALL_LUADIR} ${NS_INSTALL_PYTHONDIR}
          ${NS_PYTHON3})
set_tests_properties(embed_install PROPERTIES TIMEOUT 300)
add_test(NAME python_bindings
  COMMAND ${NS_PYTHON3} -m pytest -q -p no:cacheprovider
          ${CMAKE_CURRENT_SOURCE_DIR}/bindings/python/tests)
set_tests_properties(python_bindings PROPERTIES TIMEOUT 300
  ENVIRONMENT "NS_CLI=$<TARGET_FILE:nianshen>;NIANSHEN_LIBRARY=$<TARGET_FILE:nianshen_shared>;NIANSHEN_HEADER=${CMAKE_CURRENT_SOURCE_DIR}/core/include/nianshen.h;PYTHONPATH=${CMAKE_CURRENT_SOURCE_DIR}/bindings/python;NS_ROOT=${CMAKE_CURRENT_SOURCE_DIR}")
