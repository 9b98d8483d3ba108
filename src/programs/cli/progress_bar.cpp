#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace pristine::cli {

bool ProgressBar::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void ProgressBar::update(const std::string& stage, std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (stage != stage_) {
        stage_ = stage;
        start_ = now;
    } else if (done < total && now - last_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char eta[32] = "";
    if (rate > 0 && done < total) std::snprintf(eta, sizeof eta, ", ETA %.0f s", static_cast<double>(total - done) / rate);
    std::fprintf(stderr, "\r\033[K%s %zu/%zu (%.0f files/s%s)", stage.c_str(), done, total, rate, eta);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    std::fputc('\n', stderr);
    drawn_ = false;
}

}  // namespace pristine::cli
