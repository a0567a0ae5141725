#include "engine/risk/simd_path.hpp"

#include <cstdlib>
#include <cstring>

namespace gfund::risk {

bool simd_path_supported(SimdPath path) {
  switch (path) {
    case SimdPath::scalar: return true;
    case SimdPath::avx2: return __builtin_cpu_supports("avx2");
    case SimdPath::avx512: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                                   __builtin_cpu_supports("avx512vl");
  }
  return false;
}

SimdPath best_simd_path() {
  static const SimdPath best = [] {
    SimdPath p = simd_path_supported(SimdPath::avx512) ? SimdPath::avx512
                 : simd_path_supported(SimdPath::avx2) ? SimdPath::avx2
                                                       : SimdPath::scalar;
    if (const char* cap = std::getenv("GFUND_SIMD")) {
      if (std::strcmp(cap, "scalar") == 0) p = SimdPath::scalar;
      if (std::strcmp(cap, "avx2") == 0 && p == SimdPath::avx512) p = SimdPath::avx2;
    }
    return p;
  }();
  return best;
}

}  // namespace gfund::risk
