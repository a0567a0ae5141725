#include <gtest/gtest.h>

#include "models/errors.hpp"
#include "models/money.hpp"

namespace gfund {
namespace {

// What every caller does: catch any gfund error, add where it happened, rethrow.
template <class Fn>
void locate_at(const ErrorSite& site, Fn fn) {
  try {
    fn();
  } catch (Error& e) {
    e.locate(site);
    throw;
  }
}

TEST(Errors, LocatedDataErrorIsStillCaughtAsDataError) {
  try {
    locate_at({.file = "loans.csv", .line = 12, .field = "principal"}, [] { throw DataError("must be > 0"); });
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::data);
    EXPECT_EQ(e.site().file, "loans.csv");
    EXPECT_EQ(e.site().line, 12);
    EXPECT_STREQ(e.what(), "loans.csv:12: field 'principal': must be > 0");
  } catch (const Error& e) {
    FAIL() << "sliced to Error: " << e.what();
  }
}

TEST(Errors, EveryKindKeepsItsType) {
  const ErrorSite at{.file = "f.csv", .line = 3};
  EXPECT_THROW(locate_at(at, [] { throw UsageError("x"); }), UsageError);
  EXPECT_THROW(locate_at(at, [] { throw NoInputError("x"); }), NoInputError);
  EXPECT_THROW(locate_at(at, [] { throw IoError("x"); }), IoError);
  EXPECT_THROW(locate_at(at, [] { throw BusyError("x"); }), BusyError);
  // A real one from the money parser, located twice as it travels up.
  try {
    locate_at({.file = "repayments.csv"}, [] { locate_at({.line = 7, .field = "amount"}, [] { parse_money("1.234", usd()); }); });
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().file, "repayments.csv");
    EXPECT_EQ(e.site().line, 7);
    EXPECT_EQ(e.site().field, "amount");
  }
}

TEST(Errors, PartsAlreadySetWin) {
  try {
    locate_at({.file = "outer.csv", .line = 99, .field = "outer"},
              [] { throw DataError("bad", {.file = "", .line = 4, .field = "inner"}); });
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().file, "outer.csv");
    EXPECT_EQ(e.site().line, 4);
    EXPECT_EQ(e.site().field, "inner");
    EXPECT_EQ(e.rule(), "bad");
  }
}

// A subclass with its own data (like the portfolio's LoanEventError) keeps it.
struct IndexedError : DataError {
  IndexedError(std::size_t i, std::string rule) : DataError(std::move(rule)), index(i) {}
  std::size_t index;
};

TEST(Errors, SubclassesKeepTheirOwnFields) {
  try {
    locate_at({.file = "events.csv"}, [] { throw IndexedError(5, "date before disbursement"); });
    FAIL() << "no error";
  } catch (const IndexedError& e) {
    EXPECT_EQ(e.index, 5u);
    EXPECT_STREQ(e.what(), "events.csv: date before disbursement");
  }
}

}  // namespace
}  // namespace gfund
