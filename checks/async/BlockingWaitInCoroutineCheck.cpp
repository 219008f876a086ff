//===--- BlockingWaitInCoroutineCheck.cpp - asynclint ---------------------===//

#include "async/BlockingWaitInCoroutineCheck.h"

#include "async/BlockingWaitInPoolCheck.h"
#include "model/Facts.h"

#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::async {

BlockingWaitInCoroutineCheck::BlockingWaitInCoroutineCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options),
      MaxChainNotes(Options.get("MaxChainNotes", 8U)) {}

void BlockingWaitInCoroutineCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
  Options.store(Opts, "MaxChainNotes", MaxChainNotes);
}

void BlockingWaitInCoroutineCheck::onStartOfTranslationUnit() {
  Summary = std::make_unique<model::BlockingSummary>(Catalog);
  Facts.reset();
  if (model::FactsRecorder::get())
    Facts = std::make_unique<BlockingFacts>(*Summary);
  Reported.clear();
}

void BlockingWaitInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), has(coroutineBodyStmt()),
                   unless(isExpansionInSystemHeader()))
          .bind("coroutine"),
      this);
  registerDefinitionMatcher(Finder, this);
}

void BlockingWaitInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  if (!Summary)
    onStartOfTranslationUnit();
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("definition")) {
    if (Facts)
      Facts->recordDefinition(F);
    return;
  }
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  for (const CallExpr *Call : Summary->callsIn(model::userBody(Coroutine))) {
    if (!Summary->callBlocks(Call, Chain))
      continue;
    if (!Reported.insert(reportKey(Call, *Result.SourceManager)).second)
      continue;
    diag(Call->getExprLoc(),
         "coroutine %0 blocks its thread in call to %1; use co_await instead")
        << Coroutine << calleeName(Call);
    addChainNotes(*this, Chain, MaxChainNotes);
    addDiscardedAsyncNote(*this, *Summary, Call, Chain);
  }
  if (Facts)
    Facts->recordRoot(getID(), model::userBody(Coroutine), nullptr, Coroutine);
}

} // namespace asynclint::async
