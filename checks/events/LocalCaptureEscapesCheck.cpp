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

/// True if \p Method's visible body only returns one of its own data members
/// (`signal &sig() { return sig_; }`): the result lives inside the object.
static bool returnsOwnMember(const CXXMethodDecl *Method) {
  const FunctionDecl *Definition = nullptr;
  if (!Method || !Method->getBody(Definition) || !Definition)
    return false;
  const auto *Body = dyn_cast<CompoundStmt>(Definition->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Return || !Return->getRetValue())
    return false;
  const auto *Member =
      dyn_cast<MemberExpr>(Return->getRetValue()->IgnoreParenImpCasts());
  return Member && isa<FieldDecl>(Member->getMemberDecl()) &&
         isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
}

/// The variable a source expression is rooted in (`bus` in `bus.sig`,
/// `&bus`, `*bus`, `bus.sig()` for an accessor of a member), or null.
static const VarDecl *rootVariable(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (Member->isArrow())
        return nullptr;
      E = Member->getBase();
      continue;
    }
    if (const auto *Op = dyn_cast<UnaryOperator>(E);
        Op && Op->getOpcode() == UO_AddrOf) {
      E = Op->getSubExpr();
      continue;
    }
    if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(E);
        Accessor && returnsOwnMember(Accessor->getMethodDecl())) {
      E = Accessor->getImplicitObjectArgument();
      if (E && E->getType()->isPointerType())
        return nullptr; // `p->sig()`: the object is not a local
      continue;
    }
    return nullptr;
  }
  return nullptr;
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
  if (!Catalog.registration(Call, R) || R.SelfUnregistering)
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
  // A source that is itself a local of the function dies with it.
  if (R.Source && model::isLocalObject(rootVariable(R.Source)))
    return;

  model::ResultUse Use = model::classifyResult(Call, *Result.Context);
  if (R.ReturnsRaiiHandle &&
      (Use.K == model::ResultUse::Discarded ||
       Use.K == model::ResultUse::StoredInLocal))
    return; // undone at once, or when the handle's scope ends
  if (Use.K == model::ResultUse::StoredInLocal &&
      Catalog.isRaiiHandleType(Use.Local->getType()))
    return;

  const auto *Owner = dyn_cast_or_null<FunctionDecl>(
      Local->getParentFunctionOrMethod());
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
