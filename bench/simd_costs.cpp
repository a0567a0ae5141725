// What two x86 behaviours cost on the machine at hand; the risk kernels are
// shaped by both (engine/risk/candidate_search.cpp, log_batch.cpp):
//   1. An 8-lane AVX-512 gather of doubles from a small (L1) table, against
//      the same eight values by eight scalar loads put together in a vector
//      (as the kernels load table entries). Intel cores with the Gather Data Sampling
//      ("Downfall") microcode fix take several times longer on the gather.
//   2. A scalar dependency chain alone, against the same chain with a short
//      burst of 512-bit (or 256-bit) multiplies between its pieces: on Intel
//      server cores, 512-bit instructions lower the clock (the AVX-512 licence)
//      for the whole core, so the scalar work slows too.
// Prints ns per gather both ways, and the scalar chain's speed relative to
// the chain alone. Usage: bench_simd_costs (no AVX-512: prints so, exits 0).
// GCC 12 warns inside its own AVX-512 headers (vectors started from
// _mm512_undefined_*, GCC PR 105593); nothing here reads uninitialised data.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

alignas(64) double g_table[4096];

__attribute__((target("avx512f,avx512dq"), noinline)) double gather_hardware(long n) {
  __m512i idx = _mm512_setr_epi64(1, 100, 200, 300, 400, 500, 600, 700);
  __m512d acc = _mm512_setzero_pd();
  for (long i = 0; i < n; ++i) {
    acc = _mm512_add_pd(acc, _mm512_i64gather_pd(idx, g_table, 8));
    idx = _mm512_and_si512(_mm512_add_epi64(idx, _mm512_set1_epi64(1)), _mm512_set1_epi64(4095));
  }
  return _mm512_reduce_add_pd(acc);
}

__attribute__((target("avx512f,avx512dq"), noinline)) double gather_scalar_loads(long n) {
  __m512i idx = _mm512_setr_epi64(1, 100, 200, 300, 400, 500, 600, 700);
  __m512d acc = _mm512_setzero_pd();
  for (long i = 0; i < n; ++i) {
    double v[8];
    for (int q = 0; q < 4; ++q) {
      const __m128i pair = _mm512_extracti64x2_epi64(idx, q);
      v[2 * q] = g_table[_mm_cvtsi128_si64(pair)];
      v[2 * q + 1] = g_table[_mm_extract_epi64(pair, 1)];
    }
    acc = _mm512_add_pd(acc, _mm512_setr_pd(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
    idx = _mm512_and_si512(_mm512_add_epi64(idx, _mm512_set1_epi64(1)), _mm512_set1_epi64(4095));
  }
  return _mm512_reduce_add_pd(acc);
}

__attribute__((noinline)) std::uint64_t scalar_chain(std::uint64_t n, std::uint64_t x) {
  for (std::uint64_t i = 0; i < n; ++i) {
    x = x * 3 + 1;
    asm volatile("" : "+r"(x));
  }
  return x;
}

__attribute__((target("avx512f"), noinline)) double burst512(double s) {
  __m512d a = _mm512_set1_pd(s);
  const __m512d b = _mm512_set1_pd(1.0000001);
  for (int i = 0; i < 20; ++i) {
    a = _mm512_mul_pd(a, b);
    asm volatile("" : "+v"(a));
  }
  return _mm512_reduce_add_pd(a);
}

__attribute__((target("avx2"), noinline)) double burst256(double s) {
  __m256d a = _mm256_set1_pd(s);
  const __m256d b = _mm256_set1_pd(1.0000001);
  for (int i = 0; i < 20; ++i) {
    a = _mm256_mul_pd(a, b);
    asm volatile("" : "+v"(a));
  }
  double o[4];
  _mm256_storeu_pd(o, a);
  return o[0];
}

// Seconds for the scalar chain in pieces of 2,000 steps, with `burst` (or
// nothing) between pieces; the bursts are about 1% of the work.
double chain_seconds(double (*burst)(double), double& sink) {
  const std::uint64_t n = 300'000'000, piece = 2000;
  std::uint64_t x = 1;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t done = 0; done < n; done += piece) {
    x = scalar_chain(piece, x);
    if (burst) sink += burst(1.0);
  }
  const double s = seconds_since(t0);
  sink += static_cast<double>(x & 1);
  return s;
}

}  // namespace

int main() {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512dq")) {
    std::printf("this CPU has no AVX-512: nothing to measure\n");
    return 0;
  }
  for (int i = 0; i < 4096; ++i) g_table[i] = i;
  const long n = 30'000'000;
  double sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  sink += gather_hardware(n);
  const double hw = seconds_since(t0) * 1e9 / static_cast<double>(n);
  t0 = std::chrono::steady_clock::now();
  sink += gather_scalar_loads(n);
  const double sc = seconds_since(t0) * 1e9 / static_cast<double>(n);
  std::printf("8 doubles from an L1 table: vgatherqpd %.2f ns, eight scalar loads %.2f ns (%.1fx)\n", hw, sc, hw / sc);

  const double alone = chain_seconds(nullptr, sink);
  const double with512 = chain_seconds(burst512, sink);
  const double with256 = chain_seconds(burst256, sink);
  const double alone2 = chain_seconds(nullptr, sink);
  const double base = 0.5 * (alone + alone2);
  std::printf("scalar chain speed with 1%% of 512-bit multiplies mixed in: %.0f%% of alone; with 256-bit: %.0f%%\n",
              100.0 * base / with512, 100.0 * base / with256);
  std::printf("(sink %g)\n", sink);
  return 0;
}
