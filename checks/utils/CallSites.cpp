//===--- CallSites.cpp - the direct calls of a function in one TU ---------===//

#include "utils/CallSites.h"

#include "utils/ProjectCodeVisitor.h"

using namespace clang;

namespace asynclint::utils {

namespace {
class CallIndexer : public ProjectCodeVisitor<CallIndexer> {
public:
  CallIndexer(
      const SourceManager &SM,
      llvm::DenseMap<const FunctionDecl *,
                     llvm::SmallVector<const CallExpr *, 2>> &Calls)
      : ProjectCodeVisitor(SM), Calls(Calls) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Calls[Callee->getCanonicalDecl()].push_back(Call);
    return true;
  }

private:
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
