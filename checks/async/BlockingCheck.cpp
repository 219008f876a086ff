//===--- BlockingCheck.cpp - what the async checks share -------------------===//

#include "async/BlockingCheck.h"

#include "model/Facts.h"
#include "utils/DeclNames.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::async {

BlockingCheck::BlockingCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options),
      MaxChainNotes(Options.get("MaxChainNotes", 8U)) {}

void BlockingCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
  Options.store(Opts, "MaxChainNotes", MaxChainNotes);
}

void BlockingCheck::onStartOfTranslationUnit() {
  Summary = std::make_unique<model::BlockingSummary>(Catalog);
  Facts.reset();
  if (model::FactsRecorder::get())
    Facts = std::make_unique<BlockingFacts>(*Summary);
  Reported.clear();
}

void BlockingCheck::registerDefinitionMatcher(MatchFinder *Finder) {
  if (model::FactsRecorder::get())
    Finder->addMatcher(functionDecl(isDefinition(), isExpansionInMainFile())
                           .bind("definition"),
                       this);
}

bool BlockingCheck::recordDefinition(const MatchFinder::MatchResult &Result) {
  const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("definition");
  if (!F)
    return false;
  if (Facts)
    Facts->recordDefinition(F);
  return true;
}

bool BlockingCheck::firstReport(const CallExpr *Call, const SourceManager &SM) {
  return Reported.insert(SM.getSpellingLoc(Call->getExprLoc()).getRawEncoding())
      .second;
}

void BlockingCheck::addChainNotes(const CallExpr *Call,
                                  llvm::ArrayRef<model::BlockingFrame> Chain) {
  // Caller first, in the order the worker runs them; the last frame is the
  // wait itself. When the chain is longer than MaxChainNotes, the middle
  // frames are left out: the first calls and the wait are what a reader
  // acts on.
  const size_t Size = Chain.size();
  for (size_t I = 0; I < Size; ++I) {
    bool Last = I + 1 == Size;
    if (MaxChainNotes == 0 || (!Last && I + 1 >= MaxChainNotes))
      continue;
    const model::BlockingFrame &F = Chain[I];
    diag(F.Call->getExprLoc(),
         Last ? "frame #%0: %1 waits on %2 here" : "frame #%0: %1 calls %2 here",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(I) << utils::displayName(F.Function)
        << utils::calleeDisplayName(F.Call);
  }
  const CallExpr *Wait = Chain.empty() ? Call : Chain.back().Call;
  if (Summary->isDiscardedAsync(Wait))
    diag(Wait->getExprLoc(),
         "the std::future returned by 'std::async' is discarded; its "
         "destructor waits for the task to finish",
         DiagnosticIDs::Note);
}

} // namespace asynclint::async
