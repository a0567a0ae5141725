#pragma once
// kBatchLanes Philox4x32-10 blocks at once, for the default search's hot loop.
//
// A PhiloxStream draws one block at a time: ten dependent rounds of two
// 32x32->64 multiplications, about 9 ns a block with scalar code. Here the
// blocks are independent (consecutive counters of one stream), so they run in
// SIMD lanes: AVX-512 or AVX2 when the CPU has it (checked once at run time),
// else scalar Random123. Every path computes the same integers, so results do
// not depend on the machine's vector width (tests/risk/batch_kernels_test.cpp
// checks each path available against Random123).
#include <cstdint>

#include "engine/risk/simd_path.hpp"

namespace gfund::risk {

// out[w][i] = word w of Philox4x32-10 block (c0, c1, c2, first + i) under key
// (k0, k1), i = 0..15 (the counter layout of PhiloxStream: c0 = stream kind,
// c1 = stream index, c2 = high half of the seed, word 3 = block number).
struct PhiloxLanes {
  alignas(64) std::uint32_t w[4][kBatchLanes];
};
void philox_batch(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                std::uint32_t first, PhiloxLanes& out);
// The same on a given path (which the CPU must support); for tests and benchmarks.
void philox_batch_on(SimdPath path, std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, std::uint32_t c1,
                   std::uint32_t c2, std::uint32_t first, PhiloxLanes& out);

}  // namespace gfund::risk
