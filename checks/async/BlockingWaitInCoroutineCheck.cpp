//===--- BlockingWaitInCoroutineCheck.cpp - asynclint ---------------------===//

#include "async/BlockingWaitInCoroutineCheck.h"

#include "utils/DeclNames.h"

#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace {
/// A function whose body is a coroutine body: one look at the body, where
/// `has(coroutineBodyStmt())` visits every child of every function.
AST_MATCHER(FunctionDecl, isCoroutine) {
  return isa_and_nonnull<CoroutineBodyStmt>(Node.getBody());
}
} // namespace

namespace asynclint::async {

BlockingWaitInCoroutineCheck::BlockingWaitInCoroutineCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : BlockingCheck(Name, Context) {}

void BlockingWaitInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), isCoroutine(),
                   unless(isExpansionInSystemHeader()))
          .bind("coroutine"),
      this);
  registerDefinitionMatcher(Finder);
}

void BlockingWaitInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  if (recordDefinition(Result))
    return;
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  for (const CallExpr *Call : Summary->callsIn(model::userBody(Coroutine))) {
    // A coroutine that runs a callable it was given (a library's bridge
    // `co_return f(args...)`): what the callable does is the caller's code,
    // reported where the callable is written (as a task, when it is one).
    if (const ParmVarDecl *Param = model::SubmissionModel::invokedParam(Call);
        Param && cast<FunctionDecl>(Param->getDeclContext())
                         ->getCanonicalDecl() == Coroutine->getCanonicalDecl())
      continue;
    if (!Summary->callBlocks(Call, Chain))
      continue;
    const SourceManager &SM = *Result.SourceManager;
    llvm::SmallVector<model::BlockingFrame, 8> Frames(Chain.begin(),
                                                      Chain.end());
    auto Alone = [this, Coroutine, Call, Frames, &SM] {
      if (!firstReport(Call, SM))
        return;
      diag(Call->getExprLoc(), "coroutine %0 blocks its thread in call to "
                               "%1; use co_await instead")
          << utils::displayName(Coroutine) << utils::calleeDisplayName(Call);
      addChainNotes(Call, Frames);
    };
    if (!deferToGroup(Call, Chain, SM, Alone))
      Alone();
  }
  if (Facts)
    Facts->recordRoot(getID(), model::userBody(Coroutine), nullptr, Coroutine);
}

} // namespace asynclint::async
