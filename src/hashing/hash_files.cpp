// hash_files: hash_file over many paths on a small pool of worker threads that take the next index
// from a shared counter. The calling thread only waits, so it can run the caller's `cancel` check
// (Python checks for Ctrl-C there with the GIL held briefly). No static state.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>

#include "pristine/io/hash_file.hpp"

namespace pristine {

namespace {

// One item, never throwing: failures are kept in the result.
HashFileResult hash_one(const std::string& path, const std::vector<HashKind>& kinds, const HashFileOptions& o) {
    HashFileResult r;
    try {
        return hash_file(path, kinds, o);
    } catch (...) {
        Failure f = current_failure();
        r.status = f.status;
        r.error = std::move(f.message);
    }
    r.path = path;
    r.kinds = kinds;
    r.hashes.resize(kinds.size());
    r.scale_denoms.assign(kinds.size(), 1);
    if (o.dihedral) r.dihedral.resize(kinds.size());
    return r;
}

}  // namespace

std::vector<HashFileResult> hash_files(const std::vector<std::string>& paths, const std::vector<HashKind>& kinds,
                                       const HashFileOptions& options, int threads,
                                       const std::function<bool()>& cancel) {
    if (kinds.empty()) throw Error(Status::invalid_argument, "hash_files: no hash kinds given");
    if (threads < 0) throw Error(Status::invalid_argument, "hash_files: threads must be >= 0");
    if (options.max_scale_denom != 1 && options.max_scale_denom != 2 && options.max_scale_denom != 4 &&
        options.max_scale_denom != 8)
        throw Error(Status::invalid_argument, "hash_files: max_scale_denom must be 1, 2, 4 or 8");
    std::vector<HashFileResult> results(paths.size());
    if (paths.empty()) return results;
    std::size_t n_threads = threads > 0 ? static_cast<std::size_t>(threads)
                                        : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    n_threads = std::min(n_threads, paths.size());

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t done = 0, workers_left = n_threads;

    auto work = [&] {
        for (;;) {
            if (stop.load(std::memory_order_relaxed)) break;
            const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= paths.size()) break;
            results[i] = hash_one(paths[i], kinds, options);
            std::lock_guard<std::mutex> lock(mutex);
            ++done;
            changed.notify_one();
        }
        std::lock_guard<std::mutex> lock(mutex);
        --workers_left;
        changed.notify_one();
    };

    std::vector<std::thread> pool;
    pool.reserve(n_threads);
    try {
        for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(work);
    } catch (...) {  // could not start a thread: stop the ones running, then report
        stop = true;
        for (auto& th : pool) th.join();
        throw Error(Status::out_of_memory, "hash_files: could not start worker threads");
    }

    std::exception_ptr cancel_error;
    bool cancelled = false;
    {
        std::unique_lock<std::mutex> lock(mutex);
        std::size_t seen = 0;
        while (workers_left > 0) {
            changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return workers_left == 0 || done != seen; });
            seen = done;
            if (!cancel || cancelled || workers_left == 0) continue;
            lock.unlock();
            try {
                cancelled = cancel();
            } catch (...) {
                cancel_error = std::current_exception();
                cancelled = true;
            }
            if (cancelled) stop = true;
            lock.lock();
        }
    }
    for (auto& th : pool) th.join();
    if (cancel_error) std::rethrow_exception(cancel_error);
    if (cancelled) throw Error(Status::cancelled, "hash_files: cancelled");
    return results;
}

}  // namespace pristine
