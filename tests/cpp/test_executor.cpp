// The batch executor (executor.hpp): order, per-item failures, cancellation, callbacks on the calling
// thread, pipelines (order and window) and bad options.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pristine/executor.hpp"

using namespace pristine;

namespace {

struct Square : ItemStatus {
    std::size_t value = 0;
};

BatchOptions with_threads(int threads) {
    BatchOptions o;
    o.threads = threads;
    return o;
}

void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

}  // namespace

TEST_CASE("run_batch keeps input order and is the same for any thread count") {
    for (int threads : {0, 1, 3, 64}) {
        const auto r = run_batch<Square>(50, with_threads(threads), [](std::size_t i) {
            if (i % 7 == 0) nap();  // finish out of order
            Square s;
            s.value = i * i;
            return s;
        });
        REQUIRE(r.size() == 50);
        for (std::size_t i = 0; i < r.size(); ++i) {
            CHECK(r[i].ok());
            CHECK(r[i].value == i * i);
        }
    }
}

TEST_CASE("run_batch keeps per-item failures and goes on") {
    std::vector<BatchProgress> seen;
    BatchOptions o = with_threads(3);
    o.progress = [&](const BatchProgress& p) { seen.push_back(p); };
    const auto r = run_batch<Square>(20, o, [](std::size_t i) {
        if (i % 5 == 1) throw Error(Status::corrupt_data, "bad item " + std::to_string(i));
        if (i == 8) throw std::runtime_error("plain exception");
        Square s;
        s.value = i;
        return s;
    });
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (i % 5 == 1) {
            CHECK(r[i].status == Status::corrupt_data);
            CHECK(r[i].error == "bad item " + std::to_string(i));
            CHECK(r[i].value == 0);
        } else if (i == 8) {
            CHECK(r[i].status == Status::internal);
            CHECK(r[i].error.find("plain exception") != std::string::npos);
        } else {
            CHECK(r[i].ok());
            CHECK(r[i].error.empty());
            CHECK(r[i].value == i);
        }
    }
    REQUIRE(!seen.empty());
    CHECK(seen.back().done == 20);
    CHECK(seen.back().failed == 5);
    CHECK(seen.back().total == 20);
    for (std::size_t k = 1; k < seen.size(); ++k) CHECK(seen[k].done > seen[k - 1].done);  // only news
}

TEST_CASE("callbacks run on the calling thread only") {
    const auto caller = std::this_thread::get_id();
    std::atomic<int> wrong{0}, progress_calls{0}, cancel_calls{0};
    BatchOptions o = with_threads(4);
    o.progress = [&](const BatchProgress&) {
        if (std::this_thread::get_id() != caller) ++wrong;
        ++progress_calls;
    };
    o.cancel = [&] {
        if (std::this_thread::get_id() != caller) ++wrong;
        ++cancel_calls;
        return false;
    };
    std::mutex m;
    std::vector<std::thread::id> workers;
    run_for_each(40, o, [&](std::size_t) {
        nap();
        std::lock_guard<std::mutex> lock(m);
        workers.push_back(std::this_thread::get_id());
    });
    CHECK(wrong == 0);
    CHECK(progress_calls >= 1);
    CHECK(cancel_calls >= 1);
    CHECK(std::find(workers.begin(), workers.end(), caller) == workers.end());
}

TEST_CASE("cancel: no new item starts, then Error(cancelled)") {
    const int threads = 2;
    std::atomic<std::size_t> started{0}, started_at_cancel{0};
    BatchOptions o = with_threads(threads);
    o.cancel = [&] {
        if (started < 10) return false;
        started_at_cancel = started.load();
        return true;
    };
    bool threw = false;
    try {
        run_batch<Square>(1000, o, [&](std::size_t i) {
            ++started;
            nap();
            Square s;
            s.value = i;
            return s;
        });
    } catch (const Error& e) {
        threw = true;
        CHECK(e.status() == Status::cancelled);
    }
    CHECK(threw);
    // Once cancel said true, a worker may only start the item it had already taken.
    CHECK(started_at_cancel >= 10);
    CHECK(started <= started_at_cancel + threads);
}

TEST_CASE("an exception thrown by a callback stops the batch and is rethrown") {
    std::atomic<std::size_t> started{0};
    BatchOptions o = with_threads(2);
    o.cancel = [&]() -> bool {
        if (started > 5) throw std::runtime_error("from cancel");
        return false;
    };
    CHECK_THROWS_WITH_AS(run_for_each(1000, o, [&](std::size_t) { ++started, nap(); }), "from cancel",
                         std::runtime_error);
    CHECK(started < 1000);

    BatchOptions p = with_threads(2);
    p.progress = [](const BatchProgress&) { throw std::logic_error("from progress"); };
    CHECK_THROWS_AS(run_batch<Square>(100, p, [](std::size_t) { return Square{}; }), std::logic_error);
}

TEST_CASE("run_for_each rethrows an item's exception once the workers are done") {
    std::atomic<std::size_t> ran{0};
    CHECK_THROWS_WITH_AS(run_for_each(500, with_threads(3),
                                      [&](std::size_t i) {
                                          ++ran;
                                          nap();
                                          if (i == 3) throw Error(Status::io_error, "item 3");
                                      }),
                         "item 3", Error);
    CHECK(ran < 500);
}

TEST_CASE("run_pipeline consumes in input order on the calling thread, within the window") {
    const auto caller = std::this_thread::get_id();
    for (std::size_t window : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        const std::size_t n = 60;
        std::vector<std::size_t> produced(n, 0), consumed;
        std::atomic<std::size_t> ahead_max{0};
        std::atomic<std::size_t> consumed_count{0};
        bool off_thread = false;
        const int threads = 4;
        run_pipeline(
            n, with_threads(threads),
            [&](std::size_t i) {
                // How far this item is ahead of the consumer.
                const std::size_t ahead = i - consumed_count.load();
                std::size_t m = ahead_max.load();
                while (ahead > m && !ahead_max.compare_exchange_weak(m, ahead)) {
                }
                if (i % 5 == 0) nap();
                produced[i] = i + 1;
            },
            [&](std::size_t i) {
                if (std::this_thread::get_id() != caller) off_thread = true;
                CHECK(produced[i] == i + 1);  // its producer has finished
                consumed.push_back(i);
                ++consumed_count;
            },
            window);
        CHECK(!off_thread);
        REQUIRE(consumed.size() == n);
        for (std::size_t i = 0; i < n; ++i) CHECK(consumed[i] == i);
        const std::size_t bound = window == 0 ? 2 * threads : window;
        CHECK(ahead_max < bound);
    }
}

TEST_CASE("run_pipeline stops on an exception of either stage") {
    std::vector<std::size_t> consumed;
    CHECK_THROWS_AS(run_pipeline(
                        100, with_threads(2), [](std::size_t i) { if (i == 10) throw Error(Status::corrupt_data, "p"); },
                        [&](std::size_t i) { consumed.push_back(i); }),
                    Error);
    CHECK(consumed.size() <= 10);  // never past the failed item
    for (std::size_t i = 0; i < consumed.size(); ++i) CHECK(consumed[i] == i);

    std::atomic<std::size_t> produced{0};
    CHECK_THROWS_WITH_AS(run_pipeline(
                             1000, with_threads(2), [&](std::size_t) { ++produced; },
                             [](std::size_t i) { if (i == 4) throw std::runtime_error("consumer"); }, 4),
                         "consumer", std::runtime_error);
    CHECK(produced < 1000);
}

TEST_CASE("bad thread counts and empty batches") {
    CHECK_THROWS_AS(run_batch<Square>(3, with_threads(-1), [](std::size_t) { return Square{}; }), Error);
    try {
        run_for_each(0, with_threads(-2), [](std::size_t) {});
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::invalid_argument);
    }
    CHECK_THROWS_AS(run_pipeline(2, with_threads(-1), [](std::size_t) {}, [](std::size_t) {}), Error);
    CHECK(batch_threads(0, 5) >= 1);
    CHECK(batch_threads(8, 3) == 3);
    CHECK(batch_threads(2, 0) == 1);

    bool called = false;
    BatchOptions o;
    o.progress = [&](const BatchProgress&) { called = true; };
    CHECK(run_batch<Square>(0, o, [&](std::size_t) { called = true; return Square{}; }).empty());
    run_for_each(0, o, [&](std::size_t) { called = true; });
    run_pipeline(0, o, [&](std::size_t) { called = true; }, [&](std::size_t) { called = true; });
    CHECK(!called);
}
