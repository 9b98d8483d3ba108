// The one batch executor of pristine (header-only core, std only): every batch call — hashing files,
// scoring, evaluation, training data, the bindings — runs its items through run_batch or
// run_pipeline, so threads, cancellation, progress and per-item failures behave the same everywhere.
//
// The contract:
// - BatchOptions: `threads` (0 = all cores; never more than there are items), `cancel` and
//   `progress`. Both callbacks run on the CALLING thread only (never on a worker), after items finish
//   and at least every 100 ms, so a binding may take its interpreter's lock inside them.
// - Per-item failures have one shape, ItemStatus {status, error}: an exception thrown by one item is
//   caught and kept in that item's result; the batch goes on.
// - Cancellation: once `cancel` returns true (or throws), no new item starts; when the running ones
//   are done, Error(cancelled) is thrown (or the callback's own exception is rethrown).
// - An exception that escapes an item of run_for_each / run_pipeline (which keep no per-item
//   result) stops the batch and is rethrown on the calling thread once the workers are done.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "pristine/error.hpp"

namespace pristine {

/// How far a batch has come, reported to BatchOptions::progress.
struct BatchProgress {
    std::size_t done = 0;    ///< items finished (ok or failed)
    std::size_t failed = 0;  ///< items of `done` that failed (run_batch only; 0 otherwise)
    std::size_t total = 0;   ///< items in the batch
};

/// The options every batch call of pristine takes.
struct BatchOptions {
    /// Worker threads; 0 = all cores. Never more than there are items.
    int threads = 0;
    /// Asked on the calling thread after items finish and at least every 100 ms; true = stop.
    std::function<bool()> cancel;
    /// Told on the calling thread after items finish: at most every 100 ms, never twice with the same
    /// count, and always with the final count at the end.
    std::function<void(const BatchProgress&)> progress;
};

/// The status every per-item result of a batch carries (derive results from it).
struct ItemStatus {
    Status status = Status::ok;  ///< Status::ok, or why this item failed
    std::string error;           ///< the failure's message (empty when ok)
    bool ok() const noexcept { return status == Status::ok; }
    /// Records the exception being handled (call inside a catch block).
    void fail_with_current_exception() {
        Failure f = current_failure();
        status = f.status;
        error = std::move(f.message);
    }
};

/// The worker count a batch of `items` gets for a requested `threads` (0 = all cores): at least 1,
/// never more than the items. Throws Error(invalid_argument) for a negative count.
inline std::size_t batch_threads(int threads, std::size_t items) {
    if (threads < 0) throw Error(Status::invalid_argument, "threads must be >= 0 (0 = all cores), got " +
                                                               std::to_string(threads));
    std::size_t n = threads > 0 ? static_cast<std::size_t>(threads)
                                : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    return std::max<std::size_t>(1, std::min(n, items));
}

namespace detail {

// Shared state of one batch: workers take indices from `next`; the calling thread waits on `changed`
// and runs the callbacks. `window` (0 = none) keeps workers at most that many items ahead of `consumed`.
class BatchRun {
public:
    BatchRun(std::size_t total, const BatchOptions& options, std::size_t window, std::vector<char>* produced)
        : total_(total), options_(options), window_(window), produced_(produced) {}

    // The next index for a worker, or total when there is none (finished, stopped or out of window).
    std::size_t take() {
        if (window_ == 0) {
            if (stop_.load()) return total_;  // seen by every worker once the caller stops the batch
            const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
            return i < total_ ? i : total_;
        }
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [&] { return stop_ || next_ >= total_ || next_ < consumed_ + window_; });
        if (stop_ || next_ >= total_) return total_;
        return next_++;
    }

    // Item i is done (a pipeline's first stage: ready for the consumer).
    void finished(std::size_t i, bool failed) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++done_;
        if (failed) ++failed_;
        if (produced_ != nullptr) (*produced_)[i] = 1;
        changed_.notify_all();
    }

    void worker_exited(std::exception_ptr error) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (error && !error_) error_ = std::move(error);
        if (error_) stop_locked();
        --workers_left_;
        changed_.notify_all();
    }

    // Runs `fn` on `workers` threads and services the callbacks (and `consume`, in input order, for a
    // pipeline) on this thread until every worker has exited. Rethrows as documented above.
    template <class Fn, class Consume>
    void run(std::size_t workers, Fn&& fn, Consume&& consume) {
        workers_left_ = workers;
        std::vector<std::thread> pool;
        pool.reserve(workers);
        const auto body = [&] {
            std::exception_ptr error;
            try {
                fn(*this);
            } catch (...) {
                error = std::current_exception();
            }
            worker_exited(error);
        };
        // With nothing to service (no callbacks, no second stage) the calling thread is one of the
        // workers, as a hand-written pool would do: one thread fewer to start per batch.
        const bool caller_works = !options_.cancel && !options_.progress && produced_ == nullptr;
        try {
            for (std::size_t t = caller_works ? 1 : 0; t < workers; ++t) pool.emplace_back(body);
        } catch (...) {  // could not start a thread: stop the ones running, then report
            {
                std::lock_guard<std::mutex> lock(mutex_);
                stop_locked();
                workers_left_ -= workers - pool.size();
            }
            for (auto& th : pool) th.join();
            throw Error(Status::out_of_memory, "could not start worker threads");
        }
        if (caller_works)
            body();
        else
            service(std::forward<Consume>(consume));
        for (auto& th : pool) th.join();
        if (error_) std::rethrow_exception(error_);
        if (cancelled_) throw Error(Status::cancelled, "cancelled");
    }

private:
    void stop_locked() {
        stop_ = true;
        room_.notify_all();
    }

    template <class Consume>
    void service(Consume&& consume) {
        using clock = std::chrono::steady_clock;
        auto last_progress = clock::now() - std::chrono::seconds(1);
        std::size_t seen = static_cast<std::size_t>(-1), reported = static_cast<std::size_t>(-1);
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            changed_.wait_for(lock, std::chrono::milliseconds(100), [&] { return workers_left_ == 0 || done_ != seen; });
            const bool all_exited = workers_left_ == 0;
            seen = done_;
            // A pipeline consumes the items that are ready, in input order, on this thread.
            if (produced_ != nullptr && !error_) {
                while (consumed_ < total_ && (*produced_)[consumed_]) {
                    const std::size_t i = consumed_;
                    lock.unlock();
                    std::exception_ptr error;
                    try {
                        consume(i);
                    } catch (...) {
                        error = std::current_exception();
                    }
                    lock.lock();
                    ++consumed_;
                    room_.notify_all();
                    if (error) {
                        if (!error_) error_ = error;
                        stop_locked();
                        break;
                    }
                }
            }
            const BatchProgress p{done_, failed_, total_};
            lock.unlock();
            bool stop_now = false;
            std::exception_ptr error;
            try {
                const auto now = clock::now();
                // Only news is reported: at most every 100 ms, and the final count once at the end.
                if (options_.progress && p.done != reported &&
                    (all_exited || now - last_progress >= std::chrono::milliseconds(100))) {
                    options_.progress(p);
                    last_progress = now;
                    reported = p.done;
                }
                if (options_.cancel && !cancelled_ && !all_exited && options_.cancel()) stop_now = true;
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            if (error && !error_) error_ = error;
            if (error) stop_locked();
            if (stop_now) {
                cancelled_ = true;
                stop_locked();
            }
            if (all_exited) return;
        }
    }

    const std::size_t total_;
    const BatchOptions& options_;
    const std::size_t window_;
    std::vector<char>* const produced_;  // pipelines: which items the consumer may take (under mutex_)
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable changed_, room_;
    std::size_t done_ = 0, failed_ = 0, consumed_ = 0, workers_left_ = 0;
    bool cancelled_ = false;
    std::exception_ptr error_;
};

}  // namespace detail

/// Calls fn(i) for every i in [0, n) on worker threads. For work without per-item results (an
/// exception from fn stops the batch and is rethrown here). Throws Error(cancelled) when cancelled.
template <class Fn>
void run_for_each(std::size_t n, const BatchOptions& options, Fn&& fn) {
    const std::size_t workers = batch_threads(options.threads, n);
    if (n == 0) return;
    detail::BatchRun run(n, options, 0, nullptr);
    run.run(
        workers,
        [&](detail::BatchRun& r) {
            for (std::size_t i = r.take(); i < n; i = r.take()) {
                fn(i);
                r.finished(i, false);
            }
        },
        [](std::size_t) {});
}

/// Computes results[i] = compute(i) for every i in [0, n) on worker threads, in input order.
/// `Result` derives from ItemStatus: an exception thrown by compute(i) becomes results[i]'s status and
/// message (the rest of that result default-constructed) and the batch goes on. Throws only for
/// bad options, Error(cancelled), or an exception of the callbacks.
template <class Result, class Compute>
std::vector<Result> run_batch(std::size_t n, const BatchOptions& options, Compute&& compute) {
    static_assert(std::is_base_of<ItemStatus, Result>::value, "batch results derive from ItemStatus");
    const std::size_t workers = batch_threads(options.threads, n);
    std::vector<Result> results(n);
    if (n == 0) return results;
    detail::BatchRun run(n, options, 0, nullptr);
    run.run(
        workers,
        [&](detail::BatchRun& r) {
            for (std::size_t i = r.take(); i < n; i = r.take()) {
                try {
                    results[i] = compute(i);
                } catch (...) {
                    results[i] = Result{};
                    results[i].fail_with_current_exception();
                }
                r.finished(i, !results[i].ok());
            }
        },
        [](std::size_t) {});
    return results;
}

/// Two stages: produce(i) on worker threads, then consume(i) on the CALLING thread in input order,
/// with workers at most `window` items ahead of the consumer (0 = 2 x workers), so memory stays
/// bounded. For work whose second stage must not run in parallel (a network that uses its own
/// threads, an index insert). An exception from either stage stops the batch and is rethrown here.
template <class Produce, class Consume>
void run_pipeline(std::size_t n, const BatchOptions& options, Produce&& produce, Consume&& consume,
                  std::size_t window = 0) {
    const std::size_t workers = batch_threads(options.threads, n);
    if (n == 0) return;
    if (window == 0) window = 2 * workers;
    std::vector<char> produced(n, 0);
    detail::BatchRun run(n, options, window, &produced);
    run.run(
        workers,
        [&](detail::BatchRun& r) {
            for (std::size_t i = r.take(); i < n; i = r.take()) {
                produce(i);
                r.finished(i, false);
            }
        },
        std::forward<Consume>(consume));
}

}  // namespace pristine
