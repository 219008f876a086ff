// Unit tests for asynclint::detail::GracePeriodDomain, the reclamation
// scheme behind EventDistributor (asynclint/detail/grace_period.hpp).
#include "asynclint/detail/grace_period.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

namespace {

using asynclint::detail::Garbage;
using asynclint::detail::GracePeriodDomain;
using namespace std::chrono_literals;

/// A retired object that counts its frees.
struct Tracked {
  std::atomic<int>* frees;
  static void free(void* p) noexcept {
    auto* t = static_cast<Tracked*>(p);
    t->frees->fetch_add(1);
    delete t;
  }
};

Garbage tracked(std::atomic<int>& frees) { return {new Tracked{&frees}, &Tracked::free}; }

/// Holds a read section on another thread until released.
class Reader {
 public:
  explicit Reader(GracePeriodDomain& domain)
      : thread_([this, &domain] {
          GracePeriodDomain::ReadSection section(domain);
          inside_.count_down();
          while (!release_.load())
            std::this_thread::sleep_for(1ms);
        }) {
    inside_.wait();
  }
  void release() {
    release_.store(true);
    thread_.join();
  }
  ~Reader() {
    if (thread_.joinable())
      release();
  }

 private:
  std::latch inside_{1};
  std::atomic<bool> release_{false};
  std::thread thread_;
};

TEST(GracePeriod, ReadSectionsNestAndKeepSeqOddInside) {
  GracePeriodDomain domain;
  auto* record = domain.reader(true);
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(domain.reader(false), record);
  const auto before = record->seq.load();
  EXPECT_EQ(before % 2, 0U);
  {
    GracePeriodDomain::ReadSection outer(domain);
    EXPECT_EQ(record->seq.load() % 2, 1U);
    {
      GracePeriodDomain::ReadSection inner(domain);
      EXPECT_EQ(record->seq.load(), before + 1); // a nested entry stores nothing
    }
    EXPECT_EQ(record->seq.load() % 2, 1U);
  }
  EXPECT_EQ(record->seq.load(), before + 2);
}

TEST(GracePeriod, LeaveTellsTheOutermostSection) {
  GracePeriodDomain domain;
  auto* record = domain.reader(true);
  GracePeriodDomain::enter(*record);
  GracePeriodDomain::enter(*record);
  EXPECT_FALSE(GracePeriodDomain::leave(*record));
  EXPECT_TRUE(GracePeriodDomain::leave(*record));
}

TEST(GracePeriod, AThreadThatNeverReadHasNoRecord) {
  GracePeriodDomain domain;
  std::thread([&] { EXPECT_EQ(domain.reader(false), nullptr); }).join();
}

TEST(GracePeriod, EachDomainHasItsOwnRecords) {
  GracePeriodDomain a;
  GracePeriodDomain b;
  auto* ra = a.reader(true);
  auto* rb = b.reader(true);
  EXPECT_NE(ra, rb);
  EXPECT_EQ(a.reader(false), ra); // the one-entry cache misses, the list finds it
  EXPECT_EQ(b.reader(false), rb);
}

TEST(GracePeriod, WaitReturnsAtOnceWithNoReaderInside) {
  GracePeriodDomain domain;
  std::thread([&] { GracePeriodDomain::ReadSection section(domain); }).join();
  domain.wait_for_readers(domain.reader(false), false); // would hang if it waited
}

TEST(GracePeriod, WaitWaitsForAReaderInside) {
  GracePeriodDomain domain;
  Reader reader(domain);
  std::atomic<bool> waited{false};
  std::thread writer([&] {
    domain.wait_for_readers(domain.reader(false), false);
    waited.store(true);
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(waited.load());
  reader.release();
  writer.join();
  EXPECT_TRUE(waited.load());
}

TEST(GracePeriod, WaitDoesNotWaitForSectionsThatBeginAfterIt) {
  GracePeriodDomain domain;
  std::atomic<bool> stop{false};
  std::thread churn([&] {
    while (!stop.load()) {
      GracePeriodDomain::ReadSection section(domain);
    }
  });
  for (int i = 0; i < 1000; ++i)
    domain.wait_for_readers(nullptr, false); // each wait ends: the reader moves on
  stop.store(true);
  churn.join();
}

TEST(GracePeriod, WaitFromInsideSkipsTheCaller) {
  GracePeriodDomain domain;
  GracePeriodDomain::ReadSection section(domain);
  domain.wait_for_readers(domain.reader(false), true);
}

TEST(GracePeriod, TwoWaitsFromInsideDoNotWaitForEachOther) {
  GracePeriodDomain domain;
  std::latch both_inside(2);
  auto waiter = [&] {
    GracePeriodDomain::ReadSection section(domain);
    both_inside.arrive_and_wait();
    domain.wait_for_readers(domain.reader(false), true);
  };
  std::thread a(waiter);
  std::thread b(waiter);
  a.join();
  b.join();
}

TEST(GracePeriod, RetiredObjectsAreFreedOnlyAfterTheReadersLeave) {
  GracePeriodDomain domain;
  std::atomic<int> frees{0};
  Reader reader(domain);
  domain.retire({tracked(frees), {nullptr, &Tracked::free}}); // a null pointer is nothing
  EXPECT_EQ(domain.retired_count(), 1U);
  EXPECT_TRUE(domain.maintenance_requested());
  domain.try_reclaim(); // starts a grace period: the reader is inside
  domain.try_reclaim();
  EXPECT_EQ(frees.load(), 0);
  reader.release();
  domain.try_reclaim(); // the reader moved on: the grace period is over
  EXPECT_EQ(frees.load(), 1);
  EXPECT_EQ(domain.retired_count(), 0U);
  EXPECT_FALSE(domain.maintenance_requested());
}

TEST(GracePeriod, AGracePeriodFreesOnlyWhatWasRetiredBeforeItBegan) {
  GracePeriodDomain domain;
  std::atomic<int> early{0};
  std::atomic<int> late{0};
  auto reader = std::make_unique<Reader>(domain);
  domain.retire({tracked(early)});
  domain.try_reclaim(); // begins, waiting for the reader
  domain.retire({tracked(late)});
  reader->release();
  domain.try_reclaim(); // ends: frees `early` only
  EXPECT_EQ(early.load(), 1);
  EXPECT_EQ(late.load(), 0);
  domain.try_reclaim(); // a new grace period, over at once
  EXPECT_EQ(late.load(), 1);
}

TEST(GracePeriod, ReclaimBeforeATagFreesWhatCameBefore) {
  GracePeriodDomain domain;
  std::atomic<int> before{0};
  std::atomic<int> after{0};
  domain.retire({tracked(before)});
  const auto tag = domain.take_tag();
  domain.retire({tracked(after)});
  domain.wait_for_readers(domain.reader(false), false);
  domain.reclaim_before(tag);
  EXPECT_EQ(before.load(), 1);
  EXPECT_EQ(after.load(), 0);
  EXPECT_EQ(domain.retired_count(), 1U);
}

TEST(GracePeriod, TheDomainFreesWhatIsStillRetired) {
  std::atomic<int> frees{0};
  {
    GracePeriodDomain domain;
    domain.retire(std::vector<Garbage>{tracked(frees), tracked(frees)});
    EXPECT_EQ(frees.load(), 0);
  }
  EXPECT_EQ(frees.load(), 2);
}

TEST(GracePeriod, RecordsOfExitedThreadsAreReused) {
  GracePeriodDomain domain;
  asynclint::detail::ReaderRecord* first = nullptr;
  std::thread([&] { first = domain.reader(true); }).join();
  asynclint::detail::ReaderRecord* second = nullptr;
  std::thread([&] { second = domain.reader(true); }).join();
  EXPECT_EQ(first, second);
}

TEST(GracePeriod, ConcurrentReadersAndReclaimersFreeEachObjectOnce) {
  GracePeriodDomain domain;
  std::atomic<Tracked*> shared{nullptr};
  std::atomic<int> frees{0};
  std::atomic<int> made{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        GracePeriodDomain::ReadSection section(domain);
        if (Tracked* t = shared.load(std::memory_order_seq_cst)) {
          EXPECT_EQ(t->frees, &frees); // freed memory would not say so
        }
      }
    });
  }
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto* next = new Tracked{&frees};
        made.fetch_add(1);
        Tracked* old = shared.exchange(next, std::memory_order_seq_cst);
        if (old != nullptr)
          domain.retire({{old, &Tracked::free}});
        domain.try_reclaim();
      }
    });
  }
  threads[2].join();
  threads[3].join();
  stop.store(true);
  threads[0].join();
  threads[1].join();
  Tracked* last = shared.exchange(nullptr);
  domain.retire({{last, &Tracked::free}});
  domain.wait_for_readers(nullptr, false);
  domain.try_reclaim();
  domain.try_reclaim();
  EXPECT_EQ(frees.load(), made.load());
}

} // namespace
