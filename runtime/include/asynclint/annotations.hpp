// File: asynclint/annotations.hpp
//
// Source annotations that tell asynclint what a function or type means, so the
// checker understands an API without name tables. Each macro expands to a
// `[[clang::annotate("asynclint::...")]]` attribute under Clang and to nothing
// under other compilers, so annotated code stays portable.
//
// Example:
//
//   class ASYNCLINT_EXECUTOR JobQueue {
//    public:
//     ASYNCLINT_SUBMITS template <class F> void push(ASYNCLINT_TASK F&& f);
//   };
//   ASYNCLINT_BLOCKING void wait_for_disk();        // reported when reached from a task
//   ASYNCLINT_NONBLOCKING void helping_wait();      // never reported, cuts call chains
//
//   class Bus {
//    public:
//     ASYNCLINT_REGISTERS(remove_listener) int add_listener(ASYNCLINT_HANDLER Fn f);
//     ASYNCLINT_UNREGISTERS void remove_listener(int id);
//   };
//   class ASYNCLINT_RAII_HANDLE Connection { ... };  // destroying it unregisters
//
// Placement: function annotations go before the declaration (or after the
// declarator); type annotations go between `class`/`struct` and the name;
// parameter annotations go before the parameter's type.
//
// The second half of this header names the locking discipline for Clang's
// thread-safety analysis (`-Wthread-safety`), as Abseil's
// `thread_annotations.h` does. Each macro expands to the Clang attribute when
// the compiler has it and to nothing otherwise. The runtime annotates its own
// mutexes and the fields they guard with them (asynclint/detail/mutex.hpp has
// a std::mutex wrapper that Clang sees as a capability):
//
//   class Inbox {
//    public:
//     void put(Message m) ASYNCLINT_EXCLUDES(mutex_) {
//       asynclint::detail::MutexLock lock(mutex_);
//       queue_.push_back(std::move(m));
//     }
//    private:
//     asynclint::detail::Mutex mutex_;
//     std::deque<Message> queue_ ASYNCLINT_GUARDED_BY(mutex_);
//   };
//
// Thread-safety annotations go after the declarator, before `{` or `;`.
#ifndef ASYNCLINT_ANNOTATIONS_HPP
#define ASYNCLINT_ANNOTATIONS_HPP

#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define ASYNCLINT_ANNOTATE(text) [[clang::annotate(text)]]
#endif
#endif
#ifndef ASYNCLINT_ANNOTATE
#define ASYNCLINT_ANNOTATE(text)
#endif

/// The function blocks the calling thread until other work completes.
#define ASYNCLINT_BLOCKING ASYNCLINT_ANNOTATE("asynclint::blocking")

/// The function never blocks a pool worker (for example a wait that runs
/// queued work while it waits); call chains through it are not followed.
#define ASYNCLINT_NONBLOCKING ASYNCLINT_ANNOTATE("asynclint::nonblocking")

/// The function hands a callable to a pool or executor; the callable runs on a
/// worker thread. The task parameter is the one marked ASYNCLINT_TASK, or else
/// every parameter of invocable type.
#define ASYNCLINT_SUBMITS ASYNCLINT_ANNOTATE("asynclint::submits")

/// Marks the parameter of a submission function that receives the task.
#define ASYNCLINT_TASK ASYNCLINT_ANNOTATE("asynclint::task")

/// The class is a thread pool or executor: its members taking a callable are
/// submissions and the object identifies the pool for same-pool deadlocks.
#define ASYNCLINT_EXECUTOR ASYNCLINT_ANNOTATE("asynclint::executor")

/// The class runs queued work on threads of its own that are meant to block
/// (a logger's writer thread, an I/O loop fed by a queue): what is handed to
/// it is not a pool task, whatever its code or names look like.
#define ASYNCLINT_DEDICATED_THREAD ASYNCLINT_ANNOTATE("asynclint::dedicated_thread")

/// The function registers a handler; `undo` names the member or free function
/// that unregisters it.
#define ASYNCLINT_REGISTERS(undo) ASYNCLINT_ANNOTATE("asynclint::registers=" #undo)

/// Marks the parameter of a registration function that receives the handler.
#define ASYNCLINT_HANDLER ASYNCLINT_ANNOTATE("asynclint::handler")

/// The function unregisters a handler registered by an ASYNCLINT_REGISTERS API.
#define ASYNCLINT_UNREGISTERS ASYNCLINT_ANNOTATE("asynclint::unregisters")

/// Destroying an object of this class unregisters the handler it was returned
/// for (an RAII subscription handle).
#define ASYNCLINT_RAII_HANDLE ASYNCLINT_ANNOTATE("asynclint::raii_handle")

// ---- thread-safety analysis (Clang -Wthread-safety) -------------------------

#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(guarded_by) && __has_attribute(capability) && \
    __has_attribute(requires_capability) && __has_attribute(scoped_lockable)
#define ASYNCLINT_THREAD_ANNOTATION(x) __attribute__((x))
#endif
#endif
#ifndef ASYNCLINT_THREAD_ANNOTATION
#define ASYNCLINT_THREAD_ANNOTATION(x)
#endif

/// The field is read and written only while `mutex` is held.
#define ASYNCLINT_GUARDED_BY(mutex) ASYNCLINT_THREAD_ANNOTATION(guarded_by(mutex))

/// The pointee of this pointer field is accessed only while `mutex` is held.
#define ASYNCLINT_PT_GUARDED_BY(mutex) ASYNCLINT_THREAD_ANNOTATION(pt_guarded_by(mutex))

/// The class is a lock (a capability named `name`, such as "mutex").
#define ASYNCLINT_CAPABILITY(name) ASYNCLINT_THREAD_ANNOTATION(capability(name))

/// The class holds a lock for its lifetime (an RAII lock guard).
#define ASYNCLINT_SCOPED_CAPABILITY ASYNCLINT_THREAD_ANNOTATION(scoped_lockable)

/// The caller must hold the listed locks.
#define ASYNCLINT_REQUIRES(...) ASYNCLINT_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))

/// The caller must not hold the listed locks (the function takes them).
#define ASYNCLINT_EXCLUDES(...) ASYNCLINT_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

/// The function takes the listed locks (or `this`) and returns holding them.
#define ASYNCLINT_ACQUIRE(...) ASYNCLINT_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))

/// The function releases the listed locks (or `this`).
#define ASYNCLINT_RELEASE(...) ASYNCLINT_THREAD_ANNOTATION(release_capability(__VA_ARGS__))

/// The function takes the lock when it returns `result`.
#define ASYNCLINT_TRY_ACQUIRE(...) ASYNCLINT_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))

/// The function returns a reference to the lock `mutex`.
#define ASYNCLINT_RETURN_CAPABILITY(mutex) ASYNCLINT_THREAD_ANNOTATION(lock_returned(mutex))

/// Turns the analysis off for one function whose locking it cannot follow;
/// say why next to each use.
#define ASYNCLINT_NO_THREAD_SAFETY_ANALYSIS ASYNCLINT_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif // ASYNCLINT_ANNOTATIONS_HPP
