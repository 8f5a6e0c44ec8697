// The closing line of every RTL bench: one PASS or FAIL line per bench.
#include <cstdio>

#include "vl_bits.h"

// A bench (or a part of one) that checked nothing has not passed: a broken
// loop or a model that never produced output must not read as PASS.
static const char *verdict(uint64_t pass, uint64_t fail)
{
    return fail ? "FAIL" : (pass ? "PASS" : "FAIL (no checks ran)");
}

int Tally::finish() const
{
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench,
                static_cast<unsigned long long>(pass), static_cast<unsigned long long>(fail),
                verdict(pass, fail));
    return fail == 0 && pass > 0 ? 0 : 1;
}

int finish_all(const char *bench, std::initializer_list<const Tally *> parts)
{
    uint64_t pass = 0, fail = 0;
    bool empty_part = false;
    for (const Tally *t : parts) {
        std::printf("  %s: %llu checks passed, %llu failed%s\n", t->bench,
                    static_cast<unsigned long long>(t->pass), static_cast<unsigned long long>(t->fail),
                    t->pass + t->fail ? "" : " (no checks ran)");
        pass += t->pass;
        fail += t->fail;
        empty_part = empty_part || t->pass + t->fail == 0;
    }
    const bool ok = fail == 0 && pass > 0 && !empty_part;
    std::printf("%s: %llu checks passed, %llu failed: %s\n", bench, static_cast<unsigned long long>(pass),
                static_cast<unsigned long long>(fail),
                ok ? "PASS" : (fail ? "FAIL" : "FAIL (a part ran no checks)"));
    return ok ? 0 : 1;
}
