#pragma once
// Natural logarithm of kBatchLanes doubles at once, for the geometric gaps between
// defaults (one log per defaulting loan). glibc's log costs about 4.4 ns a
// call here; this is fdlibm's algorithm (e_log.c: reduce to m in
// [sqrt(2)/2, sqrt(2)), then a degree-14 odd polynomial in s = f/(2+f)),
// error below 1 ulp, written branch-free for positive normal inputs so it
// runs in SIMD lanes. It uses only IEEE +, -, x, / (the file is compiled
// without FMA contraction), so every path returns the same bits.
#include <cstdint>

#include "engine/risk/simd_path.hpp"

namespace gfund::risk {

// out[i] = log(in[i]) for i = 0..15. Domain: positive normal doubles
// (2^-1022 <= x < 2^1024); the engine passes uniforms in (0, 1).
void log_batch(const double* in, double* out);
void log_batch_on(SimdPath path, const double* in, double* out);
// One value, the same arithmetic (so the same bits as a lane of log_batch).
double log_positive(double x);

// out[i] = log((words[i] + 0.5) 2^-32): the log of kBatchLanes open uniforms given as
// 32-bit words (the conversion vectorises with the log).
void log_uniform_batch(const std::uint32_t* words, double* out);
void log_uniform_batch_on(SimdPath path, const std::uint32_t* words, double* out);
// One value: log_positive((word + 0.5) 2^-32).
inline double uniform_from_word(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

}  // namespace gfund::risk
