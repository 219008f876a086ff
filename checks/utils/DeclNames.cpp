//===--- DeclNames.cpp - functions and classes named as the user writes them ===//

#include "utils/DeclNames.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace asynclint::utils {

static const CXXRecordDecl *lambdaClass(const NamedDecl *D) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(D))
    D = M->getParent();
  const auto *R = dyn_cast<CXXRecordDecl>(D);
  return R && R->isLambda() ? R : nullptr;
}

std::string qualifiedName(const NamedDecl *D, const CXXRecordDecl *Scope) {
  if (!D)
    return {};
  llvm::SmallVector<std::string, 4> Parts;
  std::string Own;
  if (D->getDeclName().isIdentifier())
    Own = D->getName().str();
  else if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    Own = Ctor->getParent()->getName().str(); // `task`, not `task<int>`
  else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    Own = "~" + Dtor->getParent()->getName().str();
  else
    Own = D->getDeclName().getAsString();
  Parts.push_back(Own);
  const DeclContext *C = Scope ? Scope : D->getDeclContext();
  for (; C; C = C->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
      if (!NS->isAnonymousNamespace() && !NS->isInline())
        Parts.push_back(NS->getName().str());
    } else if (const auto *R = dyn_cast<RecordDecl>(C)) {
      if (const auto *CR = dyn_cast<CXXRecordDecl>(R); CR && CR->isLambda())
        break;
      if (R->getIdentifier())
        Parts.push_back(R->getName().str());
    } else if (isa<FunctionDecl>(C) || isa<BlockDecl>(C)) {
      break; // a local class: its own name says enough
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Out.empty())
      Out += "::";
    Out += *It;
  }
  return Out;
}

/// The function, method or class whose body \p Lambda is written in,
/// through nested lambdas (they have no name of their own to show).
static const NamedDecl *enclosingNamed(const CXXRecordDecl *Lambda) {
  for (const DeclContext *C = Lambda->getDeclContext(); C; C = C->getParent())
    if (const auto *ND = dyn_cast<NamedDecl>(C))
      if ((isa<FunctionDecl>(ND) || isa<RecordDecl>(ND)) && !lambdaClass(ND))
        return ND;
  return nullptr;
}

std::string displayName(const NamedDecl *D) {
  if (!D)
    return "''";
  if (const CXXRecordDecl *Lambda = lambdaClass(D)) {
    const NamedDecl *Outer = enclosingNamed(Lambda);
    return Outer ? "lambda in " + displayName(Outer) : "lambda";
  }
  return "'" + qualifiedName(D) + "'";
}

std::string calleeDisplayName(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return "''";
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (Method && !lambdaClass(Method))
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      // The object as written, before its conversion to the base.
      const Expr *Arg = Member->getImplicitObjectArgument();
      QualType T = Arg ? Arg->IgnoreImpCasts()->getType() : QualType();
      if (!T.isNull() && T->isPointerType())
        T = T->getPointeeType();
      const CXXRecordDecl *Object =
          T.isNull() ? nullptr : T->getAsCXXRecordDecl();
      if (Object && Object != Method->getParent() &&
          Object->getDefinition() && Method->getParent()->getDefinition() &&
          Object->isDerivedFrom(Method->getParent()))
        return "'" + qualifiedName(Method, Object) + "'";
    }
  return displayName(Callee);
}

} // namespace asynclint::utils
