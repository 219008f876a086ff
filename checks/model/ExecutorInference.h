//===--- ExecutorInference.h - pools known from their code -----------------===//
//
// Which calls hand a callable to a thread pool, decided in this order:
//  1. the catalog (annotations, library tables, check options): opaque APIs;
//  2. the implementation, when this TU has it: a class is an *executor* when
//     it owns threads (a thread member, alone or in a container, or a thread
//     started by a member) and one of its members takes elements out of a
//     member field (a queue, a ring buffer, another object's `pop`) and runs
//     them; a function is a *submission* for its parameter P when P, or
//     anything made from P (a lambda capturing it, a packaged_task, a
//     shared_ptr, a struct of a function pointer and its data), is put into
//     such a field, directly or through helpers; and a *wrapper* when P flows
//     into the task of another submission (a home-grown parallel_for);
//  3. names, where only a declaration is visible (see AsyncApis.h).
// A class with no thread that stores the callable in a field and never runs
// it there (an object pool, a recipe list) is positively not a pool: names
// are not consulted for it.
//
// Everything is memoized per class and per function for one translation
// unit; nothing is computed per call site but the argument mapping.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_EXECUTORINFERENCE_H
#define ASYNCLINT_MODEL_EXECUTORINFERENCE_H

#include "model/AsyncApis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace asynclint::model {

/// What a class's implementation shows about the callables kept in its
/// fields.
struct ExecutorShape {
  bool HasThreads = false;
  /// Fields whose elements a member takes out and runs.
  llvm::SmallVector<std::string, 2> Drained;
  /// Where a drained element is first run (a worker loop), for notes.
  clang::SourceLocation RunLoc;

  /// Every function of the class that takes queued elements out and runs
  /// them: the worker loop, and waits that run queued work while they wait.
  llvm::SmallVector<const clang::FunctionDecl *, 2> Runners;

  /// Owns threads and runs what it takes out of a field.
  bool isExecutor() const { return HasThreads && !Drained.empty(); }
  bool drains(llvm::StringRef Field) const;
};

/// How a call hands work away, and who runs it.
struct SubmissionInfo {
  enum class Source {
    None,     ///< not a submission
    Catalog,  ///< annotation, library table or check option
    Inferred, ///< the callee puts the task into an executor's queue
    Wrapper,  ///< the callee passes the task on to another submission
    Name,     ///< only a declaration is visible; its names look like a pool
  };
  Source From = Source::None;
  llvm::SmallVector<const clang::Expr *, 2> Tasks;
  /// The executor class whose workers run the tasks, when inferred.
  const clang::CXXRecordDecl *Executor = nullptr;
  /// The tasks are handlers the library runs later on its own threads (an
  /// Asio completion handler, a server's request handler), not work handed
  /// over now.
  bool Handlers = false;
  /// For a submission known by a name (its own or one it forwards to): the
  /// class of the object it hands the callable to, whose code (in another
  /// TU, perhaps) may show it is not a pool.
  const clang::CXXRecordDecl *Object = nullptr;

  bool submits() const { return !Tasks.empty(); }
  /// True when the callee's body cannot be read for what else it does.
  bool opaque() const {
    return From == Source::Catalog || From == Source::Name;
  }
};

class SubmissionModel {
public:
  explicit SubmissionModel(const AsyncApiCatalog &Catalog) : Catalog(Catalog) {}

  /// How \p Call hands work away; memoized per call.
  SubmissionInfo classify(const clang::CallExpr *Call);
  bool isSubmission(const clang::CallExpr *Call) {
    return classify(Call).submits();
  }

  /// What the implementation of \p Class shows (its template pattern's,
  /// for an instantiation); memoized per class.
  const ExecutorShape &shape(const clang::CXXRecordDecl *Class);

  /// True if \p F hands its parameter \p Index to a pool, itself or through
  /// a wrapper; \p Executor receives the inferred executor class, if any.
  bool submitsParam(const clang::FunctionDecl *F, unsigned Index,
                    const clang::CXXRecordDecl **Executor = nullptr);

  /// The function with no body in this TU that \p F hands its parameter
  /// \p Index to, directly or through functions defined here (an inline
  /// `iothread_perform(f)` calling `iothread_perform_impl(f)`), and as which
  /// parameter; null when there is none or \p F's use is known.
  const clang::FunctionDecl *externalSink(const clang::FunctionDecl *F,
                                          unsigned Index, unsigned &Param);

  /// True if \p F is a member of an executor that itself takes queued
  /// tasks out and runs them (`job_pool::wait_for_all` helping until the
  /// queue is empty): such a wait makes progress on its caller's thread,
  /// like `tbb::task_group::wait`, and is not a blocking wait.
  bool helpsWhileWaiting(const clang::FunctionDecl *F);

  /// True if \p Call runs a parameter of an enclosing function that hands
  /// that parameter to a pool (`f(i)` in a home-grown `parallel_for(n, f)`):
  /// what the parameter does is reported where the caller wrote it.
  bool runsSubmittedParam(const clang::CallExpr *Call);

  /// The callable parameter of an enclosing function that \p Call invokes
  /// (`f()`, `f(args...)`, `std::invoke(f)`), or null.
  static const clang::ParmVarDecl *invokedParam(const clang::CallExpr *Call);

  /// True if every member of \p Class (of the project's own) that takes a
  /// callable keeps it without running it, or runs it on a thread started
  /// for it, and none queues it for a pool: what is handed to such an
  /// executor does not run on a pool worker.
  bool runsNothingQueued(const clang::CXXRecordDecl *Class);

private:
  /// Unknown: nothing seen; Submits: into a pool; Stores: kept in a field
  /// and never run there (no thread), or run on a thread started for it.
  enum class Use { Unknown, Submits, Stores };
  struct ParamUse {
    Use U = Use::Unknown;
    SubmissionInfo::Source From = SubmissionInfo::Source::None;
    const clang::CXXRecordDecl *Executor = nullptr;
    /// Submits by a name only: the object it hands the callable to.
    const clang::CXXRecordDecl *Object = nullptr;
    /// Kept as a handler the class runs on its worker threads.
    bool Handlers = false;
    /// When unknown: the first function with no body here the parameter is
    /// handed to, and as which of its parameters.
    const clang::FunctionDecl *External = nullptr;
    unsigned ExternalParam = 0;
  };
  ParamUse paramUse(const clang::FunctionDecl *F, unsigned Index);
  ParamUse analyzeParam(const clang::FunctionDecl *F, unsigned Index);


  /// True if \p F runs what it derives from \p Seed (a parameter of \p F
  /// or a field of its class): calls an element, directly or through a
  /// helper it hands it to; memoized.
  bool runsDerived(const clang::FunctionDecl *F, const clang::ValueDecl *Seed,
                   unsigned Depth);

  /// True if a member of \p Class runs the callables its field \p Field
  /// holds, reached from code the class runs on other threads (a task it
  /// submits, a thread it starts): a route table of a server. \p Executor
  /// receives the pool, when known; memoized per field.
  bool runsOnWorkers(const clang::CXXRecordDecl *Class, llvm::StringRef Field,
                     const clang::CXXRecordDecl *&Executor);

  /// The parameters of \p F that an Asio initiating function hands to
  /// `async_initiate` as its completion token; memoized.
  llvm::ArrayRef<unsigned> completionTokens(const clang::FunctionDecl *F);

  const AsyncApiCatalog &Catalog;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<unsigned, 1>>
      Tokens;
  llvm::DenseMap<const clang::CallExpr *, SubmissionInfo> Calls;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, const clang::ValueDecl *>,
                 bool>
      Runs;
  llvm::DenseMap<const clang::FieldDecl *,
                 std::pair<bool, const clang::CXXRecordDecl *>>
      WorkerFields;
  llvm::DenseMap<const clang::CXXRecordDecl *, ExecutorShape> Shapes;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, ParamUse>
      Params;
};

/// True if \p Type is a thread object type (std::thread, std::jthread,
/// boost::thread, QThread, pthread_t), or holds one (a container, array,
/// pointer or smart pointer of them, or a class with a thread member).
bool holdsThreads(clang::QualType Type);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_EXECUTORINFERENCE_H
