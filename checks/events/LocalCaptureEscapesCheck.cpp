//===--- LocalCaptureEscapesCheck.cpp - asynclint -------------------------===//

#include "events/LocalCaptureEscapesCheck.h"

#include "model/HandlerCaptures.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::events {

LocalCaptureEscapesCheck::LocalCaptureEscapesCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options) {}

void LocalCaptureEscapesCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
}

void LocalCaptureEscapesCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              model::mayBeEventCall(&Catalog))
                         .bind("call"),
                     this);
}

namespace {
/// Finds an undo of a registration after it, in the function body.
class UndoAfter : public RecursiveASTVisitor<UndoAfter> {
public:
  UndoAfter(const model::Registration &R, const SourceManager &SM)
      : R(R), SM(SM) {}
  bool Found = false;
  bool VisitCallExpr(CallExpr *Call) {
    if (Call != R.Call &&
        SM.isBeforeInTranslationUnit(R.Call->getBeginLoc(),
                                     Call->getBeginLoc()) &&
        R.Undo.matchesAny(model::callNames(Call)))
      Found = true;
    return !Found;
  }

private:
  const model::Registration &R;
  const SourceManager &SM;
};
} // namespace

void LocalCaptureEscapesCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  model::Registration R;
  if (!Catalog.registration(Call, R, &Inferred) || R.SelfUnregistering)
    return;
  model::HandlerHolds Holds;
  for (const Expr *Handler : R.Handlers)
    model::collectHandlerHolds(Handler, Holds);
  if (Holds.Locals.empty())
    return;
  // A handler bound to trackable objects themselves (sigc::trackable and
  // the like, not a lambda capturing them) is removed when they die.
  if (Holds.Lambdas.empty() &&
      llvm::all_of(Holds.Locals, [&](const VarDecl *Var) {
        return Catalog.isTrackable(
            Var->getType().getNonReferenceType()->getAsCXXRecordDecl());
      }))
    return;
  const VarDecl *Local = Holds.Locals.front();
  const auto *Owner = dyn_cast_or_null<FunctionDecl>(
      Local->getParentFunctionOrMethod());
  // A source that is itself a local of the function dies with it.
  if (R.Source && Lifetimes.diesWithFunction(R.Source, Owner))
    return;

  model::ResultUse Use = model::classifyResult(Call, *Result.Context);
  if (R.ReturnsRaiiHandle &&
      (Use.K == model::ResultUse::Discarded ||
       Use.K == model::ResultUse::DiscardedOnPurpose ||
       Use.K == model::ResultUse::StoredInLocal))
    return; // undone at once, or when the handle's scope ends
  if (Use.K == model::ResultUse::StoredInLocal &&
      Catalog.isRaiiHandleType(Use.Local->getType(), &Inferred))
    return;

  if (const Stmt *Body = Owner ? Owner->getBody() : nullptr) {
    UndoAfter Finder(R, *Result.SourceManager);
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
    if (Finder.Found)
      return;
  }

  diag(model::diagnosticLocation(Call, *Result.SourceManager),
       "handler registered with %0 refers to local variable %1 and stays "
       "registered after the function returns")
      << model::diagnosticCallee(Call->getDirectCallee()) << Local;
  diag(Local->getLocation(), "%0 is destroyed when the function returns",
       DiagnosticIDs::Note)
      << Local;
}

} // namespace asynclint::events
