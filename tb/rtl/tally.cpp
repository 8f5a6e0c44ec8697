// The closing line of every RTL bench.
#include <cstdio>

#include "vl_bits.h"

// A bench that checked nothing has not passed (a broken loop or a model
// that never produced output must not read as PASS).
int Tally::finish() const
{
    const bool ok = fail == 0 && pass > 0;
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench,
                static_cast<unsigned long long>(pass), static_cast<unsigned long long>(fail),
                ok ? "PASS" : (fail ? "FAIL" : "FAIL (no checks ran)"));
    return ok ? 0 : 1;
}
