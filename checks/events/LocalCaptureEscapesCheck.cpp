//===--- LocalCaptureEscapesCheck.cpp - asynclint -------------------------===//

#include "events/LocalCaptureEscapesCheck.h"

#include "model/HandlerCaptures.h"
#include "utils/ExprUtils.h"

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
/// Finds, after a registration in the function body, what ends it before
/// the function returns: an undo of the pair, a wait for the event (a nested
/// event loop, a blocking wait), or the destruction of the source (`delete`,
/// a release function) when the source is a local of the function.
class EndedBeforeReturn : public RecursiveASTVisitor<EndedBeforeReturn> {
public:
  EndedBeforeReturn(const model::Registration &R,
                    const model::EventApiCatalog &Catalog,
                    const SourceManager &SM)
      : R(R), Catalog(Catalog), SM(SM),
        SourceVar(R.Source ? utils::rootVar(R.Source) : nullptr) {}
  bool Found = false;

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    ++InLambda;
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    --InLambda;
    return Result;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (Call == R.Call || !after(Call))
      return true;
    if (R.Undo.matchesAny(model::callNames(Call)))
      Found = true;
    // A wait or a release inside a handler runs later, not here.
    else if (InLambda == 0 && Catalog.isWait(Call))
      Found = true;
    else if (InLambda == 0 && SourceVar && Catalog.isRelease(Call) &&
             releasesSource(Call))
      Found = true;
    return !Found;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    if (InLambda == 0 && SourceVar && after(Delete) &&
        utils::rootVar(Delete->getArgument()) == SourceVar)
      Found = true;
    return !Found;
  }

private:
  bool after(const Stmt *S) const {
    return SM.isBeforeInTranslationUnit(R.Call->getBeginLoc(),
                                        S->getBeginLoc());
  }
  bool releasesSource(const CallExpr *Call) const {
    if (const Expr *Object = utils::memberCallBase(Call))
      if (utils::rootVar(Object) == SourceVar)
        return true;
    return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
      return utils::rootVar(Arg) == SourceVar;
    });
  }

  const model::Registration &R;
  const model::EventApiCatalog &Catalog;
  const SourceManager &SM;
  const VarDecl *SourceVar;
  unsigned InLambda = 0;
};
} // namespace

void LocalCaptureEscapesCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  model::Registration R;
  if (!Catalog.registration(Call, R, &Inferred) ||
      (R.SelfUnregistering && R.Guards.empty()))
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
  // So does a context or tracked object local to the function; one that
  // outlives it (`this`, a member) removes the handler too late.
  const Expr *Guard = nullptr;
  if (!R.Guards.empty()) {
    if (llvm::any_of(R.Guards, [&](const Expr *G) {
          return Lifetimes.diesWithFunction(G, Owner);
        }))
      return;
    Guard = R.Guards.front();
  }

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
    EndedBeforeReturn Finder(R, Catalog, *Result.SourceManager);
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
  if (Guard)
    diag(Guard->getExprLoc(),
         "the handler is removed when this object is destroyed, which is "
         "after %0 is",
         DiagnosticIDs::Note)
        << Local;
}

} // namespace asynclint::events
