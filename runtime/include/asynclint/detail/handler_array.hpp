// File: asynclint/detail/handler_array.hpp
//
// The copy-on-write handler arrays behind EventDistributor: one HandlerList
// per event type holds the published HandlerArray, which publishes read
// without a lock, and writers replace under the list's mutex. A new handler
// is appended in place when the array has room; every other change publishes
// a filtered copy, and the caller retires the old array (it is freed, or kept
// as the list's spare, only after a grace period: asynclint/detail/grace_period.hpp).
//
// Example (a writer; `domain` is the grace-period domain of the readers):
//
//   HandlerList list;
//   {
//     detail::MutexLock lock(list.mutex);
//     HandlerArray* old = list.append(slot, [](const Slot*) { return true; });
//     if (old != nullptr)
//       domain.retire({{old, &HandlerArray::free_erased}});
//   }
//
//   // a reader, inside a read section:
//   if (HandlerArray* a = list.current.load(std::memory_order_seq_cst))
//     for (std::atomic<Slot*>* it = a->begin(), *end = a->end(); it != end; ++it)
//       call(it->load(std::memory_order_relaxed));
#ifndef ASYNCLINT_DETAIL_HANDLER_ARRAY_HPP
#define ASYNCLINT_DETAIL_HANDLER_ARRAY_HPP

#include "asynclint/annotations.hpp"
#include "asynclint/detail/mutex.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <new>
#include <source_location>
#include <type_traits>

namespace asynclint::detail::events {

/// A registered handler, type-erased. `invoke` returns false when a weak
/// owner has expired.
struct Slot {
  using Invoke = bool (*)(Slot*, const void* event);
  using Destroy = void (*)(Slot*) noexcept;
  using Alive = bool (*)(const Slot*) noexcept;

  Slot(Invoke i, Destroy d, Alive a, bool weak_slot, bool may_expire, std::source_location loc) noexcept
      : invoke(i), destroy(d), alive(a), weak(weak_slot), expires(may_expire), where(loc) {}

  /// Destroys the slot behind `p` (a Slot*): a Garbage::free.
  static void destroy_erased(void* p) noexcept {
    auto* slot = static_cast<Slot*>(p);
    slot->destroy(slot);
  }

  Invoke invoke;
  Destroy destroy;
  Alive alive; // false once a weak owner is gone
  std::atomic<bool> active{true};
  std::atomic<bool> expired{false};
  bool weak;    // made by subscribe_weak
  bool expires; // `alive` may turn false (a plain weak_ptr owner)
  std::source_location where;
};

/// An array of handlers, allocated in one block with room to grow. Entries
/// [0, size) never change while the array is published; append() writes
/// entry `size`, then release-stores size + 1, so a reader that loaded the
/// old size never sees the new entry. Entries at or past `size` were never
/// visible to a reader of this array since it was last published (arrays are
/// only reused after a grace period).
class HandlerArray {
 public:
  static HandlerArray* make(std::size_t capacity) {
    void* raw = ::operator new(sizeof(HandlerArray) + capacity * sizeof(std::atomic<Slot*>));
    auto* a = ::new (raw) HandlerArray(capacity);
    for (std::size_t i = 0; i < capacity; ++i)
      ::new (&a->slots()[i]) std::atomic<Slot*>(nullptr);
    return a;
  }
  static void free(HandlerArray* a) noexcept { ::operator delete(a); }
  /// free() behind a void*: a Garbage::free.
  static void free_erased(void* p) noexcept { free(static_cast<HandlerArray*>(p)); }

  HandlerArray(const HandlerArray&) = delete;
  HandlerArray& operator=(const HandlerArray&) = delete;

  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  /// The number of entries, as a reader sees it (acquire: the entries below
  /// it are visible).
  [[nodiscard]] std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
  /// The number of entries, as a writer holding the list's mutex sees it.
  [[nodiscard]] std::size_t size_relaxed() const noexcept {
    return size_.load(std::memory_order_relaxed);
  }

  /// The entries [0, size()) for a reader.
  std::atomic<Slot*>* begin() noexcept { return slots(); }
  std::atomic<Slot*>* end() noexcept { return slots() + size(); }

  [[nodiscard]] Slot* at(std::size_t i) noexcept {
    assert(i < capacity_ && "handler index within the array");
    return slots()[i].load(std::memory_order_relaxed);
  }

  /// Appends to a published array: entry `size`, then the new size.
  void append(Slot* slot) noexcept {
    const std::size_t n = size_relaxed();
    assert(n < capacity_ && "an in-place append needs room");
    slots()[n].store(slot, std::memory_order_relaxed);
    size_.store(n + 1, std::memory_order_release);
  }

  /// Fills an unpublished array with the entries of `from` (may be null) that
  /// `keep` accepts (called once per entry, in order), then `extra` (if not
  /// null). Returns the new size.
  template <class Keep>
  std::size_t fill(HandlerArray* from, Keep&& keep, Slot* extra) {
    std::size_t kept = 0;
    const std::size_t n = from == nullptr ? 0 : from->size_relaxed();
    for (std::size_t i = 0; i < n; ++i) {
      Slot* s = from->at(i);
      if (keep(s)) {
        assert(kept < capacity_ && "a filtered copy fits its array");
        slots()[kept++].store(s, std::memory_order_relaxed);
      }
    }
    if (extra != nullptr) {
      assert(kept < capacity_ && "a filtered copy fits its array");
      slots()[kept++].store(extra, std::memory_order_relaxed);
    }
    size_.store(kept, std::memory_order_relaxed);
    return kept;
  }

 private:
  explicit HandlerArray(std::size_t capacity) noexcept : capacity_(capacity) {}
  std::atomic<Slot*>* slots() noexcept { return reinterpret_cast<std::atomic<Slot*>*>(this + 1); }

  std::size_t capacity_;
  std::atomic<std::size_t> size_{0};
};
static_assert(alignof(HandlerArray) >= alignof(std::atomic<Slot*>),
              "asynclint: the handler array must be aligned for pointers after the header");
static_assert(std::is_trivially_destructible_v<std::atomic<Slot*>>,
              "asynclint: handler arrays are freed without destroying their entries");

/// The handlers of one event type: the published array (read lock-free), a
/// spare array past its grace period for reuse, and the mutex that
/// serializes writers (never held while handlers run).
class HandlerList {
 public:
  HandlerList() = default;
  HandlerList(const HandlerList&) = delete;
  HandlerList& operator=(const HandlerList&) = delete;
  /// Frees the arrays (not the handlers); no reader may be left.
  ~HandlerList() {
    HandlerArray::free(current.load(std::memory_order_acquire));
    HandlerArray::free(spare_.load(std::memory_order_acquire));
  }

  Mutex mutex;
  /// Written only under `mutex`, read by publishes without it.
  std::atomic<HandlerArray*> current{nullptr};

  /// Adds `slot`. In place if the array has room and `keep_all` (the caller
  /// knows that `keep` would accept every entry; returns null); else
  /// publishes a copy of the entries `keep` accepts plus `slot` and returns
  /// the old array, which the caller retires. `keep` is called once per
  /// entry, in order, so it may record what it rejects.
  template <class Keep>
  HandlerArray* append(Slot* slot, bool keep_all, Keep&& keep) ASYNCLINT_REQUIRES(mutex) {
    assert(slot != nullptr && "a handler to add");
    HandlerArray* old = current.load(std::memory_order_relaxed);
    const std::size_t n = old == nullptr ? 0 : old->size_relaxed();
    if (old != nullptr && n < old->capacity() && keep_all) {
      // Append in place: publishes under way keep the size they loaded.
      old->append(slot);
      return nullptr;
    }
    HandlerArray* next = fresh(n + 1);
    next->fill(old, keep, slot);
    current.store(next, std::memory_order_seq_cst);
    return old;
  }

  /// Publishes a copy without the entries `keep` rejects (no array when
  /// `kept` is 0), with room for `kept` + `room` entries, and returns the
  /// old array. `kept` is the number of entries `keep` accepts.
  template <class Keep>
  HandlerArray* replace(std::size_t kept, std::size_t room, Keep&& keep) ASYNCLINT_REQUIRES(mutex) {
    HandlerArray* old = current.load(std::memory_order_relaxed);
    HandlerArray* next = nullptr;
    if (kept != 0) {
      next = fresh(kept + room);
      [[maybe_unused]] const std::size_t filled = next->fill(old, keep, nullptr);
      assert(filled == kept && "the filter keeps as many entries as counted");
    }
    current.store(next, std::memory_order_seq_cst);
    return old;
  }

  /// Keeps `a`, which no reader can hold any more, for reuse (or frees it
  /// when a spare is already kept). Needs no lock.
  void recycle(HandlerArray* a) noexcept {
    if (a == nullptr)
      return;
    HandlerArray* expected = nullptr;
    if (!spare_.compare_exchange_strong(expected, a, std::memory_order_release,
                                        std::memory_order_relaxed))
      HandlerArray::free(a);
  }

 private:
  /// An unpublished array with room for `n` entries: the spare if it is
  /// large enough, else a new one (half as large again).
  HandlerArray* fresh(std::size_t n) ASYNCLINT_REQUIRES(mutex) {
    if (HandlerArray* spare = spare_.exchange(nullptr, std::memory_order_acquire)) {
      if (spare->capacity() >= n)
        return spare;
      HandlerArray::free(spare);
    }
    return HandlerArray::make(std::max<std::size_t>(4, n + n / 2));
  }

  // Taken under `mutex` by fresh(), given back without it by recycle().
  std::atomic<HandlerArray*> spare_{nullptr};
};

} // namespace asynclint::detail::events

#endif // ASYNCLINT_DETAIL_HANDLER_ARRAY_HPP
