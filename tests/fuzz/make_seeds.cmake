# Seeds for the harnesses from the shipped fixtures (cmake -P, run by the
# fuzz_seeds target): FIXTURES = the fixtures folder, OUT = where to write.
# CSV seeds keep the header and the first rows only: libFuzzer mutates small
# inputs faster, and a few rows already reach every rule of a row.
set(rows_kept 24)

# Writes the first `rows_kept` lines of `src` to `dst`, after `prefix`.
function(head_seed src dst prefix)
  file(STRINGS ${src} lines LIMIT_COUNT ${rows_kept})
  list(JOIN lines "\n" text)
  file(WRITE ${dst} "${prefix}${text}\n")
endfunction()

file(REMOVE_RECURSE ${OUT})
# Ledger import: "<kind>\n" then the file (see fuzz_ledger_import.cpp).
foreach(kind banks associations borrowers agreements loans disbursements repayments events)
  head_seed(${FIXTURES}/demo/synthetic_${kind}.csv ${OUT}/fuzz_ledger_import/demo-${kind}.csv "${kind}\n")
endforeach()
head_seed(${FIXTURES}/books/small_book.csv ${OUT}/fuzz_book/small_book.csv "")
file(COPY ${FIXTURES}/models/demo.toml ${FIXTURES}/models/demo.json DESTINATION ${OUT}/fuzz_model_file)
file(COPY ${FIXTURES}/plans/demo-24m.toml DESTINATION ${OUT}/fuzz_plan_file)
file(COPY ${FIXTURES}/scenarios/default.toml DESTINATION ${OUT}/fuzz_scenario_file)
# Values: every distinct field of the demo loans and events (amounts, rates, dates).
file(STRINGS ${FIXTURES}/demo/synthetic_loans.csv loan_rows LIMIT_COUNT 8)
file(STRINGS ${FIXTURES}/demo/synthetic_events.csv event_rows LIMIT_COUNT 8)
set(n 0)
foreach(row IN LISTS loan_rows event_rows)
  string(REGEX MATCHALL "\"[^\"]*\"|[^,]+" fields "${row}")
  foreach(f IN LISTS fields)
    string(REPLACE "\"" "" f "${f}")
    if(NOT f STREQUAL "")
      math(EXPR n "${n} + 1")
      file(WRITE ${OUT}/fuzz_values/fixture-${n} "${f}")
    endif()
  endforeach()
endforeach()
file(WRITE ${OUT}/stamp "")
