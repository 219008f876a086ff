// File: asynclint/detail/mutex.hpp
//
// std::mutex as Clang's thread-safety analysis sees it. libstdc++'s mutex and
// lock guards carry no capability attributes, so fields annotated
// ASYNCLINT_GUARDED_BY(a_std_mutex) could not be checked; these thin wrappers
// (inline, no state of their own) carry them. Under other compilers they are
// the plain standard types.
//
// Example:
//
//   detail::Mutex mutex_;
//   std::vector<int> items_ ASYNCLINT_GUARDED_BY(mutex_);
//
//   void add(int v) {
//     detail::MutexLock lock(mutex_);      // the analysis knows mutex_ is held
//     items_.push_back(v);
//   }
//
//   void wait_for_item() {
//     detail::UniqueLock lock(mutex_);
//     while (items_.empty())               // the condition is read under the lock
//       cv_.wait(lock.native());
//   }
#ifndef ASYNCLINT_DETAIL_MUTEX_HPP
#define ASYNCLINT_DETAIL_MUTEX_HPP

#include "asynclint/annotations.hpp"

#include <mutex>

namespace asynclint::detail {

/// A std::mutex that the thread-safety analysis knows as a capability.
class ASYNCLINT_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ASYNCLINT_ACQUIRE() { mutex_.lock(); }
  void unlock() ASYNCLINT_RELEASE() { mutex_.unlock(); }
  [[nodiscard]] bool try_lock() ASYNCLINT_TRY_ACQUIRE(true) { return mutex_.try_lock(); }

  /// For std::condition_variable, through UniqueLock::native().
  std::mutex& native() noexcept { return mutex_; }

 private:
  std::mutex mutex_;
};

/// Holds a Mutex for its lifetime, as std::lock_guard.
class ASYNCLINT_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ASYNCLINT_ACQUIRE(mutex) : mutex_(mutex) { mutex.lock(); }
  /// Takes over a lock the caller already holds (std::adopt_lock).
  MutexLock(Mutex& mutex, std::adopt_lock_t) ASYNCLINT_REQUIRES(mutex) : mutex_(mutex) {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;
  ~MutexLock() ASYNCLINT_RELEASE() { mutex_.unlock(); }

 private:
  Mutex& mutex_;
};

/// Holds a Mutex for its lifetime, as a std::unique_lock that a
/// std::condition_variable may wait on (native()). The analysis treats the
/// mutex as held across a wait, which is what the caller observes.
class ASYNCLINT_SCOPED_CAPABILITY UniqueLock {
 public:
  explicit UniqueLock(Mutex& mutex) ASYNCLINT_ACQUIRE(mutex) : lock_(mutex.native()) {}
  UniqueLock(const UniqueLock&) = delete;
  UniqueLock& operator=(const UniqueLock&) = delete;
  ~UniqueLock() ASYNCLINT_RELEASE() {}

  /// Releases the mutex before the end of the scope.
  void unlock() ASYNCLINT_RELEASE() { lock_.unlock(); }

  std::unique_lock<std::mutex>& native() noexcept { return lock_; }

 private:
  std::unique_lock<std::mutex> lock_;
};

} // namespace asynclint::detail

#endif // ASYNCLINT_DETAIL_MUTEX_HPP
