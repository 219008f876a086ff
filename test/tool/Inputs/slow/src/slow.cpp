// Constant evaluation that runs for minutes: a TU that never finishes in time.
constexpr long sum(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += i % 7;
  return s;
}
static_assert(sum(400000000) > 0);
