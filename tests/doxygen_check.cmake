# Runs Doxygen on docs/Doxyfile (from the repository root) and fails on any
# warning, printing them. cmake -DOUT=<folder> -P tests/doxygen_check.cmake
find_program(DOXYGEN doxygen)
if(NOT DOXYGEN)
  message(FATAL_ERROR "doxygen not found: scripts/install-deps.sh installs it")
endif()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E env GFUND_DOXYGEN_OUT=${OUT} ${DOXYGEN} docs/Doxyfile
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${OUT}/warnings.log warnings)
if(NOT rc EQUAL 0 OR NOT warnings STREQUAL "")
  message(FATAL_ERROR "doxygen (exit ${rc}) warned:\n${warnings}${err}")
endif()
message(STATUS "API page: ${OUT}/html/index.html")
