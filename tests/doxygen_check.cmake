# Runs Doxygen from the repository root on docs/Doxyfile (the API page, all
# public headers) and docs/Doxyfile.complete (the headers that must document
# every member) and fails on any warning, printing them.
#   cmake -DOUT=<folder> -P tests/doxygen_check.cmake
find_program(DOXYGEN doxygen)
if(NOT DOXYGEN)
  message(FATAL_ERROR "doxygen not found: scripts/install-deps.sh installs it")
endif()
file(REMOVE_RECURSE ${OUT})
foreach(config docs/Doxyfile docs/Doxyfile.complete)
  file(MAKE_DIRECTORY ${OUT}/complete)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env GFUND_DOXYGEN_OUT=${OUT} ${DOXYGEN} ${config}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(log ${OUT}/warnings.log)
  if(config MATCHES "complete$")
    set(log ${OUT}/complete/warnings.log)
  endif()
  set(warnings "")
  if(EXISTS ${log})
    file(READ ${log} warnings)
  endif()
  if(NOT rc EQUAL 0 OR NOT warnings STREQUAL "")
    message(FATAL_ERROR "doxygen ${config} (exit ${rc}) warned:\n${warnings}${err}")
  endif()
endforeach()
message(STATUS "API page: ${OUT}/html/index.html")
