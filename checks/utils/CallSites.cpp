//===--- CallSites.cpp - the direct calls of a function in one TU ---------===//

#include "utils/CallSites.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace asynclint::utils {

namespace {
class CallIndexer : public RecursiveASTVisitor<CallIndexer> {
public:
  CallIndexer(
      const SourceManager &SM,
      llvm::DenseMap<const FunctionDecl *,
                     llvm::SmallVector<const CallExpr *, 2>> &Calls)
      : SM(SM), Calls(Calls) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Calls[Callee->getCanonicalDecl()].push_back(Call);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const CallExpr *, 2>>
      &Calls;
};
} // namespace

llvm::ArrayRef<const CallExpr *> CallSites::of(const FunctionDecl *Callee,
                                               ASTContext &Context) {
  if (!Indexed) {
    Indexed = true;
    CallIndexer Indexer(Context.getSourceManager(), Calls);
    Indexer.TraverseDecl(Context.getTranslationUnitDecl());
  }
  if (!Callee)
    return {};
  auto It = Calls.find(Callee->getCanonicalDecl());
  if (It == Calls.end())
    return {};
  return It->second;
}

} // namespace asynclint::utils
