// The surrogate: ridge regression of validation accuracy on the one-hot cells. The penalty is the one
// with the lowest exact leave-one-out error (hat-matrix shortcut) over a ladder that ends in an
// effectively infinite penalty, i.e. predicting the mean, so it is never worse than the mean in that
// check; a bootstrap ensemble at that penalty gives the spread the proposer explores with. With tens
// of trials and ~50 one-hot features, a ridge is what the data can support (docs/hpsearch.md).
#include <algorithm>
#include <cmath>
#include <limits>

#include "lab/hpsearch/random.hpp"
#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

namespace {

constexpr int k_members = 16;
constexpr double k_penalties[] = {0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1e6};

using Matrix = std::vector<std::vector<double>>;

// Inverse of a symmetric positive definite matrix (Gauss-Jordan; d is small).
Matrix inverse(Matrix a) {
    const std::size_t d = a.size();
    Matrix inv(d, std::vector<double>(d, 0.0));
    for (std::size_t i = 0; i < d; ++i) inv[i][i] = 1;
    for (std::size_t c = 0; c < d; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < d; ++r)
            if (std::abs(a[r][c]) > std::abs(a[p][c])) p = r;
        std::swap(a[c], a[p]);
        std::swap(inv[c], inv[p]);
        const double piv = a[c][c];
        if (std::abs(piv) < 1e-300) throw Error(Status::internal, "hpsearch: singular ridge system");
        for (std::size_t k = 0; k < d; ++k) {
            a[c][k] /= piv;
            inv[c][k] /= piv;
        }
        for (std::size_t r = 0; r < d; ++r) {
            if (r == c || a[r][c] == 0) continue;
            const double f = a[r][c];
            for (std::size_t k = 0; k < d; ++k) {
                a[r][k] -= f * a[c][k];
                inv[r][k] -= f * inv[c][k];
            }
        }
    }
    return inv;
}

struct Fit {
    std::vector<double> w;
    double b = 0;
    double loo_rmse = 0;
};

// Ridge on centred data (the intercept unpenalised); with `loo`, the exact leave-one-out RMSE.
Fit ridge(const Matrix& x, const std::vector<double>& y, double penalty, bool loo) {
    const std::size_t n = x.size(), d = x[0].size();
    std::vector<double> xm(d, 0.0);
    double ym = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ym += y[i] / static_cast<double>(n);
        for (std::size_t k = 0; k < d; ++k) xm[k] += x[i][k] / static_cast<double>(n);
    }
    Matrix xc(n, std::vector<double>(d));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < d; ++k) xc[i][k] = x[i][k] - xm[k];
    Matrix a(d, std::vector<double>(d, 0.0));
    std::vector<double> rhs(d, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < d; ++k) {
            if (xc[i][k] == 0) continue;
            rhs[k] += xc[i][k] * (y[i] - ym);
            for (std::size_t l = 0; l < d; ++l) a[k][l] += xc[i][k] * xc[i][l];
        }
    for (std::size_t k = 0; k < d; ++k) a[k][k] += penalty;
    const Matrix ai = inverse(a);
    Fit f;
    f.w.assign(d, 0.0);
    for (std::size_t k = 0; k < d; ++k)
        for (std::size_t l = 0; l < d; ++l) f.w[k] += ai[k][l] * rhs[l];
    f.b = ym;
    for (std::size_t k = 0; k < d; ++k) f.b -= xm[k] * f.w[k];
    if (loo) {
        double se = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double pred = f.b, h = 1.0 / static_cast<double>(n);
            for (std::size_t k = 0; k < d; ++k) {
                pred += x[i][k] * f.w[k];
                double t = 0;
                for (std::size_t l = 0; l < d; ++l) t += ai[k][l] * xc[i][l];
                h += xc[i][k] * t;
            }
            const double r = (y[i] - pred) / std::max(1e-9, 1 - h);
            se += r * r;
        }
        f.loo_rmse = std::sqrt(se / static_cast<double>(n));
    }
    return f;
}

}  // namespace

std::vector<double> encode(const Grid& g) {
    std::vector<double> x;
    for (const Cell& c : grid_cells()) {
        const int v = g[static_cast<std::size_t>(c.row)][static_cast<std::size_t>(c.column)];
        for (std::size_t i = 0; i < c.choices.size(); ++i) x.push_back(static_cast<int>(i) == v ? 1.0 : 0.0);
    }
    return x;
}

void Surrogate::fit(const std::vector<Grid>& grids, const std::vector<double>& y, std::uint64_t seed) {
    if (grids.size() != y.size() || grids.size() < 2)
        throw Error(Status::invalid_argument, "hpsearch: the surrogate needs at least 2 trials");
    Matrix x;
    for (const Grid& g : grids) x.push_back(encode(canonical(g)));
    const std::size_t n = x.size();
    double ym = 0;
    for (const double v : y) ym += v / static_cast<double>(n);
    double se = 0;
    for (const double v : y) se += std::pow((v - ym) * static_cast<double>(n) / static_cast<double>(n - 1), 2);
    mean_loo_rmse_ = std::sqrt(se / static_cast<double>(n));
    loo_rmse_ = std::numeric_limits<double>::infinity();
    for (const double p : k_penalties) {
        const Fit f = ridge(x, y, p, true);
        if (f.loo_rmse < loo_rmse_) {
            loo_rmse_ = f.loo_rmse;
            penalty_ = p;
        }
    }
    members_.clear();
    SplitMix rng{seed};
    for (int m = 0; m < k_members; ++m) {
        Matrix xb;
        std::vector<double> yb;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t j = static_cast<std::size_t>(rng.below(n));
            xb.push_back(x[j]);
            yb.push_back(y[j]);
        }
        const Fit f = ridge(xb, yb, penalty_, false);
        members_.push_back({f.w, f.b});
    }
}

Surrogate::Prediction Surrogate::predict(const Grid& g) const {
    if (members_.empty()) return {};
    const std::vector<double> x = encode(canonical(g));
    double sum = 0, sq = 0;
    for (const Member& m : members_) {
        double p = m.b;
        for (std::size_t k = 0; k < x.size(); ++k) p += x[k] * m.w[k];
        sum += p;
        sq += p * p;
    }
    const double k = static_cast<double>(members_.size());
    Prediction out;
    out.mean = sum / k;
    out.spread = std::sqrt(std::max(0.0, sq / k - out.mean * out.mean));
    return out;
}

}  // namespace pristine::hpsearch
