// File: asynclint/event_distributor.hpp
//
// Typed publish/subscribe with RAII subscriptions. One EventDistributor carries
// any number of event types; `subscribe<E>` returns a move-only Subscription
// whose destruction (or reset()) unregisters the handler, so the
// registration-without-unregistration bugs that the `events-*` checks report
// cannot be written by accident: dropping the handle is a compile-time
// [[nodiscard]] warning, and keeping it in a member ties the handler's life to
// its owner.
//
// Example:
//
//   struct Saved { std::string path; };
//
//   class Panel {
//    public:
//     explicit Panel(asynclint::EventDistributor& bus)
//         : on_saved_(bus.subscribe<Saved>([this](const Saved& e) { refresh(e.path); })) {}
//    private:
//     void refresh(const std::string& path);
//     asynclint::Subscription on_saved_;  // ~Panel unsubscribes, and waits out
//   };                                    // a handler running on another thread
//
//   asynclint::EventDistributor bus;
//   bus.publish(Saved{"a.txt"});                   // synchronous, lock-free
//   auto done = bus.publish_async(Saved{"b.txt"}, pool);   // on any executor
//   bus.subscribe_weak<Saved>(panel_ptr,          // expires with *panel_ptr
//                             [](Panel& p, const Saved& e) { p.refresh(e.path); });
//
// Guarantees (docs/runtime.md has the full list):
// - subscribe, reset and publish may be called from any thread, including from
//   inside a handler; a subscription made during a publish is seen from the
//   next publish on; a reset takes effect at once, also for the rest of a
//   publish already under way on the same thread;
// - once reset() (or ~Subscription) returns on a thread that is not running
//   that handler, the handler is not running anywhere and never runs again,
//   and it has been destroyed (unless reset was called from inside a handler
//   of the same distributor: then destruction is deferred);
// - publish holds no lock while handlers run and does no atomic
//   read-modify-write per handler: handlers live in immutable arrays swapped
//   atomically, and reclamation waits for a grace period (per-thread reader
//   sequence counters);
// - a throwing handler does not stop the others; see set_error_handler.
#ifndef ASYNCLINT_EVENT_DISTRIBUTOR_HPP
#define ASYNCLINT_EVENT_DISTRIBUTOR_HPP

#include "asynclint/annotations.hpp"
#include "asynclint/executor.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <source_location>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#if defined(__has_include)
#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#define ASYNCLINT_HAVE_CXXABI 1
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ASYNCLINT_DETAIL_ALWAYS_INLINE [[gnu::always_inline]] inline
#define ASYNCLINT_DETAIL_NOINLINE [[gnu::noinline]]
#else
#define ASYNCLINT_DETAIL_ALWAYS_INLINE inline
#define ASYNCLINT_DETAIL_NOINLINE
#endif

namespace asynclint {

/// One live subscription as reported by EventDistributor::live_subscriptions.
struct SubscriptionInfo {
  std::string event_type;      ///< demangled name of the event type
  std::source_location where;  ///< the subscribe call
  bool weak;                   ///< made by subscribe_weak
};

namespace detail::events {

inline std::string type_name(const std::type_info& type) {
#ifdef ASYNCLINT_HAVE_CXXABI
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  if (status == 0 && name != nullptr) {
    std::string result(name);
    std::free(name);
    return result;
  }
#endif
  return type.name();
}

inline std::size_t next_type_slot() noexcept {
  static std::atomic<std::size_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

/// A dense per-type index, assigned on first use, so publish finds its
/// channel by array indexing rather than hashing.
template <class E>
ASYNCLINT_DETAIL_ALWAYS_INLINE std::size_t type_slot() noexcept {
  static const std::size_t slot = next_type_slot();
  return slot;
}

/// A registered handler. `invoke` returns false when a weak owner has expired.
struct Slot {
  using Invoke = bool (*)(Slot*, const void* event);
  using Destroy = void (*)(Slot*) noexcept;
  using Alive = bool (*)(const Slot*) noexcept;

  Slot(Invoke i, Destroy d, Alive a, bool weak_slot, std::source_location loc) noexcept
      : invoke(i), destroy(d), alive(a), weak(weak_slot), where(loc) {}

  Invoke invoke;
  Destroy destroy;
  Alive alive; // false once a weak owner is gone
  std::atomic<bool> active{true};
  std::atomic<bool> expired{false};
  bool weak;
  std::source_location where;
};

template <class E, class F>
struct StrongSlot final : Slot {
  StrongSlot(F&& f, std::source_location loc)
      : Slot(&call, &drop, &always, false, loc), handler(std::move(f)) {}
  static bool always(const Slot*) noexcept { return true; }
  static bool call(Slot* self, const void* event) {
    static_cast<StrongSlot*>(self)->handler(*static_cast<const E*>(event));
    return true;
  }
  static void drop(Slot* self) noexcept { delete static_cast<StrongSlot*>(self); }
  F handler;
};

template <class E, class T, class F>
struct WeakSlot final : Slot {
  WeakSlot(std::weak_ptr<T>&& o, F&& f, std::source_location loc)
      : Slot(&call, &drop, &owner_alive, true, loc), owner(std::move(o)), handler(std::move(f)) {}
  static bool owner_alive(const Slot* self) noexcept {
    return !static_cast<const WeakSlot*>(self)->owner.expired();
  }
  static bool call(Slot* self, const void* event) {
    auto* s = static_cast<WeakSlot*>(self);
    // The strong reference keeps the owner alive for the duration of the call,
    // even if another thread drops the last other reference meanwhile.
    std::shared_ptr<T> alive = s->owner.lock();
    if (!alive)
      return false;
    if constexpr (std::is_invocable_v<F&, T&, const E&>)
      s->handler(*alive, *static_cast<const E*>(event));
    else
      s->handler(*static_cast<const E*>(event));
    return true;
  }
  static void drop(Slot* self) noexcept { delete static_cast<WeakSlot*>(self); }
  std::weak_ptr<T> owner;
  F handler;
};

/// A handler tied to an owner made by make_subscriber: the owner resets the
/// subscription before it is destroyed, so a call needs no lock of the owner.
template <class E, class T, class F>
struct OwnedSlot final : Slot {
  OwnedSlot(T* o, F&& f, std::source_location loc)
      : Slot(&call, &drop, &always, true, loc), owner(o), handler(std::move(f)) {}
  static bool always(const Slot*) noexcept { return true; }
  static bool call(Slot* self, const void* event) {
    auto* s = static_cast<OwnedSlot*>(self);
    if constexpr (std::is_invocable_v<F&, T&, const E&>)
      s->handler(*s->owner, *static_cast<const E*>(event));
    else
      s->handler(*static_cast<const E*>(event));
    return true;
  }
  static void drop(Slot* self) noexcept { delete static_cast<OwnedSlot*>(self); }
  T* owner;
  F handler;
};

/// An array of handlers, allocated in one block with room to grow. Entries
/// [0, size) never change while the array is published; a subscribe appends
/// in place (writes entry `size`, then release-stores size + 1), so a publish
/// that loaded the old size never sees the new entry. Entries at or past
/// `size` were never visible to a reader of this array since it was last
/// published (arrays are only reused after a grace period).
struct Snapshot {
  std::size_t capacity;
  std::atomic<std::size_t> size;
  std::atomic<Slot*>* slots() noexcept { return reinterpret_cast<std::atomic<Slot*>*>(this + 1); }
  Slot* at(std::size_t i) noexcept { return slots()[i].load(std::memory_order_relaxed); }

  static Snapshot* make(std::size_t capacity) {
    void* raw = ::operator new(sizeof(Snapshot) + capacity * sizeof(std::atomic<Slot*>));
    auto* s = ::new (raw) Snapshot{capacity, 0};
    for (std::size_t i = 0; i < capacity; ++i)
      ::new (&s->slots()[i]) std::atomic<Slot*>(nullptr);
    return s;
  }
  static void free(Snapshot* s) noexcept { ::operator delete(s); }
};
static_assert(alignof(Snapshot) >= alignof(std::atomic<Slot*>),
              "asynclint: the handler array must be aligned for pointers after the header");
static_assert(std::is_trivially_destructible_v<std::atomic<Slot*>>);

/// All subscriptions of one event type on one distributor.
struct Channel {
  explicit Channel(std::string name) : type_name(std::move(name)) {}
  std::mutex mutex; // serializes writers; never held while handlers run
  std::atomic<Snapshot*> snapshot{nullptr};
  std::atomic<Snapshot*> spare{nullptr}; // unpublished, past its grace period
  std::atomic<bool> has_expired{false};
  std::string type_name;
};

/// Per-thread reader state for one distributor. The owner thread alone writes
/// `seq`: odd while it is inside a publish, bumped on every enter and exit.
struct alignas(64) ReaderRecord {
  std::atomic<std::uint64_t> seq{0};
  std::atomic<bool> waiting{false}; // blocked in a reset made from inside a handler
  std::atomic<bool> owned{true};
  std::uint64_t local_seq = 0;      // owner-only copy of seq
  std::uint32_t depth = 0;          // owner-only nesting depth
  ReaderRecord* next = nullptr;     // immutable once published
};

/// The list of reader records of one distributor; records are reused after
/// their thread exits and freed with the registry.
struct ReaderRegistry {
  ReaderRegistry() = default;
  ReaderRegistry(const ReaderRegistry&) = delete;
  ReaderRegistry& operator=(const ReaderRegistry&) = delete;
  ~ReaderRegistry() {
    ReaderRecord* r = head.load(std::memory_order_acquire);
    while (r != nullptr)
      delete std::exchange(r, r->next);
  }

  ReaderRecord* acquire() {
    std::lock_guard lock(mutex);
    for (ReaderRecord* r = head.load(std::memory_order_relaxed); r != nullptr; r = r->next) {
      bool expected = false;
      if (r->owned.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
        r->local_seq = r->seq.load(std::memory_order_relaxed);
        r->depth = 0;
        return r;
      }
    }
    auto* r = new ReaderRecord;
    r->next = head.load(std::memory_order_relaxed);
    head.store(r, std::memory_order_release);
    return r;
  }

  std::mutex mutex;
  std::atomic<ReaderRecord*> head{nullptr};
};

/// One-entry per-thread cache: the record of the distributor used last.
struct ReaderCache {
  std::uint64_t core_id = 0;
  ReaderRecord* record = nullptr;
};
inline constinit thread_local ReaderCache reader_cache{};

/// Every record this thread holds, released when the thread exits.
struct ThreadRecords {
  struct Entry {
    std::uint64_t core_id;
    std::weak_ptr<ReaderRegistry> registry;
    ReaderRecord* record;
  };
  std::vector<Entry> entries;

  ~ThreadRecords() {
    reader_cache = {};
    for (Entry& e : entries)
      if (auto registry = e.registry.lock())
        e.record->owned.store(false, std::memory_order_release);
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

/// The shared state of an EventDistributor. Subscriptions refer to it weakly,
/// so they may outlive the distributor.
class Core {
 public:
  static constexpr std::size_t chunk_size = 64;
  static constexpr std::size_t max_chunks = 64;

  Core() : id_(next_core_id()), readers_(std::make_shared<ReaderRegistry>()) {}
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  ~Core() {
    for (std::size_t c = 0; c < max_chunks; ++c) {
      Chunk* chunk = c == 0 ? &first_ : chunks_[c].load(std::memory_order_acquire);
      if (chunk == nullptr)
        continue;
      for (auto& entry : chunk->channels) {
        Channel* ch = entry.load(std::memory_order_acquire);
        if (ch == nullptr)
          continue;
        if (Snapshot* s = ch->snapshot.load(std::memory_order_acquire)) {
          const std::size_t n = s->size.load(std::memory_order_acquire);
          for (std::size_t i = 0; i < n; ++i)
            s->at(i)->destroy(s->at(i));
          Snapshot::free(s);
        }
        if (Snapshot* s = ch->spare.load(std::memory_order_acquire))
          Snapshot::free(s);
        delete ch;
      }
      if (c != 0)
        delete chunk;
    }
    free_items(retired_);
  }

  // ---- channels -----------------------------------------------------------

  ASYNCLINT_DETAIL_ALWAYS_INLINE Channel* find_channel(std::size_t slot) const noexcept {
    if (slot < chunk_size)
      return first_.channels[slot].load(std::memory_order_acquire);
    const std::size_t c = slot / chunk_size;
    if (c >= max_chunks)
      return nullptr;
    Chunk* chunk = chunks_[c].load(std::memory_order_acquire);
    return chunk == nullptr ? nullptr
                            : chunk->channels[slot % chunk_size].load(std::memory_order_acquire);
  }

  Channel& channel(std::size_t slot, const std::type_info& type) {
    if (Channel* ch = find_channel(slot))
      return *ch;
    const std::size_t c = slot / chunk_size;
    if (c >= max_chunks)
      throw std::length_error("asynclint::EventDistributor: too many distinct event types");
    std::lock_guard lock(table_mutex_);
    Chunk* chunk = c == 0 ? &first_ : chunks_[c].load(std::memory_order_relaxed);
    if (chunk == nullptr) {
      chunk = new Chunk;
      chunks_[c].store(chunk, std::memory_order_release);
    }
    auto& entry = chunk->channels[slot % chunk_size];
    Channel* ch = entry.load(std::memory_order_relaxed);
    if (ch == nullptr) {
      ch = new Channel(type_name(type));
      entry.store(ch, std::memory_order_release);
    }
    return *ch;
  }

  template <class Fn>
  void for_each_channel(Fn&& fn) const {
    for (std::size_t c = 0; c < max_chunks; ++c) {
      const Chunk* chunk = c == 0 ? &first_ : chunks_[c].load(std::memory_order_acquire);
      if (chunk == nullptr)
        continue;
      for (auto& entry : chunk->channels)
        if (Channel* ch = entry.load(std::memory_order_acquire))
          fn(*ch);
    }
  }

  // ---- readers (the publish side) -----------------------------------------

  ASYNCLINT_DETAIL_ALWAYS_INLINE ReaderRecord* reader(bool create) {
    ReaderCache& cache = reader_cache;
    if (cache.core_id == id_)
      return cache.record;
    return reader_slow(create);
  }

  /// Marks the calling thread as inside a publish for the guard's lifetime.
  class ReadGuard {
   public:
    explicit ReadGuard(Core& core) : core_(core), record_(core.reader(true)) {
      if (record_->depth++ == 0) {
        record_->local_seq += 1;
        // seq_cst: the store must be visible before the snapshot is loaded
        // (pairs with the writer's seq_cst snapshot store and record scan).
        record_->seq.store(record_->local_seq, std::memory_order_seq_cst);
      }
    }
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;
    ~ReadGuard() {
      if (--record_->depth != 0)
        return;
      record_->local_seq += 1;
      record_->seq.store(record_->local_seq, std::memory_order_release);
      if (core_.maintenance_.load(std::memory_order_relaxed))
        core_.maintain();
    }

   private:
    Core& core_;
    ReaderRecord* record_;
  };

  /// Calls every active handler of `ch` with `event`, then rethrows the first
  /// exception left over by the error policy.
  void deliver(Channel& ch, const void* event, bool check_closed) {
    std::exception_ptr first;
    {
      ReadGuard guard(*this);
      if (check_closed && closed_.load(std::memory_order_seq_cst))
        return;
      if (Snapshot* snapshot = ch.snapshot.load(std::memory_order_seq_cst))
        call_all(ch, *snapshot, event, first);
    }
    if (first)
      std::rethrow_exception(first);
  }

  void call_all(Channel& ch, Snapshot& snapshot, const void* event, std::exception_ptr& first) {
    bool expired = false;
    std::atomic<Slot*>* it = snapshot.slots();
    std::atomic<Slot*>* const end = it + snapshot.size.load(std::memory_order_acquire);
    for (; it != end; ++it) {
      Slot* slot = it->load(std::memory_order_relaxed);
      if (!slot->active.load(std::memory_order_relaxed))
        continue;
      try {
        if (!slot->invoke(slot, event)) {
          slot->expired.store(true, std::memory_order_relaxed);
          expired = true;
        }
      } catch (...) {
        report_error(std::current_exception(), first);
      }
    }
    if (expired) {
      ch.has_expired.store(true, std::memory_order_relaxed);
      maintenance_.store(true, std::memory_order_relaxed);
    }
  }

  // ---- writers --------------------------------------------------------------

  /// An unpublished array with room for `n` entries: the channel's spare if
  /// it is large enough, else a new one. Called with the channel mutex held.
  static Snapshot* fresh_snapshot(Channel& ch, std::size_t n) {
    if (Snapshot* spare = ch.spare.exchange(nullptr, std::memory_order_acquire)) {
      if (spare->capacity >= n)
        return spare;
      Snapshot::free(spare);
    }
    return Snapshot::make(std::max<std::size_t>(4, n + n / 2));
  }

  /// Keeps `s`, which no reader can hold any more, for reuse.
  static void recycle(Channel& ch, Snapshot* s) noexcept {
    if (s == nullptr)
      return;
    Snapshot* expected = nullptr;
    if (!ch.spare.compare_exchange_strong(expected, s, std::memory_order_release,
                                          std::memory_order_relaxed))
      Snapshot::free(s);
  }

  void add(Channel& ch, Slot* slot) {
    {
      std::lock_guard lock(ch.mutex);
      Snapshot* old = ch.snapshot.load(std::memory_order_relaxed);
      const std::size_t n = old == nullptr ? 0 : old->size.load(std::memory_order_relaxed);
      if (old != nullptr && n < old->capacity && !ch.has_expired.load(std::memory_order_relaxed)) {
        // Append in place: publishes under way keep the size they loaded.
        old->slots()[n].store(slot, std::memory_order_relaxed);
        old->size.store(n + 1, std::memory_order_release);
        return;
      }
      Snapshot* next = fresh_snapshot(ch, n + 1);
      std::vector<Slot*> expired;
      std::size_t kept = 0;
      for (std::size_t i = 0; i < n; ++i) {
        Slot* s = old->at(i);
        if (s->weak && s->expired.load(std::memory_order_relaxed))
          expired.push_back(s);
        else
          next->slots()[kept++].store(s, std::memory_order_relaxed);
      }
      next->slots()[kept++].store(slot, std::memory_order_relaxed);
      next->size.store(kept, std::memory_order_relaxed);
      ch.snapshot.store(next, std::memory_order_seq_cst);
      retire(old, expired);
    }
    // Amortized: reclaim once a few old arrays have piled up.
    if (retired_count_.load(std::memory_order_relaxed) >= 8)
      try_reclaim();
  }

  /// Unlinks `slot`, then waits until no other thread can be running it.
  void remove(Channel& ch, Slot* slot) noexcept {
    slot->active.store(false, std::memory_order_release);
    Snapshot* old = nullptr;
    {
      std::lock_guard lock(ch.mutex);
      old = ch.snapshot.load(std::memory_order_relaxed);
      const std::size_t n = old == nullptr ? 0 : old->size.load(std::memory_order_relaxed);
      Snapshot* next = nullptr;
      if (n > 1) {
        // Room for one more, so that a following subscribe appends in place.
        // Terminates on allocation failure (noexcept).
        next = fresh_snapshot(ch, std::min(n, old->capacity));
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i) {
          Slot* s = old->at(i);
          if (s != slot && kept + 1 < n)
            next->slots()[kept++].store(s, std::memory_order_relaxed);
        }
        next->size.store(kept, std::memory_order_relaxed);
      }
      ch.snapshot.store(next, std::memory_order_seq_cst);
    }
    ReaderRecord* self = reader(false);
    if (self != nullptr && self->depth > 0) {
      // Called from inside a handler: wait for the other threads only, and
      // leave reclamation to a later grace period (this thread still reads).
      retire(old, slot);
      wait_for_readers(self, true);
      return;
    }
    // Older retirements ride along on this grace period, if there are any.
    const std::uint64_t tag =
        retired_count_.load(std::memory_order_relaxed) != 0 ? retire(nullptr, nullptr) : 0;
    // A full grace period, begun after the unlink (usually over at once: it
    // only waits for threads that are inside a publish right now). Then
    // nobody can hold the old array or the slot: free the slot, keep the
    // array for the next unsubscribe.
    wait_for_readers(self, false);
    slot->destroy(slot);
    recycle(ch, old);
    if (tag != 0)
      reclaim_before(tag);
  }

  /// Drops handlers whose weak owner expired (found by a publish).
  void sweep_expired() {
    for_each_channel([this](Channel& ch) {
      if (!ch.has_expired.exchange(false, std::memory_order_relaxed))
        return;
      std::lock_guard lock(ch.mutex);
      Snapshot* old = ch.snapshot.load(std::memory_order_relaxed);
      if (old == nullptr)
        return;
      const std::size_t n = old->size.load(std::memory_order_relaxed);
      std::vector<Slot*> expired;
      for (std::size_t i = 0; i < n; ++i)
        if (old->at(i)->expired.load(std::memory_order_relaxed))
          expired.push_back(old->at(i));
      if (expired.empty())
        return;
      Snapshot* next = nullptr;
      if (expired.size() < n) {
        next = fresh_snapshot(ch, n - expired.size() + 1);
        // Filter by the list, not the flag: a concurrent publish may set
        // more flags meanwhile; those are swept next time.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i)
          if (std::find(expired.begin(), expired.end(), old->at(i)) == expired.end())
            next->slots()[kept++].store(old->at(i), std::memory_order_relaxed);
        next->size.store(kept, std::memory_order_relaxed);
      }
      ch.snapshot.store(next, std::memory_order_seq_cst);
      retire(old, expired);
    });
  }

  /// Stops asynchronous deliveries and waits for running publishes.
  void close() noexcept {
    closed_.store(true, std::memory_order_seq_cst);
    wait_for_readers(reader(false), false);
  }

  // ---- errors -----------------------------------------------------------------

  void set_error_handler(std::function<void(std::exception_ptr)> handler) {
    std::lock_guard lock(error_mutex_);
    error_handler_ = std::make_shared<const std::function<void(std::exception_ptr)>>(std::move(handler));
  }

  std::vector<SubscriptionInfo> live() const {
    std::vector<SubscriptionInfo> result;
    for_each_channel([&](Channel& ch) {
      std::lock_guard lock(ch.mutex);
      Snapshot* s = ch.snapshot.load(std::memory_order_relaxed);
      if (s == nullptr)
        return;
      const std::size_t n = s->size.load(std::memory_order_relaxed);
      for (std::size_t i = 0; i < n; ++i) {
        const Slot* slot = s->at(i);
        if (slot->active.load(std::memory_order_relaxed) &&
            !slot->expired.load(std::memory_order_relaxed) && slot->alive(slot))
          result.push_back(SubscriptionInfo{ch.type_name, slot->where, slot->weak});
      }
    });
    return result;
  }

 private:
  struct Chunk {
    std::array<std::atomic<Channel*>, chunk_size> channels{};
  };
  struct Retired {
    std::uint64_t tag;
    Snapshot* snapshot;
    Slot* slot;
  };

  static std::uint64_t next_core_id() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  ASYNCLINT_DETAIL_NOINLINE ReaderRecord* reader_slow(bool create) {
    ThreadRecords& mine = thread_records();
    for (const auto& e : mine.entries) {
      if (e.core_id == id_) {
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

  void report_error(std::exception_ptr error, std::exception_ptr& first) noexcept {
    std::shared_ptr<const std::function<void(std::exception_ptr)>> handler;
    {
      std::lock_guard lock(error_mutex_);
      handler = error_handler_;
    }
    if (handler == nullptr || !*handler) {
      if (!first)
        first = std::move(error);
      return;
    }
    try {
      (*handler)(std::move(error));
    } catch (...) {
      if (!first)
        first = std::current_exception();
    }
  }

  /// Queues unlinked memory for reclamation after a later grace period.
  /// Called with the channel mutex held.
  /// Returns a grace-period tag taken after the retirement.
  std::uint64_t retire(Snapshot* snapshot, Slot* slot) {
    std::lock_guard lock(retire_mutex_);
    if (snapshot != nullptr || slot != nullptr) {
      retired_.push_back(Retired{gp_tag_, snapshot, slot});
      retired_count_.store(retired_.size(), std::memory_order_relaxed);
      maintenance_.store(true, std::memory_order_relaxed);
    }
    return ++gp_tag_;
  }
  void retire(Snapshot* snapshot, const std::vector<Slot*>& slots) {
    if (snapshot == nullptr && slots.empty())
      return;
    std::lock_guard lock(retire_mutex_);
    retired_.push_back(Retired{gp_tag_, snapshot, nullptr});
    for (Slot* slot : slots)
      retired_.push_back(Retired{gp_tag_, nullptr, slot});
    retired_count_.store(retired_.size(), std::memory_order_relaxed);
    maintenance_.store(true, std::memory_order_relaxed);
  }

  static void free_items(std::vector<Retired>& items) noexcept {
    for (Retired& r : items) {
      if (r.slot != nullptr)
        r.slot->destroy(r.slot);
      if (r.snapshot != nullptr)
        Snapshot::free(r.snapshot);
    }
    items.clear();
  }

  /// Frees what was retired before `tag` was taken. Needs a grace period that
  /// began after `tag` was taken to have ended.
  void reclaim_before(std::uint64_t tag) noexcept {
    // A per-thread spare vector avoids an allocation per reclamation; a
    // nested reclamation (from a handler's destructor) finds it taken and
    // uses a fresh one.
    static thread_local std::vector<Retired> spare;
    std::vector<Retired> ready = std::move(spare);
    ready.clear();
    {
      std::lock_guard lock(retire_mutex_);
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

  /// Waits until every thread that was inside a publish when this was called
  /// has left it. From inside a handler (`inside`), threads that are
  /// themselves blocked here from inside a handler are not waited for: two
  /// such waits would otherwise wait for each other forever.
  void wait_for_readers(ReaderRecord* self, bool inside) noexcept {
    if (inside)
      self->waiting.store(true, std::memory_order_seq_cst);
    for (ReaderRecord* r = readers_->head.load(std::memory_order_acquire); r != nullptr; r = r->next) {
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

  /// Non-blocking reclamation: starts a grace period by noting which threads
  /// are inside a publish, and completes it once each of them has moved on.
  void try_reclaim() noexcept {
    std::uint64_t done_tag = 0;
    {
      std::unique_lock lock(retire_mutex_, std::try_to_lock);
      if (!lock.owns_lock())
        return;
      if (!pending_gp_active_) {
        if (retired_.empty())
          return;
        pending_gp_tag_ = ++gp_tag_;
        pending_busy_.clear();
        for (ReaderRecord* r = readers_->head.load(std::memory_order_acquire); r != nullptr; r = r->next) {
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

  /// Run by a publish when it leaves its outermost handler loop.
  void maintain() noexcept {
    try {
      sweep_expired();
    } catch (...) {
      // out of memory: the expired handlers stay inactive and are retried later
    }
    try_reclaim();
  }

  std::uint64_t id_;
  std::shared_ptr<ReaderRegistry> readers_;
  std::atomic<bool> closed_{false};
  std::atomic<bool> maintenance_{false};

  Chunk first_;
  std::array<std::atomic<Chunk*>, max_chunks> chunks_{};
  std::mutex table_mutex_;

  std::mutex retire_mutex_;
  std::vector<Retired> retired_;
  std::atomic<std::size_t> retired_count_{0};
  std::uint64_t gp_tag_ = 0;
  bool pending_gp_active_ = false;
  std::uint64_t pending_gp_tag_ = 0;
  std::vector<std::pair<ReaderRecord*, std::uint64_t>> pending_busy_;

  std::mutex error_mutex_;
  std::shared_ptr<const std::function<void(std::exception_ptr)>> error_handler_;
};

} // namespace detail::events

/// A move-only handle to one subscription: while it is alive the handler may
/// be called; reset() or destruction unregisters it and waits until it is no
/// longer running on other threads. It may outlive its distributor.
class [[nodiscard]] ASYNCLINT_RAII_HANDLE Subscription {
 public:
  Subscription() noexcept = default;
  Subscription(Subscription&& other) noexcept
      : core_(std::move(other.core_)),
        channel_(std::exchange(other.channel_, nullptr)),
        slot_(std::exchange(other.slot_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      reset();
      core_ = std::move(other.core_);
      channel_ = std::exchange(other.channel_, nullptr);
      slot_ = std::exchange(other.slot_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }

  /// Unsubscribes. On return (from a thread not running this handler) the
  /// handler is not running and will never run again. Safe to call from
  /// inside the handler itself, and when the distributor is already gone.
  ASYNCLINT_UNREGISTERS void reset() noexcept {
    if (slot_ == nullptr)
      return;
    auto* channel = std::exchange(channel_, nullptr);
    auto* slot = std::exchange(slot_, nullptr);
    if (auto core = std::exchange(core_, {}).lock())
      core->remove(*channel, slot);
  }

  /// True while this handle holds a subscription.
  [[nodiscard]] bool active() const noexcept { return slot_ != nullptr; }
  explicit operator bool() const noexcept { return active(); }

 private:
  friend class EventDistributor;
  Subscription(std::weak_ptr<detail::events::Core> core, detail::events::Channel* channel,
               detail::events::Slot* slot) noexcept
      : core_(std::move(core)), channel_(channel), slot_(slot) {}

  std::weak_ptr<detail::events::Core> core_;
  detail::events::Channel* channel_ = nullptr;
  detail::events::Slot* slot_ = nullptr;
};

/// Optional public base of subscribers owned by std::shared_ptr. An object made
/// by asynclint::make_subscriber<T>(...) resets every subscribe_weak
/// subscription made with it as owner before its destructor starts (with the
/// usual wait for handlers running on other threads), so such subscriptions
/// cost a publish what a strong one costs: no weak_ptr::lock() per call. An
/// object of a derived type made any other way (std::make_shared, on the
/// stack...) gets ordinary weak subscriptions.
class SubscriptionOwner {
 public:
  /// Resets every subscription tied to this owner, as Subscription::reset.
  void reset_subscriptions() noexcept {
    std::vector<Subscription> mine;
    {
      std::lock_guard lock(mutex_);
      mine.swap(subscriptions_);
    }
    mine.clear(); // outside the lock: each reset may wait for a handler
  }

 protected:
  SubscriptionOwner() = default;
  // A copy is a new object: it has no subscriptions and is not guarded.
  SubscriptionOwner(const SubscriptionOwner&) noexcept {}
  SubscriptionOwner& operator=(const SubscriptionOwner&) noexcept { return *this; }
  // Only a safety net: by now the derived parts are destroyed. Guarded owners
  // were reset before their destructor began.
  ~SubscriptionOwner() { reset_subscriptions(); }

 private:
  friend class EventDistributor;
  template <class T, class... Args>
  friend std::shared_ptr<T> make_subscriber(Args&&... args);

  bool guarded() const noexcept { return guarded_.load(std::memory_order_acquire); }
  void keep(Subscription&& s) {
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(std::move(s));
  }

  std::mutex mutex_;
  std::vector<Subscription> subscriptions_;
  std::atomic<bool> guarded_{false};
};

/// Makes a `T` (derived from SubscriptionOwner) owned by a std::shared_ptr
/// whose deleter resets the object's subscriptions, waiting for handlers
/// running on other threads, before `~T` starts. subscribe_weak with such an
/// owner is as cheap to publish to as subscribe.
template <class T, class... Args>
std::shared_ptr<T> make_subscriber(Args&&... args) {
  static_assert(std::is_convertible_v<T*, SubscriptionOwner*>,
                "asynclint::make_subscriber<T>: T must derive publicly from "
                "asynclint::SubscriptionOwner");
  std::shared_ptr<T> owner(new T(std::forward<Args>(args)...), [](T* p) noexcept {
    static_cast<SubscriptionOwner*>(p)->reset_subscriptions();
    delete p;
  });
  static_cast<SubscriptionOwner*>(owner.get())->guarded_.store(true, std::memory_order_release);
  return owner;
}

/// A typed publish/subscribe hub: every handler subscribed for an event type
/// is called, in subscription order, for each event of that type published
/// while its subscription is alive. Not copyable or movable; destroy it only
/// when no other thread uses it.
class EventDistributor {
 public:
  EventDistributor() : core_(std::make_shared<detail::events::Core>()) {}
  EventDistributor(const EventDistributor&) = delete;
  EventDistributor& operator=(const EventDistributor&) = delete;

  /// Waits for publishes under way, then destroys every handler. Pending
  /// publish_async tasks find the distributor gone and deliver nothing.
  ~EventDistributor() { core_->close(); }

  /// Registers `handler`, callable as `handler(const E&)`, for events of type
  /// E. It runs on the publishing thread, possibly on several threads at once.
  template <class E, class F>
  ASYNCLINT_REGISTERS(reset)
  [[nodiscard]] Subscription subscribe(ASYNCLINT_HANDLER F&& handler,
                                       std::source_location where = std::source_location::current()) {
    static_assert(std::is_same_v<E, std::remove_cvref_t<E>>,
                  "asynclint::EventDistributor::subscribe<E>: E must be a plain event type "
                  "(no const, volatile or reference)");
    static_assert(std::is_invocable_v<std::decay_t<F>&, const E&>,
                  "asynclint::EventDistributor::subscribe<E>: the handler must be callable as "
                  "handler(const E&)");
    using Slot = detail::events::StrongSlot<E, std::decay_t<F>>;
    detail::events::Channel& ch = core_->channel(detail::events::type_slot<E>(), typeid(E));
    auto slot = std::make_unique<Slot>(std::decay_t<F>(std::forward<F>(handler)), where);
    core_->add(ch, slot.get());
    return Subscription(core_, &ch, slot.release());
  }

  /// Registers `handler` for events of type E for as long as `*owner` lives:
  /// it is called as `handler(T& owner, const E&)` or `handler(const E&)`, is
  /// never called once the owner is gone or while it is being destroyed.
  /// If the owner was made by make_subscriber, the subscription is reset
  /// before the owner's destructor starts (the handler is destroyed then) and
  /// a call costs what a strong subscription's does. Otherwise each call
  /// locks the weak_ptr (keeping the owner alive for the call) and the
  /// handler is destroyed soon after the owner (at the next publish or
  /// subscribe of E).
  template <class E, class T, class F>
  void subscribe_weak(std::weak_ptr<T> owner, F&& handler,
                      std::source_location where = std::source_location::current()) {
    static_assert(std::is_same_v<E, std::remove_cvref_t<E>>,
                  "asynclint::EventDistributor::subscribe_weak<E>: E must be a plain event type "
                  "(no const, volatile or reference)");
    static_assert(std::is_invocable_v<std::decay_t<F>&, T&, const E&> ||
                      std::is_invocable_v<std::decay_t<F>&, const E&>,
                  "asynclint::EventDistributor::subscribe_weak<E>: the handler must be callable "
                  "as handler(T& owner, const E&) or handler(const E&)");
    if constexpr (std::is_convertible_v<T*, SubscriptionOwner*>) {
      // Pinned for the registration: the owner's deleter (which resets what
      // is registered here) cannot run before this returns.
      if (std::shared_ptr<T> pinned = owner.lock()) {
        auto& hook = static_cast<SubscriptionOwner&>(*pinned);
        if (hook.guarded()) {
          using Slot = detail::events::OwnedSlot<E, T, std::decay_t<F>>;
          detail::events::Channel& ch = core_->channel(detail::events::type_slot<E>(), typeid(E));
          auto slot = std::make_unique<Slot>(pinned.get(), std::decay_t<F>(std::forward<F>(handler)), where);
          core_->add(ch, slot.get());
          Subscription subscription(core_, &ch, slot.release());
          hook.keep(std::move(subscription)); // on failure, ~Subscription unsubscribes
          return;
        }
      } else {
        return;
      }
    }
    if (owner.expired())
      return;
    using Slot = detail::events::WeakSlot<E, T, std::decay_t<F>>;
    detail::events::Channel& ch = core_->channel(detail::events::type_slot<E>(), typeid(E));
    auto slot = std::make_unique<Slot>(std::move(owner), std::decay_t<F>(std::forward<F>(handler)), where);
    core_->add(ch, slot.get());
    static_cast<void>(slot.release());
  }

  /// Calls every handler subscribed for E, on this thread, before returning.
  /// A throwing handler does not stop the others; see set_error_handler.
  template <class E>
  void publish(const E& event) {
    detail::events::Channel* ch = core_->find_channel(detail::events::type_slot<E>());
    if (ch == nullptr || ch->snapshot.load(std::memory_order_relaxed) == nullptr)
      return; // nobody listens
    core_->deliver(*ch, &event, false);
  }

  /// Publishes `event` from a task run by `executor`: anything of the
  /// executor shape (asynclint/executor.hpp: a member submit(f), post(f) or
  /// execute(f), or a callable), such as asynclint::ThreadPool. Returns what
  /// that call returns (for ThreadPool, a Future<void> that rethrows a
  /// handler's error under the default error policy). If the distributor is
  /// destroyed before the task runs, nothing is delivered.
  template <class E, class Executor>
  decltype(auto) publish_async(E event, Executor&& executor) {
    static_assert(std::is_same_v<E, std::remove_cvref_t<E>>,
                  "asynclint::EventDistributor::publish_async: E must be a plain event type");
    auto task = [core = std::weak_ptr<detail::events::Core>(core_), event = std::move(event)]() {
      auto alive = core.lock();
      if (!alive)
        return;
      detail::events::Channel* ch = alive->find_channel(detail::events::type_slot<E>());
      if (ch == nullptr)
        return;
      alive->deliver(*ch, &event, true);
    };
    static_assert(TaskExecutor<Executor, decltype(task)>,
                  "asynclint::EventDistributor::publish_async: the executor needs a member "
                  "submit(f), post(f) or execute(f) accepting a void() callable, or must be "
                  "callable with one (see asynclint/executor.hpp)");
    return submit_to(std::forward<Executor>(executor), std::move(task));
  }

  /// Sets where handler exceptions go. The handler is called on the publishing
  /// thread with each exception, right after the failing handler; if it
  /// throws, the first such exception propagates from publish after all
  /// handlers ran. With no handler (the default, or an empty function), the
  /// first exception propagates from publish after all handlers ran and the
  /// rest are dropped.
  void set_error_handler(std::function<void(std::exception_ptr)> handler) {
    core_->set_error_handler(std::move(handler));
  }

  /// Debugging aid: every live subscription, with where it was made.
  [[nodiscard]] std::vector<SubscriptionInfo> live_subscriptions() const { return core_->live(); }

  /// Debugging aid: live_subscriptions() as text, one line per subscription.
  [[nodiscard]] std::string debug_report() const {
    const std::vector<SubscriptionInfo> live = live_subscriptions();
    std::string out = std::to_string(live.size());
    out += " live subscription(s)\n";
    for (const SubscriptionInfo& info : live) {
      out += "  ";
      out += info.event_type;
      out += info.weak ? " (weak)" : "";
      out += " subscribed at ";
      out += info.where.file_name();
      out += ':';
      out += std::to_string(info.where.line());
      out += " in ";
      out += info.where.function_name();
      out += "\n";
    }
    return out;
  }

 private:
  std::shared_ptr<detail::events::Core> core_;
};

} // namespace asynclint

#undef ASYNCLINT_DETAIL_ALWAYS_INLINE
#undef ASYNCLINT_DETAIL_NOINLINE

#endif // ASYNCLINT_EVENT_DISTRIBUTOR_HPP
