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
//   atomically (asynclint/detail/handler_array.hpp), and reclamation waits
//   for a grace period of per-thread reader sequence counters
//   (asynclint/detail/grace_period.hpp);
// - a throwing handler does not stop the others; see set_error_handler.
#ifndef ASYNCLINT_EVENT_DISTRIBUTOR_HPP
#define ASYNCLINT_EVENT_DISTRIBUTOR_HPP

#include "asynclint/annotations.hpp"
#include "asynclint/detail/grace_period.hpp"
#include "asynclint/detail/handler_array.hpp"
#include "asynclint/detail/mutex.hpp"
#include "asynclint/executor.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <source_location>
#include <stdexcept>
#include <string>
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
#else
#define ASYNCLINT_DETAIL_ALWAYS_INLINE inline
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

template <class E, class F>
struct StrongSlot final : Slot {
  StrongSlot(F&& f, std::source_location loc)
      : Slot(&call, &drop, &always, false, false, loc), handler(std::move(f)) {}
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
      : Slot(&call, &drop, &owner_alive, true, true, loc), owner(std::move(o)), handler(std::move(f)) {}
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
      : Slot(&call, &drop, &always, true, false, loc), owner(o), handler(std::move(f)) {}
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

/// All subscriptions of one event type on one distributor.
struct Channel {
  explicit Channel(std::string name) : type_name(std::move(name)) {}
  HandlerList handlers;
  /// Set by a publish that found an expired weak handler; cleared by the sweep.
  std::atomic<bool> has_expired{false};
  /// How many handlers of the published array may expire (plain weak owners):
  /// a subscribe looks for expired ones only when there are any.
  std::size_t expirable ASYNCLINT_GUARDED_BY(handlers.mutex) = 0;
  const std::string type_name;
};

/// The shared state of an EventDistributor: a table of channels (one per
/// event type, created on first use and never removed), the grace-period
/// domain that reclaims their handler arrays and handlers, and the error
/// policy. Subscriptions refer to it weakly, so they may outlive the
/// distributor.
class Core {
 public:
  static constexpr std::size_t chunk_size = 64;
  static constexpr std::size_t max_chunks = 64;

  Core() = default;
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  /// Destroys every handler still subscribed; what is retired goes with the
  /// grace-period domain, after this.
  ~Core() {
    for_each_channel([](Channel& ch) {
      if (HandlerArray* a = ch.handlers.current.load(std::memory_order_acquire)) {
        const std::size_t n = a->size();
        for (std::size_t i = 0; i < n; ++i)
          a->at(i)->destroy(a->at(i));
      }
    });
    for (std::size_t c = 0; c < max_chunks; ++c) {
      Chunk* chunk = c == 0 ? &first_ : chunks_[c].load(std::memory_order_acquire);
      if (chunk == nullptr)
        continue;
      for (auto& entry : chunk->channels)
        delete entry.load(std::memory_order_acquire);
      if (c != 0)
        delete chunk;
    }
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

  Channel& channel(std::size_t slot, const std::type_info& type) ASYNCLINT_EXCLUDES(table_mutex_) {
    if (Channel* ch = find_channel(slot))
      return *ch;
    const std::size_t c = slot / chunk_size;
    if (c >= max_chunks)
      throw std::length_error("asynclint::EventDistributor: too many distinct event types");
    MutexLock lock(table_mutex_);
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

  /// Marks the calling thread as inside a publish for the guard's lifetime;
  /// the outermost one runs the maintenance that is due when it ends.
  class ReadGuard {
   public:
    explicit ReadGuard(Core& core) : core_(core), record_(core.grace_.reader(true)) {
      GracePeriodDomain::enter(*record_);
    }
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;
    ~ReadGuard() {
      if (GracePeriodDomain::leave(*record_) && core_.grace_.maintenance_requested())
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
      if (HandlerArray* handlers = ch.handlers.current.load(std::memory_order_seq_cst))
        call_all(ch, *handlers, event, first);
    }
    if (first)
      std::rethrow_exception(first);
  }

  void call_all(Channel& ch, HandlerArray& handlers, const void* event, std::exception_ptr& first) {
    bool expired = false;
    std::atomic<Slot*>* it = handlers.begin();
    std::atomic<Slot*>* const end = handlers.end();
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
      grace_.request_maintenance();
    }
  }

  // ---- writers --------------------------------------------------------------

  /// Adds `slot` to `ch`. Weak handlers whose owner is gone are dropped on
  /// the way (and destroyed once no publish can be running them).
  void add(Channel& ch, Slot* slot) {
    bool dropped = false;
    {
      MutexLock lock(ch.handlers.mutex);
      bool keep_all = !ch.has_expired.load(std::memory_order_relaxed);
      if (ch.expirable != 0)
        keep_all = !mark_expired(ch) && keep_all;
      // Decided once per entry, by the flag as it is now: a concurrent
      // publish may set more flags meanwhile; those are swept later.
      std::vector<Garbage> garbage; // the expired handlers dropped, if any
      const auto keep = [&garbage](Slot* s) {
        if (!s->weak || !s->expired.load(std::memory_order_relaxed))
          return true;
        garbage.push_back({s, &Slot::destroy_erased});
        return false;
      };
      HandlerArray* old = ch.handlers.append(slot, keep_all, keep);
      for (const Garbage& g : garbage)
        if (static_cast<const Slot*>(g.pointer)->expires)
          --ch.expirable;
      if (slot->expires)
        ++ch.expirable;
      dropped = !garbage.empty();
      if (dropped) {
        garbage.push_back({old, &HandlerArray::free_erased});
        grace_.retire(garbage);
      } else if (old != nullptr) {
        grace_.retire({{old, &HandlerArray::free_erased}});
      }
    }
    // Amortized: reclaim once a few old arrays have piled up, and at once
    // when expired handlers were dropped.
    if (dropped || grace_.retired_count() >= 8)
      grace_.try_reclaim();
  }

  /// Unlinks `slot`, then waits until no other thread can be running it.
  void remove(Channel& ch, Slot* slot) noexcept {
    slot->active.store(false, std::memory_order_release);
    HandlerArray* old = nullptr;
    {
      MutexLock lock(ch.handlers.mutex);
      old = ch.handlers.current.load(std::memory_order_relaxed);
      const std::size_t n = old == nullptr ? 0 : old->size_relaxed();
      assert(contains(old, slot) && "a live subscription's handler is in its channel's array");
      // Room for one more, so that a following subscribe appends in place.
      // Terminates on allocation failure (noexcept).
      static_cast<void>(ch.handlers.replace(n == 0 ? 0 : n - 1, 1,
                                            [slot](const Slot* s) { return s != slot; }));
      if (slot->expires)
        --ch.expirable;
    }
    ReaderRecord* self = grace_.reader(false);
    if (self != nullptr && self->depth > 0) {
      // Called from inside a handler: wait for the other threads only, and
      // leave reclamation to a later grace period (this thread still reads).
      grace_.retire({{old, &HandlerArray::free_erased}, {slot, &Slot::destroy_erased}});
      grace_.wait_for_readers(self, true);
      return;
    }
    // Older retirements ride along on this grace period, if there are any.
    const std::uint64_t tag = grace_.retired_count() != 0 ? grace_.take_tag() : 0;
    // A full grace period, begun after the unlink (usually over at once: it
    // only waits for threads that are inside a publish right now). Then
    // nobody can hold the old array or the slot: free the slot, keep the
    // array for the next unsubscribe.
    grace_.wait_for_readers(self, false);
    slot->destroy(slot);
    ch.handlers.recycle(old);
    if (tag != 0)
      grace_.reclaim_before(tag);
  }

  /// Drops handlers whose weak owner expired (found by a publish).
  void sweep_expired() {
    for_each_channel([this](Channel& ch) {
      if (!ch.has_expired.exchange(false, std::memory_order_relaxed))
        return;
      MutexLock lock(ch.handlers.mutex);
      HandlerArray* old = ch.handlers.current.load(std::memory_order_relaxed);
      if (old == nullptr)
        return;
      const std::size_t n = old->size_relaxed();
      std::vector<Garbage> garbage;
      for (std::size_t i = 0; i < n; ++i)
        if (old->at(i)->expired.load(std::memory_order_relaxed))
          garbage.push_back({old->at(i), &Slot::destroy_erased});
      if (garbage.empty())
        return;
      // Filter by the list, not the flag: a concurrent publish may set
      // more flags meanwhile; those are swept next time.
      const auto listed = [&garbage](const Slot* s) {
        return std::any_of(garbage.begin(), garbage.end(),
                           [s](const Garbage& g) { return g.pointer == s; });
      };
      static_cast<void>(ch.handlers.replace(n - garbage.size(), 1,
                                            [&listed](const Slot* s) { return !listed(s); }));
      for (const Garbage& g : garbage)
        if (static_cast<const Slot*>(g.pointer)->expires)
          --ch.expirable;
      garbage.push_back({old, &HandlerArray::free_erased});
      grace_.retire(garbage);
    });
  }

  /// Stops asynchronous deliveries and waits for running publishes.
  void close() noexcept {
    closed_.store(true, std::memory_order_seq_cst);
    grace_.wait_for_readers(grace_.reader(false), false);
  }

  // ---- errors -----------------------------------------------------------------

  void set_error_handler(std::function<void(std::exception_ptr)> handler) ASYNCLINT_EXCLUDES(error_mutex_) {
    auto shared = std::make_shared<const std::function<void(std::exception_ptr)>>(std::move(handler));
    MutexLock lock(error_mutex_);
    error_handler_ = std::move(shared);
  }

  std::vector<SubscriptionInfo> live() const {
    std::vector<SubscriptionInfo> result;
    for_each_channel([&](Channel& ch) {
      MutexLock lock(ch.handlers.mutex);
      HandlerArray* a = ch.handlers.current.load(std::memory_order_relaxed);
      if (a == nullptr)
        return;
      const std::size_t n = a->size_relaxed();
      for (std::size_t i = 0; i < n; ++i) {
        const Slot* slot = a->at(i);
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

  static bool contains(HandlerArray* a, const Slot* slot) noexcept {
    const std::size_t n = a == nullptr ? 0 : a->size_relaxed();
    for (std::size_t i = 0; i < n; ++i)
      if (a->at(i) == slot)
        return true;
    return false;
  }

  /// Flags the handlers of `ch` whose plain weak owner is gone, as a publish
  /// would on finding them; true if there are any.
  static bool mark_expired(Channel& ch) noexcept ASYNCLINT_REQUIRES(ch.handlers.mutex) {
    HandlerArray* a = ch.handlers.current.load(std::memory_order_relaxed);
    const std::size_t n = a == nullptr ? 0 : a->size_relaxed();
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      Slot* s = a->at(i);
      if (!s->expires)
        continue;
      if (!s->expired.load(std::memory_order_relaxed) && s->alive(s))
        continue;
      s->expired.store(true, std::memory_order_relaxed);
      any = true;
    }
    return any;
  }

  void report_error(std::exception_ptr error, std::exception_ptr& first) noexcept
      ASYNCLINT_EXCLUDES(error_mutex_) {
    std::shared_ptr<const std::function<void(std::exception_ptr)>> handler;
    {
      MutexLock lock(error_mutex_);
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

  /// Run by a publish when it leaves its outermost handler loop.
  void maintain() noexcept {
    try {
      sweep_expired();
    } catch (...) {
      // out of memory: the expired handlers stay inactive and are retried later
    }
    grace_.try_reclaim();
  }

  // Declared first, destroyed last: frees what is still retired after the
  // channels and their handlers are gone.
  GracePeriodDomain grace_;
  std::atomic<bool> closed_{false};

  Chunk first_;
  std::array<std::atomic<Chunk*>, max_chunks> chunks_{};
  Mutex table_mutex_; // serializes channel creation; lookups take no lock

  Mutex error_mutex_;
  std::shared_ptr<const std::function<void(std::exception_ptr)>> error_handler_
      ASYNCLINT_GUARDED_BY(error_mutex_);
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
  void reset_subscriptions() noexcept ASYNCLINT_EXCLUDES(mutex_) {
    std::vector<Subscription> mine;
    {
      detail::MutexLock lock(mutex_);
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
  void keep(Subscription&& s) ASYNCLINT_EXCLUDES(mutex_) {
    detail::MutexLock lock(mutex_);
    subscriptions_.push_back(std::move(s));
  }

  detail::Mutex mutex_;
  std::vector<Subscription> subscriptions_ ASYNCLINT_GUARDED_BY(mutex_);
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
  /// handler is destroyed by the first publish or subscribe (either kind) of
  /// E after the owner is gone, or, if a thread is inside a publish of this
  /// distributor at that moment, once the publishes then under way are over
  /// (at the end of a later publish, or by a later reset).
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
    if (ch == nullptr || ch->handlers.current.load(std::memory_order_relaxed) == nullptr)
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

#endif // ASYNCLINT_EVENT_DISTRIBUTOR_HPP
