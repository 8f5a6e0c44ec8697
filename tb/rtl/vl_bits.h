// Bit-field access to Verilator port values of any width (CData .. QData and
// VlWide<W>), so one bench source works for every parameter set, plus the two
// helpers every block bench needs: $clog2 and one clock edge.
#ifndef BSX_TB_VL_BITS_H
#define BSX_TB_VL_BITS_H

#include <cstdint>
#include <initializer_list>
#include <type_traits>

template <typename T> inline unsigned vl_bit(const T &v, unsigned i)
{
    if constexpr (std::is_integral_v<T>)
        return static_cast<unsigned>((static_cast<uint64_t>(v) >> i) & 1u);
    else
        return (v.at(i / 32) >> (i % 32)) & 1u;
}

template <typename T> inline void vl_set_bit(T &v, unsigned i, unsigned b)
{
    if constexpr (std::is_integral_v<T>) {
        uint64_t mask = uint64_t{1} << i;
        uint64_t word = static_cast<uint64_t>(v);
        v = static_cast<T>(b ? (word | mask) : (word & ~mask));
    } else {
        uint32_t mask = 1u << (i % 32);
        v.at(i / 32) = b ? (v.at(i / 32) | mask) : (v.at(i / 32) & ~mask);
    }
}

// width <= 64 bits starting at lsb
template <typename T> inline uint64_t vl_field(const T &v, unsigned lsb, unsigned width)
{
    uint64_t r = 0;
    for (unsigned b = 0; b < width; b++)
        r |= static_cast<uint64_t>(vl_bit(v, lsb + b)) << b;
    return r;
}

template <typename T> inline void vl_set_field(T &v, unsigned lsb, unsigned width, uint64_t x)
{
    for (unsigned b = 0; b < width; b++)
        vl_set_bit(v, lsb + b, static_cast<unsigned>((x >> b) & 1u));
}

// Assigns an integer to a port of at most 64 bits, narrowing to its type.
template <typename T, typename V> inline void vl_assign(T &port, V value)
{
    port = static_cast<T>(value);
}

// Sign-extends the low `width` bits of x.
inline int64_t sign_extend(uint64_t x, unsigned width)
{
    uint64_t sign = uint64_t{1} << (width - 1);
    x &= (sign << 1) - 1;
    return static_cast<int64_t>(x ^ sign) - static_cast<int64_t>(sign);
}

// Pass/fail tally every bench prints as its last line; the exit status is
// non-zero on any failure.
struct Tally {
    const char *bench;
    uint64_t pass = 0, fail = 0;
    explicit Tally(const char *name) : bench(name) {}
    // Counts one check; prints the first few failures with `what`.
    template <typename F> void check(bool ok, F &&what)
    {
        if (ok) {
            pass++;
            return;
        }
        if (fail++ < 10)
            what();
    }
    int finish() const;
};

// The closing line of a bench made of several tallies: one line per part,
// then one PASS/FAIL line for the bench.
int finish_all(const char *bench, std::initializer_list<const Tally *> parts);

// Verilog's $clog2, for port widths derived from parameters.
constexpr int vl_clog2(int n)
{
    int w = 0;
    while ((1 << w) < n)
        w++;
    return w;
}

// One rising and falling clock edge of a verilated module with clk_i.
template <typename Top> inline void vl_clock_edge(Top &top)
{
    top.clk_i = 1;
    top.eval();
    top.clk_i = 0;
    top.eval();
}

#endif
