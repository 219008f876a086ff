//===--- BlockingWaitInCoroutineCheck.h - asynclint -----------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H
#define ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H

#include "async/BlockingFacts.h"
#include "model/AsyncApis.h"
#include "model/BlockingSummary.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

namespace asynclint::async {

/// Finds coroutines that block their thread in a synchronous wait instead of
/// suspending with co_await.
///
/// For the user-facing documentation see
/// docs/checks/async-blocking-wait-in-coroutine.md
class BlockingWaitInCoroutineCheck : public clang::tidy::ClangTidyCheck {
public:
  BlockingWaitInCoroutineCheck(llvm::StringRef Name,
                               clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  const model::AsyncApiCatalog Catalog;
  const unsigned MaxChainNotes;
  std::unique_ptr<model::BlockingSummary> Summary;
  std::unique_ptr<BlockingFacts> Facts; ///< in a codebase run only
  llvm::DenseSet<unsigned> Reported; ///< body calls already diagnosed
};

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H
