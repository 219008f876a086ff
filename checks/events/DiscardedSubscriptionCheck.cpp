//===--- DiscardedSubscriptionCheck.cpp - asynclint -----------------------===//

#include "events/DiscardedSubscriptionCheck.h"

#include "model/EventsFacts.h"
#include "model/HandlerCaptures.h"
#include "model/UndoPairing.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::events {

/// The fix, as a note on the registration.
static constexpr llvm::StringLiteral KeepHandle =
    "keep the returned handle (in a member, or an RAII handle type) and "
    "unregister with it before the handler's state is destroyed";

DiscardedSubscriptionCheck::DiscardedSubscriptionCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options), Classes(Catalog, Inferred) {}

void DiscardedSubscriptionCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
}

void DiscardedSubscriptionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              model::mayBeEventCall(&Catalog))
                         .bind("call"),
                     this);
}

/// True if \p Undo is given `this` (`bus.unsubscribe_all(this)`), undoing
/// every registration of the object without its handles.
static bool undoesByOwner(const CallExpr *Undo) {
  for (const Expr *Arg : Undo->arguments()) {
    Arg = Arg->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(Arg);
        Deref && Deref->getOpcode() == UO_Deref)
      Arg = Deref->getSubExpr()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Arg))
      return true;
  }
  return false;
}

void DiscardedSubscriptionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  model::Registration R;
  if (!Catalog.registration(Call, R, &Inferred) || R.SelfUnregistering ||
      !R.ReturnsHandle || R.ReturnsRaiiHandle || R.TakesContext)
    return;
  model::HandlerHolds Holds;
  for (const Expr *Handler : R.Handlers)
    model::collectHandlerHolds(Handler, Holds);
  // Handlers holding locals are events-local-capture-escapes' finding.
  if (!Holds.Locals.empty() || !Holds.holdsDyingState())
    return;
  // Only now: classifying the use builds the whole TU's parent map.
  if (model::classifyResult(Call, *Result.Context).K !=
      model::ResultUse::Discarded)
    return;

  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(
      model::enclosingFunction(Call, *Result.Context));
  const CXXRecordDecl *Class =
      Method && !Method->isStatic() ? Method->getParent() : nullptr;
  if (Holds.holdsThis()) {
    // The source sees the object itself (a listener, user data, an EnTT
    // instance): it can be undone by object without the handle, so a missing
    // undo is events-unmatched-registration's finding.
    if (Holds.ThisIsArgument)
      return;
    if (R.Source && (Lifetimes.diesWithObject(R.Source) ||
                     Lifetimes.diesWithFunction(R.Source, Method) ||
                     Lifetimes.isCreator(R.Source, Method)))
      return;
    if (Class) {
      if (Lifetimes.isImmortal(Class))
        return;
      if (Holds.Lambdas.empty() && Catalog.isTrackable(Class))
        return;
      for (const CallExpr *Undo : Classes.get(Class).UndoCalls)
        if ((undoesByOwner(Undo) || model::undoesAll(R, Undo)) &&
            R.Undo.matchesAny(model::callNames(Undo)))
          return;
    }
  }

  const SourceManager &SM = *Result.SourceManager;
  SourceLocation Loc = model::diagnosticLocation(Call, SM);
  const FunctionDecl *Callee =
      model::diagnosticCallee(Call->getDirectCallee());
  if (Holds.holdsThis()) {
    // Whether the source created the object, or the object is never
    // destroyed, only the whole program can tell.
    model::DeferredFinding Deferred;
    // Registrations in headers stay with clang-tidy's header filter.
    if (model::FactsRecorder *Facts = model::FactsRecorder::get();
        Facts && Class && SM.isWrittenInMainFile(SM.getExpansionLoc(Loc)) &&
        Lifetimes.undecidedHere(R.Source, Method, Deferred)) {
      model::Finding &F = Deferred.Report;
      F.Check = std::string(getID());
      F.Message = "handle returned by '" + Callee->getName().str() +
                  "' is discarded, so the handler that uses 'this' can never "
                  "be unregistered";
      F.Location = model::findingLocation(SM, Loc);
      F.Notes.push_back({"'" + Class->getName().str() +
                             "' may be destroyed while the handler is still "
                             "registered",
                         model::findingLocation(SM, Class->getLocation())});
      if (auto Note = model::sourceNote(R, Class, SM, getLangOpts()))
        F.Notes.push_back(
            {Note->first, model::findingLocation(SM, Note->second)});
      F.Notes.push_back({KeepHandle.str(), F.Location});
      Facts->add("events", toJSON(Deferred));
      return;
    }
    diag(Loc, "handle returned by %0 is discarded, so the handler that uses "
              "'this' can never be unregistered")
        << Callee;
    if (Class)
      diag(Class->getLocation(),
           "%0 may be destroyed while the handler is still registered",
           DiagnosticIDs::Note)
          << Class;
    if (Class)
      if (auto Note = model::sourceNote(R, Class, SM, getLangOpts()))
        diag(Note->second, Note->first, DiagnosticIDs::Note);
    diag(Loc, KeepHandle, DiagnosticIDs::Note);
    return;
  }
  const VarDecl *Referent = Holds.References.front();
  diag(Loc, "handle returned by %0 is discarded, so the handler that refers "
            "to %1 can never be unregistered")
      << Callee << Referent;
  diag(Referent->getLocation(),
       "%0 may be destroyed while the handler is still registered",
       DiagnosticIDs::Note)
      << Referent;
  diag(Loc, KeepHandle, DiagnosticIDs::Note);
}

} // namespace asynclint::events
