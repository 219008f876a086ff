//===--- BlockingWaitInPoolCheck.h - asynclint ----------------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H
#define ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H

#include "async/BlockingFacts.h"
#include "model/AsyncApis.h"
#include "model/BlockingSummary.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

namespace asynclint::async {

/// Finds tasks running on a thread-pool or executor worker that block the
/// worker waiting for other work (sync-over-async).
///
/// For the user-facing documentation see
/// docs/checks/async-blocking-wait-in-pool.md
class BlockingWaitInPoolCheck : public clang::tidy::ClangTidyCheck {
public:
  BlockingWaitInPoolCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  /// Reports a task body call through which the worker blocks.
  void report(const clang::CallExpr *Submission, const clang::CallExpr *Call,
              llvm::ArrayRef<model::BlockingFrame> Chain,
              const clang::Stmt *TaskBody);

  const model::AsyncApiCatalog Catalog;
  const unsigned MaxChainNotes;
  std::unique_ptr<model::BlockingSummary> Summary;
  std::unique_ptr<BlockingFacts> Facts; ///< in a codebase run only
  const clang::SourceManager *SM = nullptr;
  llvm::DenseSet<unsigned> Reported; ///< body calls already diagnosed
};

/// In a codebase run, matches the function definitions of the main file as
/// "definition" for BlockingFacts::recordDefinition.
void registerDefinitionMatcher(
    clang::ast_matchers::MatchFinder *Finder,
    clang::ast_matchers::MatchFinder::MatchCallback *Check);

/// The key of a reported call: its spelling location, so that a wait
/// written once in a template or a macro body is reported once.
unsigned reportKey(const clang::CallExpr *Call, const clang::SourceManager &SM);

/// The callee's name without template arguments (`sleep_for`, not
/// `sleep_for<long, std::ratio<1, 1000>>`).
clang::DeclarationName calleeName(const clang::CallExpr *Call);

/// Adds a note explaining why a discarded `std::async(...)` result blocks,
/// when that is the wait at the end of \p Chain (or \p Call itself).
void addDiscardedAsyncNote(clang::tidy::ClangTidyCheck &Check,
                           const model::BlockingSummary &Summary,
                           const clang::CallExpr *Call,
                           llvm::ArrayRef<model::BlockingFrame> Chain);

/// Adds the `frame #N` notes of \p Chain, at most \p MaxNotes of them.
void addChainNotes(clang::tidy::ClangTidyCheck &Check,
                   llvm::ArrayRef<model::BlockingFrame> Chain,
                   unsigned MaxNotes);

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGWAITINPOOLCHECK_H
