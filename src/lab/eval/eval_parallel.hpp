// Internal (not installed): run f(i) for i in [0, n) on `threads` workers (0 = all cores). Each
// index is handled exactly once; results must go to per-index slots, so the outcome does not depend
// on the thread count. The first exception is rethrown on the calling thread after all workers end.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pristine::eval::detail {

template <class F>
void parallel_for(int n, int threads, F&& f) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::max(1, std::min(threads, n));
    if (threads == 1) {
        for (int i = 0; i < n; ++i) f(i);
        return;
    }
    std::atomic<int> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (int i = next++; i < n; i = next++) {
                try {
                    f(i);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(error_mutex);
                    if (!error) error = std::current_exception();
                    next = n;
                }
            }
        });
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace pristine::eval::detail
