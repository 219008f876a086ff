//===--- BlockingWaitInCoroutineCheck.h - asynclint -----------------------===//

#ifndef ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H
#define ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H

#include "async/BlockingCheck.h"

namespace asynclint::async {

/// Finds coroutines that block their thread in a synchronous wait instead of
/// suspending with co_await.
///
/// For the user-facing documentation see
/// docs/checks/async-blocking-wait-in-coroutine.md
class BlockingWaitInCoroutineCheck : public BlockingCheck {
public:
  BlockingWaitInCoroutineCheck(llvm::StringRef Name,
                               clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  bool groupsCoroutines() const override { return true; }
};

} // namespace asynclint::async

#endif // ASYNCLINT_ASYNC_BLOCKINGWAITINCOROUTINECHECK_H
