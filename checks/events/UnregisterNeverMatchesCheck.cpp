//===--- UnregisterNeverMatchesCheck.cpp - asynclint ----------------------===//

#include "events/UnregisterNeverMatchesCheck.h"

#include "model/HandlerCaptures.h"
#include "model/UndoPairing.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::events {

UnregisterNeverMatchesCheck::UnregisterNeverMatchesCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options) {}

void UnregisterNeverMatchesCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
}

void UnregisterNeverMatchesCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              model::mayBeEventCall(&Catalog))
                         .bind("call"),
                     this);
}

namespace {
enum class Fresh { None, Lambda, Bind, Function };
} // namespace

static bool isFunctionWrapper(QualType Type) {
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  std::string Name = model::qualifiedName(Record);
  return Name == "std::function" || Name == "boost::function" ||
         Name == "std::move_only_function" || Name == "std::copyable_function";
}

/// What new callable object, if any, the argument \p Arg builds.
static Fresh freshCallable(const Expr *Arg) {
  bool NewFunction = false;
  const Expr *E = Arg;
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (isa<LambdaExpr>(E))
      return Fresh::Lambda;
    // A lambda converted to a function pointer: each lambda expression
    // converts to its own function.
    if (const auto *Convert = dyn_cast<CXXMemberCallExpr>(E);
        Convert && isa_and_nonnull<CXXConversionDecl>(Convert->getMethodDecl()) &&
        Convert->getImplicitObjectArgument()) {
      E = Convert->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->getIdentifier() &&
          llvm::is_contained({"bind", "bind_front", "bind_back"},
                             Callee->getName()))
        return Fresh::Bind;
      break;
    }
    if (isa<CXXFunctionalCastExpr, CXXTemporaryObjectExpr>(E) &&
        isFunctionWrapper(E->getType()))
      NewFunction = true;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 0)
        break;
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    break;
  }
  return NewFunction ? Fresh::Function : Fresh::None;
}

namespace {
/// Finds the registration an unregistration was written to undo: one of the
/// pair, on the same source, in the same function or class.
class OriginalRegistration
    : public RecursiveASTVisitor<OriginalRegistration> {
public:
  OriginalRegistration(const CallExpr *Undo, const model::EventApiCatalog &Catalog,
                       model::EventSourceModel &Inferred, ASTContext &Context)
      : Undo(Undo), Names(model::callNames(Undo)), Catalog(Catalog),
        Inferred(Inferred), Context(Context) {}
  const CallExpr *Found = nullptr;
  model::Registration Registration;
  bool VisitCallExpr(CallExpr *Call) {
    model::Registration R;
    if (Call == Undo || !Catalog.registration(Call, R, &Inferred) ||
        !R.Undo.matchesAny(Names) ||
        !model::mayUndo(R, model::classifyResult(Call, Context), Undo))
      return true;
    Found = Call;
    Registration = R;
    return false;
  }

private:
  const CallExpr *Undo;
  llvm::SmallVector<std::string, 4> Names;
  const model::EventApiCatalog &Catalog;
  model::EventSourceModel &Inferred;
  ASTContext &Context;
};
} // namespace

const CallExpr *
UnregisterNeverMatchesCheck::originalRegistration(const CallExpr *Undo,
                                                  const FunctionDecl *Function,
                                                  ASTContext &Context,
                                                  bool &ReturnsHandle) {
  OriginalRegistration Finder(Undo, Catalog, Inferred, Context);
  llvm::SmallVector<const FunctionDecl *, 16> Bodies;
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function))
    Bodies = utils::methodsWithBodies(Method->getParent());
  else if (Function)
    Bodies.push_back(Function);
  for (const FunctionDecl *Body : Bodies) {
    if (!Body->getBody())
      continue;
    Finder.TraverseStmt(Body->getBody());
    if (Finder.Found) {
      ReturnsHandle = Finder.Registration.ReturnsHandle;
      return Finder.Found;
    }
  }
  return nullptr;
}

void UnregisterNeverMatchesCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  if (!Catalog.isUnregistration(Call, &Inferred))
    return;
  // `disconnect_if(pred)`, `removeListenerIf(pred)`: the callable is a
  // predicate over the registered handlers, not a handler to compare.
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee->getIdentifier() && (Callee->getName().ends_with("_if") ||
                                  Callee->getName().ends_with("If")))
    return;
  for (const Expr *Arg : Call->arguments()) {
    Fresh Kind = freshCallable(Arg);
    if (Kind == Fresh::None)
      continue;
    diag(model::diagnosticLocation(Call, *Result.SourceManager),
         "%0 is given %select{a new lambda|a new 'std::bind' result|a new "
         "'std::function'}1 that never equals the registered handler, so "
         "nothing is unregistered")
        << model::diagnosticCallee(Call->getDirectCallee())
        << static_cast<int>(Kind) - 1;
    model::HandlerHolds Holds;
    model::collectHandlerHolds(Arg, Holds);
    const FunctionDecl *Function =
        model::enclosingFunction(Call, *Result.Context);
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Function);
    if (!Holds.Locals.empty())
      diag(Holds.Locals.front()->getLocation(),
           "the handler registered for %0 stays registered",
           DiagnosticIDs::Note)
          << Holds.Locals.front();
    else if (Method && !Method->isStatic())
      diag(Method->getParent()->getLocation(),
           "%0 may be destroyed while the registered handler stays "
           "registered",
           DiagnosticIDs::Note)
          << Method->getParent();
    bool ReturnsHandle = false;
    if (const CallExpr *Registration = originalRegistration(
            Call, Function, *Result.Context, ReturnsHandle)) {
      SourceLocation Loc =
          model::diagnosticLocation(Registration, *Result.SourceManager);
      diag(Loc, "the handler was registered here", DiagnosticIDs::Note);
      if (ReturnsHandle)
        diag(Loc,
             "keep the handle %0 returns and unregister with it",
             DiagnosticIDs::Note)
            << model::diagnosticCallee(Registration->getDirectCallee());
      else
        diag(Loc,
             "register a callable kept in a member or variable, and pass that "
             "same object to %0",
             DiagnosticIDs::Note)
            << model::diagnosticCallee(Call->getDirectCallee());
    }
    return;
  }
}

} // namespace asynclint::events
