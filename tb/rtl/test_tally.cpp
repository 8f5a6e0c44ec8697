// Tally, the closing line of every RTL bench, must fail a bench that ran no
// check (a broken loop would otherwise read as PASS), a multi-part bench one
// of whose parts ran none, and any failed check.
#include <cstdio>

#include "vl_bits.h"

int main()
{
    Tally none("tally: no checks"), good("tally: one pass"), bad("tally: one failure");
    good.check(true, [] {});
    bad.check(true, [] {});
    bad.check(false, [] {});
    const bool ok = none.finish() == 1 && good.finish() == 0 && bad.finish() == 1 &&
                    finish_all("tally: all parts checked", {&good, &good}) == 0 &&
                    finish_all("tally: one part empty", {&good, &none}) == 1 &&
                    finish_all("tally: one part failed", {&good, &bad}) == 1;
    std::printf("test_tally: %s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
