//===--- BlockingWaitInPoolCheck.cpp - asynclint --------------------------===//

#include "async/BlockingWaitInPoolCheck.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::async {

namespace {

/// Collects the calls written directly in a task body; nested lambdas are
/// separate tasks or callbacks and are not entered.
class BodyCalls : public RecursiveASTVisitor<BodyCalls> {
public:
  llvm::SmallVector<const CallExpr *, 8> Calls;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
};

} // namespace

/// The lambda a task argument evaluates to, through the temporaries and
/// conversions (to std::function, for example) around it.
static const LambdaExpr *taskLambda(const Expr *Task) {
  for (int Depth = 0; Task && Depth < 8; ++Depth) {
    Task = Task->IgnoreImplicit()->IgnoreParens();
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Task))
      return Lambda;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Task)) {
      if (Construct->getNumArgs() == 0)
        return nullptr;
      Task = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(Task)) {
      Task = Cast->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

BlockingWaitInPoolCheck::BlockingWaitInPoolCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Catalog(Options) {}

void BlockingWaitInPoolCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Catalog.storeOptions(Opts, Options);
}

void BlockingWaitInPoolCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader())).bind("submission"), this);
}

void BlockingWaitInPoolCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Submission = Result.Nodes.getNodeAs<CallExpr>("submission");
  for (const Expr *Task : Catalog.submittedTasks(Submission)) {
    const LambdaExpr *Lambda = taskLambda(Task);
    if (!Lambda || !Lambda->getBody())
      continue;
    BodyCalls Finder;
    Finder.TraverseStmt(Lambda->getBody());
    for (const CallExpr *Call : Finder.Calls) {
      if (!Catalog.isBlocking(Call))
        continue;
      diag(Call->getExprLoc(),
           "task running on a thread pool blocks the worker in call to %0")
          << Call->getDirectCallee();
      diag(Submission->getExprLoc(), "task submitted here",
           DiagnosticIDs::Note);
    }
  }
}

} // namespace asynclint::async
