// The pooling sentence of gfund calibrate's tables (reports/calibration_text)
// for a partly pooled table, and none once one segment's own data count.
#include <gtest/gtest.h>

#include "reports/calibration_text.hpp"

namespace gfund::reports {
namespace {

calibrate::ShrinkageResult partly_pooled_rates() {
  calibrate::ShrinkageResult s{.pooled_pd = 0.04, .prior_strength = 5000};
  for (const double n : {40.0, 100.0}) {
    calibrate::ShrunkRate g{.key = n < 50 ? "A" : "B", .loans = 10, .defaults = 1, .loan_years = n};
    g.weight = n / (n + s.prior_strength);
    s.groups.push_back(g);
  }
  return s;
}

TEST(CalibrationText, APartlyPooledTableSaysHowNearThePoolAndWhatItWouldTake) {
  const auto s = partly_pooled_rates();
  const std::string t = pooling_sentence("sector", s);
  EXPECT_NE(t.find("The sectors' observed rates differ little more than chance would make them at these counts "
                   "(prior strength 5,000.0 loan-years)"),
            std::string::npos)
      << t;
  // B's weight 100 / 5,100 = 1.96%: near the pool, said as 2%.
  EXPECT_NE(t.find("each sector's PD stays near the pooled 4.00% (its own data weigh at most 2%)"), std::string::npos) << t;
  // 5,000 x 0.1 / 0.9 = 555.6 loan-years, to two figures.
  EXPECT_NE(t.find("a sector needs about 560 loan-years"), std::string::npos) << t;
  EXPECT_NE(t.find("(the most any has is 100.0)"), std::string::npos) << t;
  EXPECT_TRUE(too_few_to_move(s.groups[1]));
}

TEST(CalibrationText, NoSentenceOnceOneSegmentsOwnDataCount) {
  auto s = partly_pooled_rates();
  s.groups[1].weight = 0.10;  // exactly the tenth that moves its PD
  EXPECT_FALSE(too_few_to_move(s.groups[1]));
  EXPECT_EQ(pooling_sentence("sector", s), "");
  EXPECT_EQ(pooling_sentence("sector", calibrate::ShrinkageResult{}), "");
}

}  // namespace
}  // namespace gfund::reports
