//===--- BlockingWaitInPoolCheck.h - asynclint ----------------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H
#define ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H

#include "async/BlockingCheck.h"

#include "llvm/ADT/DenseMap.h"

namespace asynclint::async {

/// Finds tasks running on a thread-pool or executor worker that block the
/// worker waiting for other work (sync-over-async).
///
/// For the user-facing documentation see
/// docs/checks/async-blocking-wait-in-pool.md
class BlockingWaitInPoolCheck : public BlockingCheck {
public:
  BlockingWaitInPoolCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    BlockingCheck::onStartOfTranslationUnit();
    SubmittingConstructors.clear();
  }

private:
  bool groupsCoroutines() const override { return false; }
  /// Reports a task body call through which the worker blocks: a wait for
  /// the same pool at once, any other wait through deferToGroup.
  void report(const clang::CallExpr *Submission, const clang::CallExpr *Call,
              llvm::ArrayRef<model::BlockingFrame> Chain,
              const clang::Stmt *TaskBody, const clang::SourceManager &SM);
  /// Reports, or defers to its group, a task call that blocks its worker;
  /// \p Submission is null for a task object's construction.
  void reportOrGroup(const clang::CallExpr *Submission,
                     clang::SourceLocation SubmittedAt,
                     const clang::CallExpr *Call,
                     llvm::ArrayRef<model::BlockingFrame> Chain,
                     const clang::SourceManager &SM);
  /// The warning for one task call that blocks its worker.
  void reportBlocking(const clang::CallExpr *Submission,
                      clang::SourceLocation SubmittedAt,
                      const clang::CallExpr *Call,
                      llvm::ArrayRef<model::BlockingFrame> Chain,
                      const clang::SourceManager &SM);
  /// A task object constructed from a callable its constructor schedules
  /// (`pplx::task<int> t([] { ... })`): its body is a task.
  void checkConstruction(const clang::CXXConstructExpr *Construct,
                         const clang::SourceManager &SM);
  /// In a codebase run, records the callables \p Call passes to a function
  /// implemented in another TU, in case that TU shows it is a submission.
  void recordCandidateRoots(const clang::CallExpr *Call);

  /// True when async-blocking-wait-in-coroutine runs too: a coroutine task
  /// is then left to it.
  const bool CoroutineCheckOwnsCoroutines;
  /// Constructors seen, and whether the catalog makes them submissions.
  llvm::DenseMap<const clang::CXXConstructorDecl *, bool> SubmittingConstructors;
};

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H
