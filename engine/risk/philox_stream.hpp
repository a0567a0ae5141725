#pragma once
// Counter-based random numbers (Random123 Philox4x32-10). A stream is
// identified by (seed, scenario, stream kind, stream index): the key holds the
// scenario and the low half of the seed, the counter holds the stream kind,
// the stream index, the high half of the seed and the draw number. Nothing
// depends on which thread draws, so results are bit-identical for any thread
// count, and any scenario can be replayed alone.
#include <array>
#include <cmath>
#include <cstdint>

#include <Random123/philox.h>

namespace gfund::risk {

// Stream kinds: one per use, so adding draws to one use never shifts another.
enum class StreamKind : std::uint32_t {
  factors = 1,   // the scenario's factor draws (and the t-copula mixing variable)
  run = 2,       // default positions and months within one run of alike loans
  lgd = 3,       // a defaulted loan's LGD draw
  pilot = 4,     // importance sampling's pilot factors (importance.hpp): never a scenario's
};

class PhiloxStream {
 public:
  // scenario < 2^32 (checked by the caller's option validation).
  PhiloxStream(std::uint64_t seed, std::uint32_t scenario, StreamKind kind, std::uint32_t index) {
    key_ = {{scenario, static_cast<std::uint32_t>(seed)}};
    ctr_ = {{static_cast<std::uint32_t>(kind), index, static_cast<std::uint32_t>(seed >> 32),
             0u}};
  }
  // Next 32 random bits.
  std::uint32_t next_u32() {
    if (pos_ == 4) refill();
    return buf_[pos_++];
  }
  // Uniform in the open interval (0, 1), 32-bit resolution.
  double uniform_open() { return (static_cast<double>(next_u32()) + 0.5) * 0x1p-32; }
  // Uniform in (0, 1) with 53-bit resolution (for tail-sensitive uses).
  double uniform53() {
    std::uint64_t hi = next_u32(), lo = next_u32();
    return (static_cast<double>(((hi << 32) | lo) >> 11) + 0.5) * 0x1p-53;
  }

 private:
  void refill() {
    r123::Philox4x32 gen;
    auto out = gen(ctr_, key_);
    for (int i = 0; i < 4; ++i) buf_[i] = out.v[i];
    ++ctr_.v[3];  // block number: 2^32 blocks of 4 draws per stream
    pos_ = 0;
  }
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type ctr_;
  std::array<std::uint32_t, 4> buf_{};
  int pos_ = 4;
};

}  // namespace gfund::risk
