// Built with clang++ -Wthread-safety -Werror=thread-safety by run.sh (ctest
// runtime.thread-safety). The analysis checks only code that is
// instantiated, so this uses every template of the runtime once; it also
// runs it with asserts on (no NDEBUG), so the runtime's invariants are
// checked on the way.
#include "asynclint/annotations.hpp"
#include "asynclint/detail/grace_period.hpp"
#include "asynclint/detail/handler_array.hpp"
#include "asynclint/detail/mutex.hpp"
#include "asynclint/event_distributor.hpp"
#include "asynclint/executor.hpp"
#include "asynclint/thread_pool.hpp"

#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Saved {
  int id;
};

struct Widget : asynclint::SubscriptionOwner {
  int seen = 0;
};

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "thread_safety: FAILED: %s\n", what);
    ++failures;
  }
}

/// The annotations on a class of one's own, as the docs show them.
class Inbox {
 public:
  void put(int v) ASYNCLINT_EXCLUDES(mutex_) {
    asynclint::detail::MutexLock lock(mutex_);
    items_.push_back(v);
  }
  int size() ASYNCLINT_EXCLUDES(mutex_) {
    asynclint::detail::UniqueLock lock(mutex_);
    return static_cast<int>(items_.size());
  }

 private:
  asynclint::detail::Mutex mutex_;
  std::vector<int> items_ ASYNCLINT_GUARDED_BY(mutex_);
};

void events() {
  asynclint::EventDistributor bus;
  asynclint::ThreadPool pool(2);
  int strong = 0;
  asynclint::Subscription s = bus.subscribe<Saved>([&](const Saved& e) { strong += e.id; });

  auto plain = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<int>(plain), [&](const Saved&) { ++*plain; });
  auto widget = asynclint::make_subscriber<Widget>();
  bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(widget), [](Widget& w, const Saved&) { ++w.seen; });

  bus.publish(Saved{1});
  expect(strong == 1 && *plain == 1 && widget->seen == 1, "publish reaches every handler");

  bus.publish_async(Saved{2}, pool).get();
  std::vector<std::function<void()>> queued;
  bus.publish_async(Saved{3}, [&](std::function<void()> task) { queued.push_back(std::move(task)); });
  for (auto& task : queued)
    task();
  expect(strong == 6, "publish_async on a pool and on a callable");

  bus.set_error_handler([](std::exception_ptr) {});
  asynclint::Subscription thrower = bus.subscribe<Saved>([](const Saved&) { throw std::runtime_error("x"); });
  bus.publish(Saved{0});
  expect(bus.live_subscriptions().size() == 4, "four live subscriptions");
  expect(!bus.debug_report().empty(), "a debug report");

  plain.reset();
  asynclint::Subscription later = bus.subscribe<Saved>([](const Saved&) {});
  expect(bus.live_subscriptions().size() == 4, "the subscribe dropped the expired handler");
  widget->reset_subscriptions();
  thrower.reset();
  s.reset();
  expect(bus.live_subscriptions().size() == 1, "resets unsubscribe");
}

void pools() {
  asynclint::ThreadPool pool(2, "p", asynclint::WaitPolicy::help);
  auto outer = pool.submit([&pool] { return pool.submit([] { return 20; }).get() + 1; });
  outer.wait();
  expect(outer.get() == 21, "a nested wait helps");
  asynclint::ThreadPool strict(1, "s", asynclint::WaitPolicy::fail);
  auto nested = strict.submit([&strict] { strict.submit([] {}).wait(); });
  bool failed = false;
  try {
    nested.get();
  } catch (const asynclint::sync_over_async_error&) {
    failed = true;
  }
  expect(failed, "a nested wait fails fast");
  pool.shutdown(asynclint::ShutdownMode::cancel);
  bool cancelled = false;
  try {
    pool.submit([] {}).get();
  } catch (const asynclint::task_cancelled_error&) {
    cancelled = true;
  }
  expect(cancelled, "a task after shutdown is cancelled");
}

void grace() {
  asynclint::detail::GracePeriodDomain domain;
  int frees = 0;
  struct Box {
    int* frees;
  };
  {
    asynclint::detail::GracePeriodDomain::ReadSection section(domain);
  }
  domain.retire({{new Box{&frees}, [](void* p) noexcept {
                    auto* b = static_cast<Box*>(p);
                    ++*b->frees;
                    delete b;
                  }}});
  domain.try_reclaim();
  expect(frees == 1, "reclaimed with no reader inside");
}

} // namespace

int main() {
  Inbox inbox;
  inbox.put(1);
  expect(inbox.size() == 1, "the annotated example");
  events();
  pools();
  grace();
  return failures == 0 ? 0 : 1;
}
