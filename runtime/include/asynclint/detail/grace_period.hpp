// File: asynclint/detail/grace_period.hpp
//
// Grace-period reclamation (a user-space RCU) for data that readers use
// without a lock: a writer unlinks an object, then frees it only once every
// thread that was inside a read section at the unlink has left that section.
// Readers pay one store on entry and one on exit; nothing per object read.
// EventDistributor uses it for its handler arrays and handlers.
//
// Example:
//
//   detail::GracePeriodDomain domain;
//   std::atomic<Config*> current;
//
//   void reader() {
//     detail::GracePeriodDomain::ReadSection section(domain);
//     Config* c = current.load(std::memory_order_seq_cst);
//     use(*c);                             // *c stays valid until the section ends
//   }
//
//   void writer(Config* next) {
//     Config* old = current.exchange(next, std::memory_order_seq_cst);
//     domain.wait_for_readers(domain.reader(false), false);  // blocking, or
//     delete old;
//     // non-blocking: domain.retire({{old, &free_config}}); domain.try_reclaim();
//   }
//
// How it works. Each thread has one ReaderRecord per domain with a counter
// `seq` that only that thread writes: it is odd while the thread is inside a
// read section (nested sections count as one) and grows by one on every
// entry and exit, so it never repeats. A grace period notes the records that
// are odd at its start and ends once each of them has changed. A blocking
// wait (wait_for_readers) spins on them; the non-blocking form (retire, then
// try_reclaim) notes them once and checks again at later calls, freeing what
// was retired before the grace period began. Retired objects carry a tag
// taken under the domain's mutex, so one grace period frees exactly what was
// retired before it started.
//
// Memory ordering. A reader's entry store to `seq` and its load of the shared
// pointer are both seq_cst, as are the writer's store (or exchange) of the
// new pointer and its loads of every `seq`. All four are therefore in the one
// total order S of seq_cst operations. If the reader's pointer load does not
// see the new pointer, it precedes the writer's store in S, so the reader's
// entry store (sequenced before that load) does too, and so precedes the
// writer's later load of `seq`: the writer sees the odd value (or a later
// one) and waits. If it sees a later value, the reader has left: its exit is
// a release store and the writer's load is seq_cst (an acquire), so
// everything the reader did with the old object happens before the writer
// frees it. Otherwise the reader's load saw the new pointer and never held the
// old one. A record that is even at the scan belongs to a thread outside any
// section, whose next section will load the new pointer by the same argument.
// The records themselves are never freed while the domain lives (they are
// reused after their thread exits), so the scan follows an immutable list.
#ifndef ASYNCLINT_DETAIL_GRACE_PERIOD_HPP
#define ASYNCLINT_DETAIL_GRACE_PERIOD_HPP

#include "asynclint/annotations.hpp"
#include "asynclint/detail/mutex.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#if defined(__GNUC__) || defined(__clang__)
#define ASYNCLINT_DETAIL_GP_ALWAYS_INLINE [[gnu::always_inline]] inline
#define ASYNCLINT_DETAIL_GP_NOINLINE [[gnu::noinline]]
#else
#define ASYNCLINT_DETAIL_GP_ALWAYS_INLINE inline
#define ASYNCLINT_DETAIL_GP_NOINLINE
#endif

namespace asynclint::detail {

/// Per-thread reader state for one domain. The owner thread alone writes
/// `seq`: odd while it is inside a read section, bumped on every enter and
/// exit.
struct alignas(64) ReaderRecord {
  std::atomic<std::uint64_t> seq{0};
  std::atomic<bool> waiting{false}; // blocked in a wait made from inside a section
  std::atomic<bool> owned{true};
  std::uint64_t local_seq = 0;      // owner-only copy of seq
  std::uint32_t depth = 0;          // owner-only nesting depth
  ReaderRecord* next = nullptr;     // immutable once published
};

/// The list of reader records of one domain; records are reused after their
/// thread exits and freed with the registry.
class ReaderRegistry {
 public:
  ReaderRegistry() = default;
  ReaderRegistry(const ReaderRegistry&) = delete;
  ReaderRegistry& operator=(const ReaderRegistry&) = delete;
  ~ReaderRegistry() {
    ReaderRecord* r = head_.load(std::memory_order_acquire);
    while (r != nullptr)
      delete std::exchange(r, r->next);
  }

  /// A record for the calling thread: one released by an exited thread, or a
  /// new one pushed at the head.
  ReaderRecord* acquire() ASYNCLINT_EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    for (ReaderRecord* r = head_.load(std::memory_order_relaxed); r != nullptr; r = r->next) {
      bool expected = false;
      if (r->owned.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
        assert((r->seq.load(std::memory_order_relaxed) & 1U) == 0 &&
               "a released reader record is outside any read section");
        r->local_seq = r->seq.load(std::memory_order_relaxed);
        r->depth = 0;
        return r;
      }
    }
    auto* r = new ReaderRecord;
    r->next = head_.load(std::memory_order_relaxed);
    head_.store(r, std::memory_order_release);
    return r;
  }

  /// The first record; follow `next`. Records are never unlinked.
  ReaderRecord* head() const noexcept { return head_.load(std::memory_order_acquire); }

 private:
  Mutex mutex_; // serializes acquire (reuse and push)
  std::atomic<ReaderRecord*> head_{nullptr};
};

/// One-entry per-thread cache: the record of the domain used last.
struct ReaderCache {
  std::uint64_t domain_id = 0;
  ReaderRecord* record = nullptr;
};
inline constinit thread_local ReaderCache reader_cache{};

/// Every record this thread holds, released when the thread exits.
struct ThreadRecords {
  struct Entry {
    std::uint64_t domain_id;
    std::weak_ptr<ReaderRegistry> registry;
    ReaderRecord* record;
  };
  std::vector<Entry> entries;

  ~ThreadRecords() {
    reader_cache = {};
    for (Entry& e : entries) {
      if (auto registry = e.registry.lock()) {
        assert(e.record->depth == 0 && "a thread exits inside a read section");
        e.record->owned.store(false, std::memory_order_release);
      }
    }
  }
};

inline ThreadRecords& thread_records() {
  thread_local ThreadRecords records;
  return records;
}

/// Waits politely: spins briefly, then yields, then sleeps.
class Backoff {
 public:
  void pause() {
    ++rounds_;
    if (rounds_ < 64)
      return;
    if (rounds_ < 1024) {
      std::this_thread::yield();
      return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }

 private:
  unsigned rounds_ = 0;
};

/// Something unlinked, to be freed by `free(pointer)` after a grace period.
/// A null `pointer` is nothing.
struct Garbage {
  void* pointer;
  void (*free)(void*) noexcept;
};

/// Readers enter and leave read sections; writers wait for, or defer work
/// to, the end of a grace period: once it ends, no thread is still inside a
/// section that began before it started. Not copyable; destroy it only when
/// no thread is inside one of its sections (what is still retired is freed
/// then).
class GracePeriodDomain {
 public:
  GracePeriodDomain() : id_(next_domain_id()), readers_(std::make_shared<ReaderRegistry>()) {}
  GracePeriodDomain(const GracePeriodDomain&) = delete;
  GracePeriodDomain& operator=(const GracePeriodDomain&) = delete;
  ~GracePeriodDomain() {
    MutexLock lock(retire_mutex_);
    free_items(retired_);
  }

  // ---- readers ----------------------------------------------------------------

  /// The calling thread's record, created on first use if `create` (else
  /// null for a thread that never read).
  ASYNCLINT_DETAIL_GP_ALWAYS_INLINE ReaderRecord* reader(bool create) {
    ReaderCache& cache = reader_cache;
    if (cache.domain_id == id_)
      return cache.record;
    return reader_slow(create);
  }

  /// Enters a read section on the calling thread's record (nested ones count
  /// as one). The entry store is seq_cst: it must be visible before the
  /// shared pointer is loaded (pairs with the writer's seq_cst pointer store
  /// and record scan; see the file comment).
  ASYNCLINT_DETAIL_GP_ALWAYS_INLINE static void enter(ReaderRecord& record) noexcept {
    if (record.depth++ == 0) {
      record.local_seq += 1;
      record.seq.store(record.local_seq, std::memory_order_seq_cst);
    }
    assert((record.local_seq & 1U) == 1 && "inside a read section, seq is odd");
  }

  /// Leaves a read section; true when it was the outermost one.
  ASYNCLINT_DETAIL_GP_ALWAYS_INLINE static bool leave(ReaderRecord& record) noexcept {
    assert(record.depth > 0 && "leaving a read section that was not entered");
    if (--record.depth != 0)
      return false;
    record.local_seq += 1;
    record.seq.store(record.local_seq, std::memory_order_release);
    return true;
  }

  /// A read section for the lifetime of the object.
  class ReadSection {
   public:
    explicit ReadSection(GracePeriodDomain& domain) : record_(domain.reader(true)) { enter(*record_); }
    ReadSection(const ReadSection&) = delete;
    ReadSection& operator=(const ReadSection&) = delete;
    ~ReadSection() { static_cast<void>(leave(*record_)); }

   private:
    ReaderRecord* record_;
  };

  // ---- writers: blocking --------------------------------------------------------

  /// Waits until every thread that was inside a read section when this was
  /// called has left it; the caller's own record `self` (may be null) is
  /// skipped. From inside a section (`inside`, then `self` is the caller's
  /// record), threads that are themselves blocked here from inside a section
  /// are not waited for: two such waits would otherwise wait for each other
  /// forever.
  void wait_for_readers(ReaderRecord* self, bool inside) noexcept {
    assert((!inside || (self != nullptr && self->depth > 0)) &&
           "a wait from inside a read section names the caller's record");
    if (inside)
      self->waiting.store(true, std::memory_order_seq_cst);
    for (ReaderRecord* r = readers_->head(); r != nullptr; r = r->next) {
      if (r == self)
        continue;
      const std::uint64_t seen = r->seq.load(std::memory_order_seq_cst);
      if ((seen & 1U) == 0)
        continue;
      Backoff backoff;
      while (r->seq.load(std::memory_order_seq_cst) == seen) {
        if (inside && r->waiting.load(std::memory_order_seq_cst))
          break;
        backoff.pause();
      }
    }
    if (inside)
      self->waiting.store(false, std::memory_order_seq_cst);
  }

  // ---- writers: deferred --------------------------------------------------------

  /// Queues unlinked objects (null pointers skipped) to be freed after a
  /// later grace period, and asks for maintenance.
  void retire(std::initializer_list<Garbage> items) ASYNCLINT_EXCLUDES(retire_mutex_) {
    retire(items.begin(), items.size());
  }
  void retire(const std::vector<Garbage>& items) ASYNCLINT_EXCLUDES(retire_mutex_) {
    retire(items.data(), items.size());
  }

  /// A tag for reclaim_before: what was retired before this call is freed by
  /// reclaim_before(tag) once a grace period begun after this call has ended.
  [[nodiscard]] std::uint64_t take_tag() ASYNCLINT_EXCLUDES(retire_mutex_) {
    MutexLock lock(retire_mutex_);
    return ++gp_tag_;
  }

  /// How many objects wait for reclamation (a hint: read without the lock).
  [[nodiscard]] std::size_t retired_count() const noexcept {
    return retired_count_.load(std::memory_order_relaxed);
  }

  /// Frees what was retired before `tag` was taken. Needs a grace period that
  /// began after `tag` was taken to have ended.
  void reclaim_before(std::uint64_t tag) noexcept ASYNCLINT_EXCLUDES(retire_mutex_) {
    // A per-thread spare vector avoids an allocation per reclamation; a
    // nested reclamation (from a destructor run here) finds it taken and
    // uses a fresh one.
    static thread_local std::vector<Retired> spare;
    std::vector<Retired> ready = std::move(spare);
    ready.clear();
    {
      MutexLock lock(retire_mutex_);
      assert(tag <= gp_tag_ && "a tag is taken before it is reclaimed");
      auto split = std::partition(retired_.begin(), retired_.end(),
                                  [tag](const Retired& r) { return r.tag >= tag; });
      try {
        ready.assign(split, retired_.end());
      } catch (...) {
        return; // out of memory: reclaim later
      }
      retired_.erase(split, retired_.end());
      retired_count_.store(retired_.size(), std::memory_order_relaxed);
      if (retired_.empty() && !pending_gp_active_)
        maintenance_.store(false, std::memory_order_relaxed);
    }
    free_items(ready);
    spare = std::move(ready);
  }

  /// Non-blocking reclamation: starts a grace period by noting which threads
  /// are inside a read section, and completes it (freeing what was retired
  /// before it began) at the first call that finds each of them moved on.
  /// Returns at once if another thread is reclaiming.
  void try_reclaim() noexcept ASYNCLINT_EXCLUDES(retire_mutex_) {
    std::uint64_t done_tag = 0;
    {
      if (!retire_mutex_.try_lock())
        return;
      MutexLock lock(retire_mutex_, std::adopt_lock);
      if (!pending_gp_active_) {
        if (retired_.empty())
          return;
        pending_gp_tag_ = ++gp_tag_;
        pending_busy_.clear();
        for (ReaderRecord* r = readers_->head(); r != nullptr; r = r->next) {
          const std::uint64_t seen = r->seq.load(std::memory_order_seq_cst);
          if ((seen & 1U) != 0) {
            try {
              pending_busy_.emplace_back(r, seen);
            } catch (...) {
              return; // try again later
            }
          }
        }
        pending_gp_active_ = true;
      }
      std::erase_if(pending_busy_, [](const std::pair<ReaderRecord*, std::uint64_t>& b) {
        return b.first->seq.load(std::memory_order_seq_cst) != b.second;
      });
      if (!pending_busy_.empty())
        return;
      pending_gp_active_ = false;
      done_tag = pending_gp_tag_;
    }
    reclaim_before(done_tag);
  }

  /// True while something is retired or a grace period is pending, or since
  /// request_maintenance: the owner should call its maintenance (which ends
  /// in try_reclaim) when a reader leaves its outermost section.
  [[nodiscard]] bool maintenance_requested() const noexcept {
    return maintenance_.load(std::memory_order_relaxed);
  }
  void request_maintenance() noexcept { maintenance_.store(true, std::memory_order_relaxed); }

 private:
  struct Retired {
    std::uint64_t tag;
    Garbage garbage;
  };

  static std::uint64_t next_domain_id() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  ASYNCLINT_DETAIL_GP_NOINLINE ReaderRecord* reader_slow(bool create) {
    ThreadRecords& mine = thread_records();
    for (const auto& e : mine.entries) {
      if (e.domain_id == id_) {
        reader_cache = {id_, e.record};
        return e.record;
      }
    }
    if (!create)
      return nullptr;
    std::erase_if(mine.entries, [](const ThreadRecords::Entry& e) { return e.registry.expired(); });
    ReaderRecord* record = readers_->acquire();
    mine.entries.push_back({id_, readers_, record});
    reader_cache = {id_, record};
    return record;
  }

  void retire(const Garbage* items, std::size_t n) ASYNCLINT_EXCLUDES(retire_mutex_) {
    const bool any = std::any_of(items, items + n, [](const Garbage& g) { return g.pointer != nullptr; });
    if (!any)
      return;
    MutexLock lock(retire_mutex_);
    for (std::size_t i = 0; i < n; ++i)
      if (items[i].pointer != nullptr)
        retired_.push_back(Retired{gp_tag_, items[i]});
    retired_count_.store(retired_.size(), std::memory_order_relaxed);
    maintenance_.store(true, std::memory_order_relaxed);
  }

  static void free_items(std::vector<Retired>& items) noexcept {
    for (Retired& r : items)
      r.garbage.free(r.garbage.pointer);
    items.clear();
  }

  std::uint64_t id_;
  std::shared_ptr<ReaderRegistry> readers_;
  std::atomic<bool> maintenance_{false};

  Mutex retire_mutex_;
  std::vector<Retired> retired_ ASYNCLINT_GUARDED_BY(retire_mutex_);
  std::atomic<std::size_t> retired_count_{0}; // retired_.size(), for lock-free hints
  std::uint64_t gp_tag_ ASYNCLINT_GUARDED_BY(retire_mutex_) = 0;
  bool pending_gp_active_ ASYNCLINT_GUARDED_BY(retire_mutex_) = false;
  std::uint64_t pending_gp_tag_ ASYNCLINT_GUARDED_BY(retire_mutex_) = 0;
  std::vector<std::pair<ReaderRecord*, std::uint64_t>> pending_busy_ ASYNCLINT_GUARDED_BY(retire_mutex_);
};

} // namespace asynclint::detail

#undef ASYNCLINT_DETAIL_GP_ALWAYS_INLINE
#undef ASYNCLINT_DETAIL_GP_NOINLINE

#endif // ASYNCLINT_DETAIL_GRACE_PERIOD_HPP
