//===--- BlockingSummary.cpp - which functions block, and through what ----===//

#include "model/BlockingSummary.h"

#include "model/Annotations.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace asynclint::model {

namespace {

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

llvm::SmallVector<const CallExpr *, 8> callsInBody(const Stmt *Body) {
  BodyCalls Finder;
  if (Body)
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(Finder.Calls);
}

const Stmt *userBody(const FunctionDecl *F) {
  const FunctionDecl *Definition = nullptr;
  if (!F || !F->hasBody(Definition) || !Definition)
    return nullptr;
  const Stmt *Body = Definition->getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coroutine->getBody();
  return Body;
}

const FunctionDecl *BlockingSummary::followedCallee(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return nullptr;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee)) {
    // A virtual call may reach any override; unless the call names the
    // class (`Base::f()`) or the method cannot be overridden, skip it.
    const auto *Member = dyn_cast<MemberExpr>(
        Call->getCallee()->IgnoreParenImpCasts());
    bool Qualified = Member && Member->hasQualifier();
    if (Method->isVirtual() && !Qualified && !Method->hasAttr<FinalAttr>() &&
        !Method->getParent()->hasAttr<FinalAttr>())
      return nullptr;
  }
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition) || !Definition)
    return nullptr;
  const SourceManager &SM = Definition->getASTContext().getSourceManager();
  SourceLocation Loc = Definition->getLocation();
  if (const FunctionDecl *Pattern = Definition->getTemplateInstantiationPattern())
    Loc = Pattern->getLocation();
  if (Loc.isInvalid() || SM.isInSystemHeader(SM.getSpellingLoc(Loc)))
    return nullptr;
  return Definition;
}

BlockingSummary::State BlockingSummary::summarize(const FunctionDecl *F) {
  F = F->getCanonicalDecl();
  auto [It, Inserted] = Summaries.try_emplace(F);
  if (!Inserted)
    return It->second.S;
  if (hasAnnotation(F, tag::NonBlocking)) {
    Summaries[F].S = State::Clean;
    return State::Clean;
  }
  for (const CallExpr *Call : callsInBody(userBody(F))) {
    bool Blocks = Catalog.isBlocking(Call);
    if (!Blocks && !Catalog.isSubmission(Call))
      if (const FunctionDecl *Callee = followedCallee(Call))
        Blocks = summarize(Callee) == State::Blocks;
    if (!Blocks)
      continue;
    // The map may have grown; look the entry up again.
    Entry &E = Summaries[F];
    E.S = State::Blocks;
    E.Via = Call;
    return State::Blocks;
  }
  Summaries[F].S = State::Clean;
  return State::Clean;
}

bool BlockingSummary::callBlocks(const CallExpr *Call,
                                 llvm::SmallVectorImpl<BlockingFrame> &Chain) {
  Chain.clear();
  if (Catalog.isBlocking(Call))
    return true;
  if (Catalog.isSubmission(Call))
    return false;
  const FunctionDecl *Callee = followedCallee(Call);
  if (!Callee || summarize(Callee) != State::Blocks)
    return false;
  // Walk the memoized first blocking calls down to the blocking API.
  const FunctionDecl *F = Callee;
  for (unsigned Guard = 0; F && Guard < 256; ++Guard) {
    const Entry &E = Summaries.find(F->getCanonicalDecl())->second;
    assert(E.S == State::Blocks && E.Via && "walking a non-blocking summary");
    Chain.push_back({F, E.Via});
    if (Catalog.isBlocking(E.Via))
      break;
    F = followedCallee(E.Via);
    if (F && summarize(F) != State::Blocks)
      break;
  }
  return true;
}

} // namespace asynclint::model
