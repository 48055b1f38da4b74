#pragma once
// Shared by the benchmarks: order statistics of per-operation timings.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kiosk::bench {

// The p-quantile (0..1) of `values`, nearest-rank; 0 for no values.
inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = std::min(values.size() - 1, static_cast<size_t>(double(values.size()) * p));
    return values[rank];
}

struct Stats
{
    double median = 0;
    double p99 = 0;
    double mean = 0;
    size_t n = 0;
};

inline Stats summarize(const std::vector<double> &values)
{
    Stats s;
    s.n = values.size();
    if (values.empty())
        return s;
    s.median = percentile(values, 0.5);
    s.p99 = percentile(values, 0.99);
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / double(values.size());
    return s;
}

} // namespace kiosk::bench
