//===--- BlockingCheck.cpp - what the async checks share -------------------===//

#include "async/BlockingCheck.h"

#include "model/Facts.h"
#include "model/OptionList.h"
#include "utils/DeclNames.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::async {

BlockingCheck::BlockingCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options),
      MaxChainNotes(Options.get("MaxChainNotes", 8U)),
      GroupByBlockingCall(model::parseBoolOption(
          Options.getLocalOrGlobal("GroupByBlockingCall", "true"))) {}

void BlockingCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
  Options.store(Opts, "MaxChainNotes", MaxChainNotes);
  Options.store(Opts, "GroupByBlockingCall",
                GroupByBlockingCall ? "true" : "false");
}

void BlockingCheck::onStartOfTranslationUnit() {
  Summary = std::make_unique<model::BlockingSummary>(Catalog);
  Facts.reset();
  if (model::FactsRecorder::get()) {
    Facts = std::make_unique<BlockingFacts>(*Summary);
    Facts->recordGrouping(getID(), GroupByBlockingCall);
  }
  Reported.clear();
  Groups.clear();
  GroupOf.clear();
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

bool BlockingCheck::deferToGroup(const CallExpr *Call,
                                 llvm::ArrayRef<model::BlockingFrame> Chain,
                                 const SourceManager &SM,
                                 llvm::unique_function<void()> ReportAlone) {
  if (!GroupByBlockingCall || Chain.empty())
    return false;
  GroupSM = &SM;
  const model::BlockingFrame &Wait = Chain.back();
  unsigned Key = SM.getSpellingLoc(Wait.Call->getExprLoc()).getRawEncoding();
  auto [It, Inserted] = GroupOf.try_emplace(Key, Groups.size());
  if (Inserted)
    Groups.push_back({Wait, {}, {}, std::move(ReportAlone)});
  Group &G = Groups[It->second];
  // A call written once in a template or a macro is one site.
  if (G.SiteLocs.insert(SM.getSpellingLoc(Call->getExprLoc()).getRawEncoding())
          .second)
    G.Sites.push_back(Call);
  return true;
}

void BlockingCheck::onEndOfTranslationUnit() {
  const size_t Listed = groupedSitesListed();
  for (Group &G : Groups) {
    if (G.Sites.size() == 1) {
      G.ReportAlone();
      continue;
    }
    if (!firstReport(G.Wait.Call, *GroupSM))
      continue;
    diag(G.Wait.Call->getExprLoc(),
         groupedWaitMessage(groupsCoroutines(),
                            utils::displayName(G.Wait.Function),
                            utils::calleeDisplayName(G.Wait.Call)));
    for (size_t I = 0; I < G.Sites.size() && I < Listed; ++I)
      diag(G.Sites[I]->getExprLoc(), groupedSiteNote(groupsCoroutines()),
           DiagnosticIDs::Note);
    if (G.Sites.size() > Listed)
      diag(G.Sites[Listed]->getExprLoc(),
           groupedMoreNote(static_cast<unsigned>(G.Sites.size() - Listed)),
           DiagnosticIDs::Note);
  }
  Groups.clear();
  GroupOf.clear();
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
