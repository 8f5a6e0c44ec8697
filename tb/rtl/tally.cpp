// The closing line of every RTL bench.
#include <cstdio>

#include "vl_bits.h"

int Tally::finish() const
{
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench,
                static_cast<unsigned long long>(pass), static_cast<unsigned long long>(fail),
                fail ? "FAIL" : "PASS");
    return fail ? 1 : 0;
}
