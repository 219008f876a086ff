//===--- BlockingSummary.h - which functions block, and through what ------===//
//
// Per translation unit, a memoized answer to "does calling function F block
// the calling thread, and through which chain of calls": F blocks if its body
// calls a blocking API (AsyncApis) or a function, defined in the TU, that
// blocks. Followed: direct calls to free functions, members, statics,
// template instantiations (through the instantiated bodies) and lambdas that
// are called (through their operator()). Not followed: virtual and indirect
// calls (the target is unknown), functions defined in system headers,
// submissions (their tasks run elsewhere), lambdas that are only created and
// coroutines (calling one does not run its body; it is a root of its own).
// ASYNCLINT_NONBLOCKING on a function cuts every chain through it. Recursion
// is handled: a function still being summarized counts as not blocking.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_BLOCKINGSUMMARY_H
#define ASYNCLINT_MODEL_BLOCKINGSUMMARY_H

#include "model/AsyncApis.h"
#include "model/ExecutorInference.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

/// One step of a blocking chain: \c Function blocks in \c Call.
struct BlockingFrame {
  const clang::FunctionDecl *Function;
  const clang::CallExpr *Call;
};

/// The calls written in \p Body, in source order; lambdas created there are
/// not entered (a lambda that is called is reached through its operator()).
llvm::SmallVector<const clang::CallExpr *, 8>
callsInBody(const clang::Stmt *Body);

/// The body a function's calls are read from: its definition's body, or for
/// a coroutine the body the user wrote; null when it has none here.
const clang::Stmt *userBody(const clang::FunctionDecl *F);


class BlockingSummary {
public:
  explicit BlockingSummary(const AsyncApiCatalog &Catalog)
      : Catalog(Catalog), Submissions(Catalog) {}

  /// True if \p Call blocks, directly or through the functions it calls.
  /// Then \p Chain receives the frames below \p Call: for `helper()` that
  /// calls `fetch()` that calls `f.get()`, {helper: fetch(), fetch: f.get()};
  /// empty when \p Call itself is the blocking API.
  bool callBlocks(const clang::CallExpr *Call,
                  llvm::SmallVectorImpl<BlockingFrame> &Chain);

  /// True if calling \p F blocks; then \p Chain receives the frames from
  /// \p F down to the blocking API.
  bool functionBlocks(const clang::FunctionDecl *F,
                      llvm::SmallVectorImpl<BlockingFrame> &Chain);

  /// The calls written in \p Body, like callsInBody, noting on the way the
  /// `std::async(...);` statements whose discarded future blocks.
  llvm::SmallVector<const clang::CallExpr *, 8> callsIn(const clang::Stmt *Body);

  /// True if \p Call itself blocks: a blocking API, or a discarded
  /// std::async result (seen by callsIn).
  bool blocksHere(const clang::CallExpr *Call) const;

  /// True if \p Call is a `std::async(...);` statement seen by callsIn.
  bool isDiscardedAsync(const clang::CallExpr *Call) const {
    return DiscardedAsync.contains(Call);
  }

  /// The callee a summary follows for \p Call: its definition in this TU,
  /// or null (indirect, virtual, system header, no body).
  static const clang::FunctionDecl *followedCallee(const clang::CallExpr *Call);

  /// The callee of \p Call when it is defined in another translation unit
  /// (declared here outside system headers, no body here, not virtual),
  /// or null. A whole-program run follows these.
  static const clang::FunctionDecl *externalCallee(const clang::CallExpr *Call);

  const AsyncApiCatalog &catalog() const { return Catalog; }
  /// Which calls hand work to a pool, from the catalog and from the code.
  SubmissionModel &submissions() { return Submissions; }

private:
  enum class State { InProgress, Blocks, Clean };
  struct Entry {
    State S = State::InProgress;
    const clang::CallExpr *Via = nullptr; ///< the first blocking call in F
  };
  /// Summarizes \p F; returns its entry's state.
  State summarize(const clang::FunctionDecl *F);

  const AsyncApiCatalog &Catalog;
  SubmissionModel Submissions;
  llvm::DenseMap<const clang::FunctionDecl *, Entry> Summaries;
  llvm::DenseSet<const clang::CallExpr *> DiscardedAsync;
  /// `get()`s in the branch of an `if` that polled their object ready.
  llvm::DenseSet<const clang::CallExpr *> ReadyAfterPoll;
};

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_BLOCKINGSUMMARY_H
