// Unit tests for asynclint::EventDistributor and asynclint::Subscription.
#include "asynclint/event_distributor.hpp"
#include "asynclint/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using asynclint::EventDistributor;
using asynclint::Subscription;
using namespace std::chrono_literals;

struct Saved {
  int id;
};
struct Closed {
  std::string why;
};
struct Never {};

TEST(EventDistributor, DocumentedSpellingCompilesAndRuns) {
  int seen = 0;
  asynclint::EventDistributor bus;
  asynclint::Subscription s = bus.subscribe<Saved>([&](const Saved& e) { seen += e.id; });
  bus.publish(Saved{5});
  s.reset();
  bus.publish(Saved{7});
  EXPECT_EQ(seen, 5);
}

TEST(EventDistributor, PublishWithoutSubscribersIsANoOp) {
  EventDistributor bus;
  bus.publish(Never{});
  auto s = bus.subscribe<Saved>([](const Saved&) {});
  bus.publish(Never{});
  s.reset();
  bus.publish(Saved{1});
}

TEST(EventDistributor, EventTypesAreIndependent) {
  EventDistributor bus;
  int saved = 0;
  std::string why;
  auto a = bus.subscribe<Saved>([&](const Saved&) { ++saved; });
  auto b = bus.subscribe<Closed>([&](const Closed& c) { why = c.why; });
  bus.publish(Closed{"done"});
  EXPECT_EQ(saved, 0);
  EXPECT_EQ(why, "done");
  bus.publish(Saved{1});
  EXPECT_EQ(saved, 1);
}

TEST(EventDistributor, HandlersRunInSubscriptionOrder) {
  EventDistributor bus;
  std::vector<int> order;
  std::vector<Subscription> subs;
  for (int i = 0; i < 10; ++i)
    subs.push_back(bus.subscribe<Saved>([&order, i](const Saved&) { order.push_back(i); }));
  bus.publish(Saved{0});
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(EventDistributor, DestroyingTheSubscriptionUnsubscribes) {
  EventDistributor bus;
  int seen = 0;
  {
    auto s = bus.subscribe<Saved>([&](const Saved&) { ++seen; });
    bus.publish(Saved{1});
  }
  bus.publish(Saved{1});
  EXPECT_EQ(seen, 1);
}

TEST(EventDistributor, SubscriptionIsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<Subscription>, "must be move-only");
  static_assert(std::is_nothrow_move_constructible_v<Subscription>, "moves must not throw");
  EventDistributor bus;
  int a = 0;
  int b = 0;
  Subscription first = bus.subscribe<Saved>([&](const Saved&) { ++a; });
  Subscription moved = std::move(first);
  EXPECT_FALSE(first.active()); // NOLINT(bugprone-use-after-move): checked on purpose
  EXPECT_TRUE(moved.active());
  bus.publish(Saved{1});
  moved = bus.subscribe<Saved>([&](const Saved&) { ++b; }); // drops the first handler
  bus.publish(Saved{1});
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
}

TEST(EventDistributor, ResetDestroysTheHandler) {
  EventDistributor bus;
  auto token = std::make_shared<int>(0);
  auto s = bus.subscribe<Saved>([token](const Saved&) { ++*token; });
  EXPECT_EQ(token.use_count(), 2);
  s.reset();
  EXPECT_EQ(token.use_count(), 1);
}

TEST(EventDistributor, SubscribeDuringPublishTakesEffectFromTheNextPublish) {
  EventDistributor bus;
  int late = 0;
  std::vector<Subscription> added;
  auto s = bus.subscribe<Saved>([&](const Saved&) {
    added.push_back(bus.subscribe<Saved>([&](const Saved&) { ++late; }));
  });
  bus.publish(Saved{1});
  EXPECT_EQ(late, 0);
  s.reset();
  bus.publish(Saved{1});
  EXPECT_EQ(late, 1);
}

TEST(EventDistributor, UnsubscribeDuringPublishTakesEffectAtOnce) {
  EventDistributor bus;
  int second_calls = 0;
  Subscription second;
  auto first = bus.subscribe<Saved>([&](const Saved&) { second.reset(); });
  second = bus.subscribe<Saved>([&](const Saved&) { ++second_calls; });
  bus.publish(Saved{1});
  EXPECT_EQ(second_calls, 0);
}

TEST(EventDistributor, ResetFromInsideItsOwnHandlerDoesNotDeadlock) {
  EventDistributor bus;
  int calls = 0;
  Subscription self;
  self = bus.subscribe<Saved>([&](const Saved&) {
    ++calls;
    self.reset(); // one-shot
  });
  bus.publish(Saved{1});
  bus.publish(Saved{2});
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(bus.live_subscriptions().empty());
}

TEST(EventDistributor, ResetWaitsForTheHandlerRunningOnAnotherThread) {
  EventDistributor bus;
  std::atomic<bool> entered{false};
  std::atomic<bool> left{false};
  auto token = std::make_shared<int>(0);
  auto s = bus.subscribe<Saved>([&, token](const Saved&) {
    entered = true;
    std::this_thread::sleep_for(200ms);
    left = true;
  });
  std::thread publisher([&] { bus.publish(Saved{1}); });
  while (!entered)
    std::this_thread::yield();
  s.reset();
  EXPECT_TRUE(left.load()) << "reset returned while the handler was still running";
  EXPECT_EQ(token.use_count(), 1) << "the handler must be destroyed when reset returns";
  publisher.join();
}

TEST(EventDistributor, NoCallAfterResetReturns) {
  for (int round = 0; round < 20; ++round) {
    EventDistributor bus;
    std::atomic<bool> reset_returned{false};
    std::atomic<int> late_calls{0};
    std::atomic<int> calls{0};
    std::atomic<bool> stop{false};
    auto s = bus.subscribe<Saved>([&](const Saved&) {
      calls.fetch_add(1, std::memory_order_relaxed);
      if (reset_returned.load())
        late_calls.fetch_add(1);
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 2; ++t)
      publishers.emplace_back([&] {
        while (!stop.load(std::memory_order_relaxed))
          bus.publish(Saved{1});
      });
    while (calls.load() < 100)
      std::this_thread::yield();
    s.reset();
    reset_returned = true;
    std::this_thread::sleep_for(2ms);
    stop = true;
    for (auto& p : publishers)
      p.join();
    EXPECT_EQ(late_calls.load(), 0);
  }
}

TEST(EventDistributor, ConcurrentPublishesReachEveryLiveSubscription) {
  EventDistributor bus;
  std::atomic<int> a{0};
  std::atomic<int> b{0};
  auto sa = bus.subscribe<Saved>([&](const Saved&) { a.fetch_add(1, std::memory_order_relaxed); });
  auto sb = bus.subscribe<Saved>([&](const Saved&) { b.fetch_add(1, std::memory_order_relaxed); });
  constexpr int per_thread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        bus.publish(Saved{i});
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(a.load(), 3 * per_thread);
  EXPECT_EQ(b.load(), 3 * per_thread);
}

// One-shot handlers resetting themselves while the same event is published on
// two threads: each reset happens inside a handler and must not wait for the
// other thread's reset (which would wait back).
TEST(EventDistributor, ConcurrentSelfResetsDoNotDeadlock) {
  for (int round = 0; round < 200; ++round) {
    EventDistributor bus;
    std::atomic<int> calls{0};
    Subscription a;
    Subscription b;
    std::latch both(2);
    a = bus.subscribe<Saved>([&](const Saved& e) {
      if (e.id != 0)
        return;
      calls.fetch_add(1);
      both.arrive_and_wait();
      a.reset();
    });
    b = bus.subscribe<Closed>([&](const Closed&) {
      calls.fetch_add(1);
      both.arrive_and_wait();
      b.reset();
    });
    std::thread t1([&] { bus.publish(Saved{0}); });
    std::thread t2([&] { bus.publish(Closed{}); });
    t1.join();
    t2.join();
    EXPECT_EQ(calls.load(), 2);
  }
}

TEST(EventDistributor, NestedPublishFromAHandler) {
  EventDistributor bus;
  std::string why;
  auto inner = bus.subscribe<Closed>([&](const Closed& c) { why = c.why; });
  auto outer = bus.subscribe<Saved>([&](const Saved&) { bus.publish(Closed{"nested"}); });
  bus.publish(Saved{1});
  EXPECT_EQ(why, "nested");
}

TEST(EventDistributor, ThrowingHandlerDoesNotStopTheOthersAndTheFirstErrorPropagates) {
  EventDistributor bus;
  int after = 0;
  auto s1 = bus.subscribe<Saved>([](const Saved&) { throw std::runtime_error("first"); });
  auto s2 = bus.subscribe<Saved>([](const Saved&) { throw std::logic_error("second"); });
  auto s3 = bus.subscribe<Saved>([&](const Saved&) { ++after; });
  try {
    bus.publish(Saved{1});
    ADD_FAILURE() << "the default policy rethrows";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_EQ(after, 1);
}

TEST(EventDistributor, ErrorHandlerSeesEveryError) {
  EventDistributor bus;
  std::vector<std::string> errors;
  bus.set_error_handler([&](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      errors.emplace_back(ex.what());
    }
  });
  int after = 0;
  auto s1 = bus.subscribe<Saved>([](const Saved&) { throw std::runtime_error("a"); });
  auto s2 = bus.subscribe<Saved>([](const Saved&) { throw std::runtime_error("b"); });
  auto s3 = bus.subscribe<Saved>([&](const Saved&) { ++after; });
  EXPECT_NO_THROW(bus.publish(Saved{1}));
  EXPECT_EQ(errors, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(after, 1);
  bus.set_error_handler(nullptr); // back to the default
  EXPECT_THROW(bus.publish(Saved{1}), std::runtime_error);
}

struct Owner {
  int seen = 0;
};

TEST(EventDistributor, WeakSubscriptionExpiresWithItsOwner) {
  EventDistributor bus;
  auto owner = std::make_shared<Owner>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(owner),
                            [token](Owner& self, const Saved& e) { self.seen += e.id; });
  bus.publish(Saved{3});
  EXPECT_EQ(owner->seen, 3);
  EXPECT_EQ(token.use_count(), 2);
  std::weak_ptr<Owner> watch = owner;
  owner.reset();
  EXPECT_TRUE(watch.expired());
  bus.publish(Saved{4}); // finds the owner gone: no call, handler reclaimed
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_TRUE(bus.live_subscriptions().empty());
}

TEST(EventDistributor, SubscribeDestroysWeakHandlersWhoseOwnerIsGone) {
  EventDistributor bus;
  auto owner = std::make_shared<Owner>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(owner), [token](Owner&, const Saved&) {});
  owner.reset(); // no publish finds it gone
  EXPECT_EQ(token.use_count(), 2);
  int calls = 0;
  Subscription s = bus.subscribe<Saved>([&](const Saved&) { ++calls; });
  EXPECT_EQ(token.use_count(), 1); // destroyed by the subscribe
  ASSERT_EQ(bus.live_subscriptions().size(), 1U);
  bus.publish(Saved{1});
  EXPECT_EQ(calls, 1);
}

TEST(EventDistributor, SubscribeWeakDestroysWeakHandlersWhoseOwnerIsGone) {
  EventDistributor bus;
  auto token = std::make_shared<int>(0);
  auto kept = std::make_shared<Owner>();
  for (int i = 0; i < 5; ++i) { // in place, then in a copy of the array
    auto gone = std::make_shared<Owner>();
    bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(gone), [token](Owner&, const Saved&) {});
  }
  EXPECT_EQ(token.use_count(), 2); // each subscribe destroyed the one before
  bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(kept),
                            [](Owner& self, const Saved& e) { self.seen += e.id; });
  EXPECT_EQ(token.use_count(), 1);
  ASSERT_EQ(bus.live_subscriptions().size(), 1U);
  bus.publish(Saved{2});
  EXPECT_EQ(kept->seen, 2);
}

TEST(EventDistributor, SubscribeOfAnotherTypeLeavesExpiredHandlersToTheirOwnType) {
  EventDistributor bus;
  auto owner = std::make_shared<Owner>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(owner), [token](Owner&, const Saved&) {});
  owner.reset();
  Subscription s = bus.subscribe<Closed>([](const Closed&) {});
  EXPECT_EQ(token.use_count(), 2);
  bus.publish(Saved{1});
  EXPECT_EQ(token.use_count(), 1);
}

TEST(EventDistributor, SubscribeFromAHandlerDefersTheDestructionOfExpiredHandlers) {
  EventDistributor bus;
  auto owner = std::make_shared<Owner>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Owner>(owner), [token](Owner&, const Saved&) {});
  owner.reset();
  std::vector<Subscription> made;
  long seen_inside = 0;
  Subscription trigger = bus.subscribe<Closed>([&](const Closed&) {
    made.push_back(bus.subscribe<Saved>([](const Saved&) {}));
    seen_inside = token.use_count(); // this thread still publishes: not yet
  });
  bus.publish(Closed{"now"});
  EXPECT_EQ(seen_inside, 2);
  EXPECT_EQ(token.use_count(), 1); // the end of that publish destroyed it
}

TEST(EventDistributor, WeakHandlerMayIgnoreTheOwner) {
  EventDistributor bus;
  auto owner = std::make_shared<int>(1);
  int calls = 0;
  bus.subscribe_weak<Saved>(std::weak_ptr<int>(owner), [&](const Saved&) { ++calls; });
  bus.publish(Saved{1});
  owner.reset();
  bus.publish(Saved{1});
  EXPECT_EQ(calls, 1);
}

TEST(EventDistributor, WeakSubscriptionToAnExpiredOwnerIsANoOp) {
  EventDistributor bus;
  std::weak_ptr<int> gone;
  bus.subscribe_weak<Saved>(gone, [](const Saved&) { ADD_FAILURE() << "called"; });
  bus.publish(Saved{1});
  EXPECT_TRUE(bus.live_subscriptions().empty());
}

TEST(EventDistributor, DebugReportSaysWhereEachSubscriptionWasMade) {
  EventDistributor bus;
  const unsigned line = __LINE__ + 1;
  auto s = bus.subscribe<Saved>([](const Saved&) {});
  auto owner = std::make_shared<int>(0);
  bus.subscribe_weak<Closed>(std::weak_ptr<int>(owner), [](const Closed&) {});
  auto live = bus.live_subscriptions();
  ASSERT_EQ(live.size(), 2U);
  bool found = false;
  for (const auto& info : live) {
    if (info.event_type.find("Saved") == std::string::npos)
      continue;
    found = true;
    EXPECT_EQ(info.where.line(), line);
    EXPECT_NE(std::string(info.where.file_name()).find("event_distributor_test.cpp"), std::string::npos);
    EXPECT_FALSE(info.weak);
  }
  EXPECT_TRUE(found);
  const std::string report = bus.debug_report();
  EXPECT_NE(report.find("2 live subscription(s)"), std::string::npos) << report;
  EXPECT_NE(report.find("(weak)"), std::string::npos) << report;
  EXPECT_NE(report.find("event_distributor_test.cpp:" + std::to_string(line)), std::string::npos)
      << report;
  s.reset();
  EXPECT_EQ(bus.live_subscriptions().size(), 1U);
}

TEST(EventDistributor, PublishAsyncOnTheThreadPool) {
  asynclint::ThreadPool pool(2);
  EventDistributor bus;
  std::atomic<bool> on_worker{false};
  auto s = bus.subscribe<Saved>([&](const Saved&) { on_worker = pool.is_own_worker(); });
  auto done = bus.publish_async(Saved{1}, pool);
  done.get();
  EXPECT_TRUE(on_worker.load());
}

TEST(EventDistributor, PublishAsyncErrorsArriveAtTheFuture) {
  asynclint::ThreadPool pool(1);
  EventDistributor bus;
  auto s = bus.subscribe<Saved>([](const Saved&) { throw std::runtime_error("async"); });
  auto done = bus.publish_async(Saved{1}, pool);
  EXPECT_THROW(done.get(), std::runtime_error);
}

// Any type with submit(f) is an executor.
struct ManualExecutor {
  std::deque<std::function<void()>> tasks;
  void submit(std::function<void()> f) { tasks.push_back(std::move(f)); }
  void run_all() {
    while (!tasks.empty()) {
      auto f = std::move(tasks.front());
      tasks.pop_front();
      f();
    }
  }
};

TEST(EventDistributor, PublishAsyncOnAnyExecutor) {
  ManualExecutor ex;
  EventDistributor bus;
  int seen = 0;
  auto s = bus.subscribe<Saved>([&](const Saved& e) { seen = e.id; });
  bus.publish_async(Saved{9}, ex);
  EXPECT_EQ(seen, 0);
  ex.run_all();
  EXPECT_EQ(seen, 9);
}

TEST(EventDistributor, PublishAsyncAfterTheDistributorIsGoneDeliversNothing) {
  ManualExecutor ex;
  int seen = 0;
  {
    EventDistributor bus;
    auto s = bus.subscribe<Saved>([&](const Saved&) { ++seen; });
    bus.publish_async(Saved{1}, ex);
  }
  ex.run_all();
  EXPECT_EQ(seen, 0);
}

TEST(EventDistributor, SubscriptionMayOutliveTheDistributor) {
  Subscription s;
  {
    EventDistributor bus;
    s = bus.subscribe<Saved>([](const Saved&) {});
  }
  EXPECT_TRUE(s.active());
  s.reset();
  EXPECT_FALSE(s.active());
}

TEST(EventDistributor, ManyEventTypes) {
  EventDistributor bus;
  int total = 0;
  std::vector<Subscription> subs;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (subs.push_back(bus.subscribe<std::integral_constant<std::size_t, I>>(
         [&](const std::integral_constant<std::size_t, I>&) { total += 1; })),
     ...);
    (bus.publish(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<100>{});
  EXPECT_EQ(total, 100);
}

TEST(EventDistributor, ThreadsComeAndGo) {
  EventDistributor bus;
  std::atomic<int> calls{0};
  auto s = bus.subscribe<Saved>([&](const Saved&) { calls.fetch_add(1); });
  for (int i = 0; i < 50; ++i)
    std::thread([&] { bus.publish(Saved{1}); }).join();
  EXPECT_EQ(calls.load(), 50);
  s.reset();
}

// ---- growth in place and reuse of arrays -------------------------------------

TEST(EventDistributor, OrderSurvivesManySubscribesAndResets) {
  EventDistributor bus;
  std::vector<int> calls;
  std::deque<Subscription> subs; // index i calls with i
  for (int i = 0; i < 40; ++i)
    subs.push_back(bus.subscribe<Saved>([&calls, i](const Saved&) { calls.push_back(i); }));
  for (int i = 0; i < 40; i += 3)
    subs[static_cast<std::size_t>(i)].reset();
  for (int i = 40; i < 50; ++i)
    subs.push_back(bus.subscribe<Saved>([&calls, i](const Saved&) { calls.push_back(i); }));
  subs.back().reset();
  subs.front().reset();
  bus.publish(Saved{1});
  std::vector<int> expected;
  for (int i = 0; i < 49; ++i)
    if (i >= 40 || i % 3 != 0)
      expected.push_back(i);
  EXPECT_EQ(calls, expected);
  subs.clear();
  calls.clear();
  bus.publish(Saved{1});
  EXPECT_TRUE(calls.empty());
  auto again = bus.subscribe<Saved>([&calls](const Saved&) { calls.push_back(7); });
  bus.publish(Saved{1});
  EXPECT_EQ(calls, std::vector<int>{7});
}

TEST(EventDistributor, SubscribeDuringPublishAppendsUnseenByThatPublish) {
  // With spare room in the array, a subscribe appends in place: the publish
  // under way must still not call the new handler, a nested one must.
  EventDistributor bus;
  std::vector<Subscription> later;
  std::vector<int> calls;
  int depth = 0;
  auto first = bus.subscribe<Saved>([&](const Saved&) {
    calls.push_back(0);
    if (later.empty())
      later.push_back(bus.subscribe<Saved>([&](const Saved&) { calls.push_back(1); }));
    if (depth++ == 0)
      bus.publish(Saved{2}); // nested: sees the new handler
  });
  bus.publish(Saved{1});
  EXPECT_EQ(calls, (std::vector<int>{0, 0, 1}));
}

TEST(EventDistributor, SubscribeUnsubscribeUnderConcurrentPublishes) {
  EventDistributor bus;
  std::atomic<long> lifelong{0};
  std::atomic<bool> stop{false};
  std::atomic<long> published{0};
  auto keep = bus.subscribe<Saved>([&](const Saved&) { lifelong.fetch_add(1); });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 2; ++t)
    publishers.emplace_back([&] {
      while (!stop.load()) {
        bus.publish(Saved{1});
        published.fetch_add(1);
      }
    });
  for (int i = 0; i < 2000; ++i) {
    auto token = std::make_shared<int>(0);
    auto s = bus.subscribe<Saved>([token](const Saved&) {});
    if (i % 2 == 0)
      s.reset();
    else
      s = Subscription();
    ASSERT_EQ(token.use_count(), 1) << "the handler must be destroyed when reset returns";
  }
  stop = true;
  for (auto& p : publishers)
    p.join();
  EXPECT_EQ(lifelong.load(), published.load());
}

// ---- owners made by make_subscriber ------------------------------------------

struct Widget : asynclint::SubscriptionOwner {
  int seen = 0;
};

TEST(EventDistributor, OwnedSubscriptionIsCalledWithTheOwnerAndEndsWithIt) {
  EventDistributor bus;
  auto owner = asynclint::make_subscriber<Widget>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner),
                            [token](Widget& self, const Saved& e) { self.seen += e.id; });
  int plain = 0;
  bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner), [&plain](const Saved&) { ++plain; });
  bus.publish(Saved{3});
  EXPECT_EQ(owner->seen, 3);
  EXPECT_EQ(plain, 1);
  ASSERT_EQ(bus.live_subscriptions().size(), 2U);
  EXPECT_TRUE(bus.live_subscriptions()[0].weak);
  EXPECT_EQ(token.use_count(), 2);
  owner.reset();
  // Reset by the owner's deleter: gone and destroyed at once, no publish needed.
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_TRUE(bus.live_subscriptions().empty());
  bus.publish(Saved{4});
  EXPECT_EQ(plain, 1);
}

TEST(EventDistributor, OwnerIsNotDestroyedWhileItsHandlerRunsOnAnotherThread) {
  struct Guarded : asynclint::SubscriptionOwner {
    std::atomic<bool>* in_handler = nullptr;
    std::atomic<bool>* destroyed_during_call = nullptr;
    std::atomic<bool>* destroyed = nullptr;
    ~Guarded() {
      if (in_handler->load())
        destroyed_during_call->store(true);
      destroyed->store(true);
    }
  };
  EventDistributor bus;
  std::atomic<bool> in_handler{false};
  std::atomic<bool> release{false};
  std::atomic<bool> destroyed_during_call{false};
  std::atomic<bool> destroyed{false};
  auto owner = asynclint::make_subscriber<Guarded>();
  owner->in_handler = &in_handler;
  owner->destroyed_during_call = &destroyed_during_call;
  owner->destroyed = &destroyed;
  bus.subscribe_weak<Saved>(std::weak_ptr<Guarded>(owner), [&](Guarded&, const Saved&) {
    in_handler = true;
    while (!release.load())
      std::this_thread::yield();
    in_handler = false;
  });
  std::thread publisher([&] { bus.publish(Saved{1}); });
  while (!in_handler.load())
    std::this_thread::yield();
  std::thread dropper([&] { owner.reset(); }); // the last reference
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(destroyed.load()) << "the owner was destroyed while its handler ran";
  release = true;
  dropper.join();
  publisher.join();
  EXPECT_TRUE(destroyed.load());
  EXPECT_FALSE(destroyed_during_call.load());
}

TEST(EventDistributor, OwnerNotMadeByMakeSubscriberGetsOrdinaryWeakSubscriptions) {
  EventDistributor bus;
  auto owner = std::make_shared<Widget>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner),
                            [token](Widget& self, const Saved& e) { self.seen += e.id; });
  bus.publish(Saved{5});
  EXPECT_EQ(owner->seen, 5);
  owner.reset();
  bus.publish(Saved{6}); // finds the owner gone: no call, handler reclaimed
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_TRUE(bus.live_subscriptions().empty());
}

TEST(EventDistributor, OwnedSubscriptionToAnExpiredOwnerIsANoOp) {
  EventDistributor bus;
  std::weak_ptr<Widget> gone = asynclint::make_subscriber<Widget>();
  bus.subscribe_weak<Saved>(gone, [](const Saved&) { ADD_FAILURE() << "called"; });
  bus.publish(Saved{1});
  EXPECT_TRUE(bus.live_subscriptions().empty());
}

TEST(EventDistributor, OwnerMayOutliveTheDistributorAndResetExplicitly) {
  auto owner = asynclint::make_subscriber<Widget>();
  {
    EventDistributor bus;
    bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner), [](Widget& w, const Saved&) { ++w.seen; });
    bus.publish(Saved{1});
    owner->reset_subscriptions();
    bus.publish(Saved{1});
    bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner), [](Widget& w, const Saved&) { ++w.seen; });
  }
  EXPECT_EQ(owner->seen, 1);
  owner.reset(); // resets a subscription of a distributor already gone: no-op
}

TEST(EventDistributor, OwnerDroppedFromInsideAHandler) {
  EventDistributor bus;
  auto owner = asynclint::make_subscriber<Widget>();
  auto token = std::make_shared<int>(0);
  bus.subscribe_weak<Saved>(std::weak_ptr<Widget>(owner), [token](Widget& w, const Saved&) { ++w.seen; });
  auto dropper = bus.subscribe<Closed>([&](const Closed&) { owner.reset(); });
  bus.publish(Saved{1});
  bus.publish(Closed{"bye"}); // the owner's deleter resets from inside a handler
  bus.publish(Saved{1});
  EXPECT_FALSE(owner);
  bus.publish(Closed{"again"}); // a later publish reclaims the deferred handler
  EXPECT_EQ(token.use_count(), 1);
}

} // namespace
