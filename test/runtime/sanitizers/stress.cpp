// Stress test of the runtime's concurrency guarantees, built with a sanitizer
// by run_stress.sh. Usage: runtime_stress [seconds]
//
// Publishers hammer two event types while other threads subscribe, reset
// (also from inside handlers), and destroy the owners of weak subscriptions.
// Checked, besides "no sanitizer report":
// - no handler runs after its reset() returned (a flag, and the handler's
//   state is freed right after reset, so a late call is also a use after free);
// - every publish reaches every subscription that lived through all of it;
// - a weak handler never sees its owner destroyed, also for owners made by
//   asynclint::make_subscriber (no lock per call: the owner's deleter resets
//   its subscriptions, so a late call would also be a use after free);
// - nested waits on a helping ThreadPool complete.
#include "asynclint/event_distributor.hpp"
#include "asynclint/thread_pool.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Tick {
  int value;
};
struct Tock {
  int value;
};

std::atomic<long> violations{0};

void violation(const char* what) {
  if (violations.fetch_add(1) < 10)
    std::fprintf(stderr, "stress: VIOLATION: %s\n", what);
}

/// Per-subscription state: freed right after reset() returns.
struct Probe {
  std::atomic<bool> reset_returned{false};
  std::atomic<long> calls{0};
};

/// Publish counters of all publisher threads.
struct Progress {
  std::atomic<long> started{0};
  std::atomic<long> finished{0};
};

struct Owner {
  static constexpr int alive_magic = 0x5afe;
  std::atomic<int> magic{alive_magic};
  std::atomic<long> calls{0};
  ~Owner() { magic.store(0); }
};

struct GuardedOwner : asynclint::SubscriptionOwner {
  std::atomic<int> magic{Owner::alive_magic};
  std::atomic<long> calls{0};
  ~GuardedOwner() { magic.store(0); }
};

int run(double seconds) {
  asynclint::EventDistributor bus;
  Progress ticks;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  std::atomic<bool> stop{false};

  // Lives through every publish: must count all of them exactly.
  std::atomic<long> lifelong_calls{0};
  asynclint::Subscription lifelong =
      bus.subscribe<Tick>([&](const Tick&) { lifelong_calls.fetch_add(1, std::memory_order_relaxed); });

  std::vector<std::thread> threads;
  for (int p = 0; p < 2; ++p) {
    threads.emplace_back([&, p] {
      int i = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        ticks.started.fetch_add(1);
        bus.publish(Tick{i});
        ticks.finished.fetch_add(1);
        if ((++i & 7) == p)
          bus.publish(Tock{i});
      }
    });
  }

  // Subscribes, lets publishes run, resets; checks the count and lateness.
  threads.emplace_back([&] {
    std::minstd_rand rng(1);
    while (!stop.load(std::memory_order_relaxed)) {
      auto probe = std::make_unique<Probe>();
      Probe* raw = probe.get();
      asynclint::Subscription s = bus.subscribe<Tick>([raw](const Tick&) {
        if (raw->reset_returned.load())
          violation("a handler ran after its reset() returned");
        raw->calls.fetch_add(1, std::memory_order_relaxed);
      });
      const long first_possible = ticks.started.load();
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
      const long last_complete = ticks.finished.load();
      if (rng() % 2 == 0)
        s.reset();
      else
        s = asynclint::Subscription(); // destroy through move-assignment
      raw->reset_returned.store(true);
      if (last_complete > first_possible && raw->calls.load() < last_complete - first_possible)
        violation("a publish missed a subscription that lived through it");
      probe.reset(); // a late call now is a use after free
    }
  });

  // One-shot handlers that reset themselves from inside the handler while
  // other threads may be running the same handler.
  threads.emplace_back([&] {
    struct OneShot {
      asynclint::Subscription subscription;
      std::atomic<bool> armed{false}; // the handle is stored: the handler may reset it
      std::atomic<bool> fired{false};
      std::atomic<bool> reset_returned{false};
    };
    while (!stop.load(std::memory_order_relaxed)) {
      auto state = std::make_unique<OneShot>();
      OneShot* raw = state.get();
      state->subscription = bus.subscribe<Tock>([raw](const Tock&) {
        if (raw->reset_returned.load())
          violation("a one-shot handler ran after its reset() returned");
        if (!raw->armed.load() || raw->fired.exchange(true))
          return; // another thread is resetting it
        raw->subscription.reset();
        raw->reset_returned.store(true);
      });
      raw->armed.store(true);
      while (!raw->reset_returned.load() && !stop.load(std::memory_order_relaxed))
        std::this_thread::yield();
      if (!raw->reset_returned.load()) {
        if (!raw->fired.exchange(true))
          raw->subscription.reset();
        else
          while (!raw->reset_returned.load())
            std::this_thread::yield();
      }
      state.reset(); // a late call now is a use after free
    }
  });

  // Weak subscriptions whose owners die at random times.
  threads.emplace_back([&] {
    std::minstd_rand rng(2);
    while (!stop.load(std::memory_order_relaxed)) {
      auto owner = std::make_shared<Owner>();
      bus.subscribe_weak<Tick>(std::weak_ptr<Owner>(owner), [](Owner& self, const Tick&) {
        if (self.magic.load() != Owner::alive_magic)
          violation("a weak handler saw its owner destroyed");
        self.calls.fetch_add(1, std::memory_order_relaxed);
      });
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
      owner.reset();
    }
  });

  // Owners made by make_subscriber, with several subscriptions each, dropped
  // at random times (sometimes reset explicitly first).
  threads.emplace_back([&] {
    std::minstd_rand rng(3);
    while (!stop.load(std::memory_order_relaxed)) {
      auto owner = asynclint::make_subscriber<GuardedOwner>();
      const int count = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < count; ++i) {
        bus.subscribe_weak<Tick>(std::weak_ptr<GuardedOwner>(owner), [](GuardedOwner& self, const Tick&) {
          if (self.magic.load() != Owner::alive_magic)
            violation("an owned handler saw its owner destroyed");
          self.calls.fetch_add(1, std::memory_order_relaxed);
        });
      }
      bus.subscribe_weak<Tock>(std::weak_ptr<GuardedOwner>(owner), [](GuardedOwner& self, const Tock&) {
        if (self.magic.load() != Owner::alive_magic)
          violation("an owned handler saw its owner destroyed");
      });
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
      if (rng() % 4 == 0)
        owner->reset_subscriptions();
      owner.reset();
    }
  });

  // Nested waits on a helping pool, plus asynchronous publishes.
  threads.emplace_back([&] {
    asynclint::ThreadPool pool(2, "stress");
    while (!stop.load(std::memory_order_relaxed)) {
      std::vector<asynclint::Future<int>> outer;
      for (int i = 0; i < 8; ++i)
        outer.push_back(pool.submit([&pool, i] {
          auto inner = pool.submit([i] { return i; });
          return inner.get() + 1;
        }));
      for (int i = 0; i < 8; ++i)
        if (outer[static_cast<std::size_t>(i)].get() != i + 1)
          violation("a nested task returned the wrong value");
      auto done = bus.publish_async(Tock{0}, pool);
      done.get();
    }
  });

  while (Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  for (auto& t : threads)
    t.join();

  lifelong.reset();
  if (lifelong_calls.load() != ticks.finished.load())
    violation("the lifelong subscription missed publishes");
  std::printf("stress: %ld publishes of Tick, %ld violations, live subscriptions left: %zu\n",
              ticks.finished.load(), violations.load(), bus.live_subscriptions().size());
  return violations.load() == 0 ? 0 : 1;
}

/// Aborts the process if the stress run hangs (a deadlock in the runtime), so
/// the test fails with a message instead of waiting for the ctest timeout.
void start_watchdog(double seconds) {
  // Generous: sanitizers slow everything down, and the machine may be busy.
  const auto limit = std::chrono::duration<double>(seconds * 4 + 60);
  std::thread([limit] {
    std::this_thread::sleep_for(limit);
    std::fprintf(stderr, "stress: watchdog: still running after %.0f s (deadlock?), aborting\n",
                 limit.count());
    std::fflush(stderr);
    std::abort();
  }).detach();
}

} // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  start_watchdog(seconds);
  return run(seconds);
}
