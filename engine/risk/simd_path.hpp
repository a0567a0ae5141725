#pragma once
// Which vector instructions the batch kernels (philox_batch, log_batch) use.
// Chosen once at run time from the CPU, so one binary runs everywhere; every
// path computes bit-identical results, so the choice changes speed only.
namespace gfund::risk {

// Values per batch kernel call: two 16-lane AVX-512 groups, so two
// independent dependency chains overlap (one group alone waits on latency).
inline constexpr int kBatchLanes = 32;

enum class SimdPath { scalar, avx2, avx512 };

// The fastest path this CPU supports (GFUND_SIMD=scalar|avx2 caps it, for
// comparing paths on one machine).
SimdPath best_simd_path();
// Whether this CPU can run `path`.
bool simd_path_supported(SimdPath path);

}  // namespace gfund::risk
