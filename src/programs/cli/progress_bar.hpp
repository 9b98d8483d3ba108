// A one-line progress bar on stderr for long jobs: stage, count, files per second, ETA. Drawn only
// when enabled (the caller decides: a terminal, or --progress), redrawn at most 10 times a second.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace pristine::cli {

class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}
    ~ProgressBar() { finish(); }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Shows `done` of `total` items of `stage` (a new stage restarts the rate and the ETA).
    void update(const std::string& stage, std::size_t done, std::size_t total);
    /// Ends the line (once).
    void finish();

    /// True when stderr is a terminal.
    static bool stderr_is_terminal();

private:
    bool enabled_;
    bool drawn_ = false;
    std::string stage_;
    std::chrono::steady_clock::time_point start_{}, last_{};
};

}  // namespace pristine::cli
