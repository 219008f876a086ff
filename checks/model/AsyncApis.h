//===--- AsyncApis.h - what the async checks know about APIs --------------===//
//
// The async half of the API catalog: which calls hand a task to a thread pool
// or executor (and which argument is the task), and which calls block the
// calling thread. Answers come from built-in tables, from check options that
// extend or replace them, and from source annotations (annotations.hpp).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_ASYNCAPIS_H
#define ASYNCLINT_MODEL_ASYNCAPIS_H

#include "model/NamePatterns.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

/// Built-in tables, as `;`-separated qualified-name globs.
namespace defaults {
extern const char SubmissionFunctions[];
extern const char BlockingFunctions[];
extern const char HandlerFunctions[];
} // namespace defaults

/// The async API catalog for one check instance; built once from its options.
class AsyncApiCatalog {
public:
  /// Reads `SubmissionFunctions` and `BlockingFunctions` (replace the
  /// built-in tables) and `ExtraSubmissionFunctions` and
  /// `ExtraBlockingFunctions` (extend them), and `StdAsyncIsPool` (treat
  /// `std::async` as a submission; off by default, since libstdc++ and
  /// libc++ start a new thread for each call).
  explicit AsyncApiCatalog(clang::tidy::ClangTidyCheck::OptionsView &Options);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts,
                    clang::tidy::ClangTidyCheck::OptionsView &Options) const;

  /// True if the catalog itself says \p Call hands work to a pool: an
  /// annotation, a table row, `std::async` with StdAsyncIsPool. Such APIs
  /// are opaque: their bodies are not read.
  bool isTableSubmission(const clang::CallExpr *Call) const;

  /// The same for a construction: a task object made from a callable that
  /// its constructor schedules (`pplx::task<int> t([] { ... })`; a row
  /// `Class::Class`, or an annotated constructor). Copies and moves are not.
  bool isTableSubmission(const clang::CXXConstructExpr *Construct) const;

  /// The arguments of a submission \p Call that run as tasks: the
  /// parameters marked ASYNCLINT_TASK, else every callable argument (and a
  /// coroutine called there, and the function wrapped by an Asio
  /// `use_future(f)` token).
  llvm::SmallVector<const clang::Expr *, 2>
  taskArguments(const clang::CallExpr *Call) const;

  /// True if \p Call registers a handler that a library runs later on its
  /// own worker threads (a server's request handler): `HandlerFunctions`
  /// and `ExtraHandlerFunctions`.
  bool isHandlerRegistration(const clang::CallExpr *Call) const;

  /// The fallback where only a declaration is visible: a member whose class
  /// reads like a pool (`*pool*`, `*executor*`, `*work_queue*`,
  /// `*scheduler*`, `*worker*`...) and whose name like a hand-over
  /// (`submit*`, `enqueue*`, `post*`, `push*`, `add*task*`...), compared
  /// case-insensitively with `_` ignored. Off with
  /// SubmissionNameHeuristics=false (and by default when
  /// SubmissionFunctions replaces the table).
  bool nameSuggestsSubmission(const clang::CallExpr *Call) const;

  /// True if \p Call blocks the calling thread until other work finishes.
  /// A timed wait with a literal zero timeout (`wait_for(0s)`) is a poll and
  /// does not block.
  bool isBlocking(const clang::CallExpr *Call) const;

private:
  std::string SubmissionOption, ExtraSubmissionOption;
  std::string BlockingOption, ExtraBlockingOption;
  std::string HandlerOption, ExtraHandlerOption;
  bool StdAsyncIsPool;
  bool NameHeuristics;
  NamePatterns Submissions;
  NamePatterns Blocking;
  NamePatterns Handlers;
};

/// True if an expression of type \p Type can be called: a lambda or other
/// class with operator(), a function, or a pointer or reference to one.
bool isCallableType(clang::QualType Type);

/// The pool a submission hands its task to: the object of a member call
/// (`pool.submit(f)`), else the first argument when it is not callable
/// (`boost::asio::post(pool, f)`); null when there is none, and for an Asio
/// `dispatch` returning a future, which runs its function at once when
/// called from the pool.
const clang::Expr *submissionPool(const clang::CallExpr *Submission);

/// The declaration an expression naming a pool refers to: a variable or
/// field, or for `this` the class; null for anything else. An Asio executor
/// or strand of a pool (`pool.get_executor()`,
/// `boost::asio::make_strand(pool)`) names the pool.
const clang::Decl *poolIdentity(const clang::Expr *Pool);

/// True if \p Call waits for every task of the group it is called on
/// (`tbb::task_group::wait`): a helping wait in general, but one a task of
/// that same group can never see return.
bool isGroupWait(const clang::CallExpr *Call);

/// True if \p Call is a timed wait with a literal zero timeout
/// (`f.wait_for(0s)`): a poll, which never blocks.
bool isZeroTimeoutPoll(const clang::CallExpr *Call);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_ASYNCAPIS_H
