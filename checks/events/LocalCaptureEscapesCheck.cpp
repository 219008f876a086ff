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
  /// Looks after \p From: the registration itself, or a call of the
  /// function that registers.
  EndedBeforeReturn(const model::Registration &R, const Stmt *From,
                    const model::EventApiCatalog &Catalog,
                    const SourceManager &SM)
      : R(R), From(From), Catalog(Catalog), SM(SM),
        SourceVar(R.Source && From == R.Call ? utils::rootVar(R.Source)
                                             : nullptr) {}
  bool Found = false;

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    ++InLambda;
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    --InLambda;
    return Result;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (Call == From || !after(Call))
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
    return SM.isBeforeInTranslationUnit(From->getBeginLoc(), S->getBeginLoc());
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
  const Stmt *From;
  const model::EventApiCatalog &Catalog;
  const SourceManager &SM;
  const VarDecl *SourceVar;
  unsigned InLambda = 0;
};
} // namespace

/// True if \p Body ends the registration \p R after \p From.
static bool endedAfter(const model::Registration &R, const Stmt *From,
                       const FunctionDecl *Function,
                       const model::EventApiCatalog &Catalog,
                       const SourceManager &SM) {
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return false;
  EndedBeforeReturn Finder(R, From, Catalog, SM);
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Found;
}

bool LocalCaptureEscapesCheck::staysAfterReturn(
    const model::Registration &R, const FunctionDecl *Owner,
    const MatchFinder::MatchResult &Result, bool HandleGoesToCaller) {
  // A source that is itself a local of the function dies with it.
  if (R.Source && Lifetimes.diesWithFunction(R.Source, Owner))
    return false;
  // So does a context or tracked object local to the function.
  if (llvm::any_of(R.Guards, [&](const Expr *G) {
        return Lifetimes.diesWithFunction(G, Owner);
      }))
    return false;
  model::ResultUse Use = model::classifyResult(R.Call, *Result.Context);
  if (R.ReturnsRaiiHandle &&
      (Use.K == model::ResultUse::Discarded ||
       Use.K == model::ResultUse::DiscardedOnPurpose ||
       Use.K == model::ResultUse::StoredInLocal))
    return false; // undone at once, or when the handle's scope ends
  if (Use.K == model::ResultUse::StoredInLocal &&
      Catalog.isRaiiHandleType(Use.Local->getType(), &Inferred))
    return false;
  if (HandleGoesToCaller && R.ReturnsHandle &&
      Use.K == model::ResultUse::Returned)
    return false; // the caller can undo it
  return !endedAfter(R, R.Call, Owner, Catalog, *Result.SourceManager);
}

void LocalCaptureEscapesCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  model::Registration R;
  if (!Catalog.registration(Call, R, &Inferred) ||
      (R.SelfUnregistering && R.Guards.empty()))
    return;
  model::HandlerHolds Holds;
  for (const Expr *Handler : R.Handlers)
    model::collectHandlerHolds(Handler, Holds);
  if (Holds.Locals.empty()) {
    for (const VarDecl *Ref : Holds.References)
      if (const auto *Param = dyn_cast<ParmVarDecl>(Ref))
        if (checkReferenceParameter(R, Param, Result))
          return;
    return;
  }
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
  if (!staysAfterReturn(R, Owner, Result, /*HandleGoesToCaller=*/false))
    return;

  diag(model::diagnosticLocation(Call, *Result.SourceManager),
       "handler registered with %0 refers to local variable %1 and stays "
       "registered after the function returns")
      << model::diagnosticCallee(Call->getDirectCallee()) << Local;
  diag(Local->getLocation(), "%0 is destroyed when the function returns",
       DiagnosticIDs::Note)
      << Local;
  diag(model::diagnosticLocation(Call, *Result.SourceManager),
       "capture %0 by value, or undo the registration before the function "
       "returns",
       DiagnosticIDs::Note)
      << Local;
  // A context or tracked object that outlives the function removes the
  // handler too late.
  if (!R.Guards.empty())
    diag(R.Guards.front()->getExprLoc(),
         "the handler is removed when this object is destroyed, which is "
         "after %0 is",
         DiagnosticIDs::Note)
        << Local;
}

/// The argument of \p Call bound to \p Param, or null.
static const Expr *argumentFor(const CallExpr *Call, const ParmVarDecl *Param) {
  unsigned Index = Param->getFunctionScopeIndex() + utils::firstParamArg(Call);
  return Index < Call->getNumArgs() ? Call->getArg(Index) : nullptr;
}

/// True if \p Arg creates a temporary that a reference parameter binds to.
static bool bindsTemporary(const Expr *Arg) {
  for (const Expr *E = Arg; E;) {
    E = E->IgnoreParens();
    if (isa<MaterializeTemporaryExpr>(E))
      return true;
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast || Cast->getCastKind() != CK_NoOp)
      return false;
    E = Cast->getSubExpr();
  }
  return false;
}

bool LocalCaptureEscapesCheck::checkReferenceParameter(
    const model::Registration &R, const ParmVarDecl *Param,
    const MatchFinder::MatchResult &Result) {
  const auto *Owner =
      dyn_cast_or_null<FunctionDecl>(Param->getParentFunctionOrMethod());
  if (!Owner || !Owner->doesThisDeclarationHaveABody() ||
      !staysAfterReturn(R, Owner, Result, /*HandleGoesToCaller=*/true))
    return false;
  // What each caller binds the parameter to; the source, if it is a
  // parameter too, as the caller passes it.
  const auto *SourceParam = dyn_cast_or_null<ParmVarDecl>(
      R.Source ? utils::rootVar(R.Source) : nullptr);
  if (SourceParam && SourceParam->getParentFunctionOrMethod() != Owner)
    SourceParam = nullptr;
  struct Binding {
    const Expr *Arg;
    const FunctionDecl *Caller;
    const VarDecl *Local; // null for a temporary
  };
  llvm::SmallVector<Binding, 2> Dying;
  for (const CallExpr *Site : Sites.of(Owner, *Result.Context)) {
    const Expr *Arg = argumentFor(Site, Param);
    const auto *Caller = dyn_cast_or_null<FunctionDecl>(
        model::enclosingFunction(Site, *Result.Context));
    if (!Arg || !Caller)
      continue;
    if (SourceParam)
      if (const Expr *Source = argumentFor(Site, SourceParam);
          Source && Lifetimes.diesWithFunction(Source, Caller))
        continue;
    if (bindsTemporary(Arg)) {
      Dying.push_back({Arg, Caller, nullptr});
      continue;
    }
    const VarDecl *Var = utils::namedVar(Arg);
    if (!model::isLocalObject(Var) || Var->isStaticLocal() ||
        Var->getParentFunctionOrMethod() != Caller)
      continue;
    // The caller may wait for the event, or undo, before its local dies.
    if (endedAfter(R, Site, Caller, Catalog, *Result.SourceManager))
      continue;
    Dying.push_back({Arg, Caller, Var});
  }
  if (Dying.empty())
    return false;

  diag(model::diagnosticLocation(R.Call, *Result.SourceManager),
       "handler registered with %0 refers to parameter %1 by reference, which "
       "a caller binds to an object destroyed before the handler is removed")
      << model::diagnosticCallee(R.Call->getDirectCallee()) << Param;
  diag(Param->getLocation(), "%0 is declared here", DiagnosticIDs::Note)
      << Param;
  for (const Binding &B : Dying) {
    if (B.Local)
      diag(B.Arg->getExprLoc(),
           "%0 passes its local variable %1, destroyed when it returns",
           DiagnosticIDs::Note)
          << model::diagnosticCallee(B.Caller) << B.Local;
    else
      diag(B.Arg->getExprLoc(),
           "a temporary is bound to %0 here; it is destroyed at the end of "
           "the full expression",
           DiagnosticIDs::Note)
          << Param;
  }
  return true;
}

} // namespace asynclint::events
