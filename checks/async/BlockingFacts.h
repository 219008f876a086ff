//===--- BlockingFacts.h - async facts for whole-program runs --------------===//
//
// In a codebase run, a pool task in a.cpp may call a helper defined in b.cpp
// that blocks, or that calls another TU's function that does. Each TU records
// (family "async", each record an array, a call an array
// [callee key, callee name, location]):
//
//   ["b", key, name, frames]  a function defined here, callable from other
//        TUs, that blocks: its frames [function, callee, location] down to
//        the blocking call;
//   ["o", key, name, calls]   a function that does not block here but calls
//        functions defined elsewhere ("open"): those calls, in source order;
//   ["t", check, calls, submitted-at or null, coroutine name, executor]  a
//        task body or coroutine body: the calls in it that may block in
//        another TU (executor: the class inferred to run it, or "");
//   ["s", key, param, class]  a function defined here that hands its
//        parameter `param` to the executor `class` (inferred from its code);
//        also recorded under the keys of the virtual methods it overrides;
//   ["u", check, key, param, blocking, calls, submitted-at]  a callable
//        passed as parameter `param` to a function with no body here: a task
//        if another TU's "s" record says so. `blocking` are the calls of its
//        body that block in this TU, each [location, callee name, frames];
//   ["g", check, grouped]  the check's GroupByBlockingCall in this TU;
//   ["n", check, class, blocking, submitted-at]  a task handed to an object
//        of `class` that only a name says is a pool (`blocking` as in "u");
//        a "t" record may end with such a class too;
//   ["x", class]  a class defined here that keeps every callable it takes
//        or runs each on a thread of its own: "n" and "t" records naming
//        it are not tasks on a pool.
//
// The merger (BlockingFacts.cpp) resolves the calls of every "t" record
// through the "o" records to a "b" record, and reports what no TU saw alone,
// with the chain across files in `frame #N` notes. Function keys are the
// qualified name and canonical type, plus the file for internal linkage, so
// a declaration in one TU and the definition in another agree.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGFACTS_H
#define ASYNCLINT_ASYNC_BLOCKINGFACTS_H

#include "model/BlockingSummary.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace asynclint::async {

class BlockingFacts {
public:
  explicit BlockingFacts(model::BlockingSummary &Summary) : Summary(Summary) {}

  /// Records the task body \p Body submitted at \p Submission for
  /// \p CheckName, or the coroutine \p Coroutine's body when \p Submission
  /// is null.
  void recordRoot(llvm::StringRef CheckName, const clang::Stmt *Body,
                  const clang::CallExpr *Submission,
                  const clang::FunctionDecl *Coroutine);

  /// Records \p F, a function defined in the main file, for callers in
  /// other TUs.
  void recordDefinition(const clang::FunctionDecl *F);

  /// Records a callable \p Body passed at \p Call that reaches parameter
  /// \p Param of \p Sink, a function with no body here: a task if another
  /// TU shows \p Sink submits that parameter.
  void recordCandidateRoot(llvm::StringRef CheckName, const clang::Stmt *Body,
                           const clang::CallExpr *Call,
                           const clang::FunctionDecl *Sink, unsigned Param);

  /// A blocking call of a task body and its frames down to the wait.
  struct BlockingCall {
    const clang::CallExpr *Call;
    llvm::SmallVector<model::BlockingFrame, 8> Chain;
  };
  /// Records the blocking calls of a task handed at \p Submission to an
  /// object of class \p Object known as a pool by a name only: reported
  /// by the merge unless another TU shows \p Object is not a pool.
  void recordNamedRoot(llvm::StringRef CheckName,
                       const clang::CallExpr *Submission,
                       const clang::CXXRecordDecl *Object,
                       llvm::ArrayRef<BlockingCall> Blocking);

  /// Records whether \p CheckName groups the roots that reach one wait.
  void recordGrouping(llvm::StringRef CheckName, bool Grouped);

private:
  struct Edge {
    std::string Key;
    std::string Name;
    clang::SourceLocation Loc;
  };
  /// The calls of \p F's body that may block in another TU; memoized.
  const std::vector<Edge> &openCalls(const clang::FunctionDecl *F);
  /// The calls of \p Body that may block in another TU.
  std::vector<Edge> openCallsIn(const clang::Stmt *Body);
  llvm::json::Array edgesJson(const std::vector<Edge> &Edges,
                              const clang::SourceManager &SM) const;

  model::BlockingSummary &Summary;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<Edge>> Open;
};

/// The whole-program key of \p F (see the file comment).
std::string functionKey(const clang::FunctionDecl *F);

/// The texts of a grouped report (GroupByBlockingCall), shared by the checks
/// and the merge. \p Coroutines: the roots are coroutines, not pool tasks.
/// The warning at the wait \p Callee in \p Function (names as
/// utils::displayName() spells them):
std::string groupedWaitMessage(bool Coroutines, llvm::StringRef Function,
                               llvm::StringRef Callee);
/// The note at each of the first groupedSitesListed() root calls:
llvm::StringRef groupedSiteNote(bool Coroutines);
/// The note at the next root call, counting the \p More not listed:
std::string groupedMoreNote(unsigned More);
constexpr size_t groupedSitesListed() { return 3; }

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGFACTS_H
