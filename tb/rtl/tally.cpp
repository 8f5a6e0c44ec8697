// The closing line of every RTL bench: one PASS or FAIL line per bench.
#include <cstdio>

#include "vl_bits.h"

int Tally::finish() const
{
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench,
                static_cast<unsigned long long>(pass), static_cast<unsigned long long>(fail),
                fail ? "FAIL" : "PASS");
    return fail ? 1 : 0;
}

int finish_all(const char *bench, std::initializer_list<const Tally *> parts)
{
    uint64_t pass = 0, fail = 0;
    for (const Tally *t : parts) {
        std::printf("  %s: %llu checks passed, %llu failed\n", t->bench,
                    static_cast<unsigned long long>(t->pass), static_cast<unsigned long long>(t->fail));
        pass += t->pass;
        fail += t->fail;
    }
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench, static_cast<unsigned long long>(pass),
                static_cast<unsigned long long>(fail), fail ? "FAIL" : "PASS");
    return fail ? 1 : 0;
}
