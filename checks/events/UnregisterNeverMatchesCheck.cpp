//===--- UnregisterNeverMatchesCheck.cpp - asynclint ----------------------===//

#include "events/UnregisterNeverMatchesCheck.h"

#include "model/HandlerCaptures.h"

#include "clang/AST/ExprCXX.h"
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
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(
        model::enclosingFunction(Call, *Result.Context));
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
    return;
  }
}

} // namespace asynclint::events
