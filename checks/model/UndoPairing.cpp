//===--- UndoPairing.cpp - does this undo call undo that registration ------===//

#include "model/UndoPairing.h"

#include "model/HandlerCaptures.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace asynclint::model {

namespace {

/// The path from the object to what \p E names, as text (`keyboard_`,
/// `ui.button()`, `d.timer`), or empty when \p E is not reached from the
/// object by members and accessors (a parameter, a local, a loop variable).
std::string memberPath(const Expr *E) {
  std::string Path;
  for (int Depth = 0; E && Depth < 12; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return Path.empty() ? "this" : Path;
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (!isa<FieldDecl>(Member->getMemberDecl()))
        return {};
      Path = Member->getMemberDecl()->getName().str() +
             (Path.empty() ? "" : "." + Path);
      E = Member->getBase();
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (!Method || Call->getNumArgs() != 0 || !Method->getIdentifier())
        return {};
      Path = Method->getName().str() + "()" + (Path.empty() ? "" : "." + Path);
      E = Call->getImplicitObjectArgument();
      continue;
    }
    // A process-wide object: `Registry::instance()`, a global.
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && !isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call) &&
        Call->getNumArgs() == 0) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return {};
      return Callee->getQualifiedNameAsString() + "()" +
             (Path.empty() ? "" : "." + Path);
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var)
        return {};
      if (Var->hasGlobalStorage() && !Var->isStaticLocal())
        return Var->getQualifiedNameAsString() + (Path.empty() ? "" : "." + Path);
      // A local reference: what it was bound to (`auto &events =
      // Registry::instance();`).
      if (Var->getType()->isReferenceType() && Var->getInit() &&
          !isa<ParmVarDecl>(Var)) {
        E = Var->getInit();
        continue;
      }
      return {};
    }
    if (const auto *Op = dyn_cast<UnaryOperator>(E);
        Op && (Op->getOpcode() == UO_Deref || Op->getOpcode() == UO_AddrOf)) {
      E = Op->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1) {
      E = Op->getArg(0);
      continue;
    }
    return {};
  }
  return {};
}

/// The type of a handle, without references and qualifiers.
const Type *handleType(QualType T) {
  return T.getNonReferenceType().getUnqualifiedType().getCanonicalType().getTypePtr();
}

/// The field of `this` \p E names directly (`conn_`, `this->id_`), or null.
const FieldDecl *thisField(const Expr *E) {
  const auto *Member = dyn_cast<MemberExpr>(utils::ignoreWrappers(E));
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

/// The member function a handler argument names (`&Self::onKey`, also as
/// part of a delegate built from the object and it, `{this, &Self::onKey}`),
/// or null.
const CXXMethodDecl *namedMember(const Expr *E) {
  E = stripHandlerWrappers(E);
  auto FromParts = [](auto Parts) -> const CXXMethodDecl * {
    const CXXMethodDecl *Found = nullptr;
    for (const Expr *Part : Parts) {
      Part = Part->IgnoreParenImpCasts();
      if (const auto *Op = dyn_cast<UnaryOperator>(Part);
          Op && Op->getOpcode() == UO_AddrOf)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Op->getSubExpr()->IgnoreParenImpCasts()))
          if (const auto *Method = dyn_cast<CXXMethodDecl>(Ref->getDecl())) {
            if (Found)
              return nullptr;
            Found = Method;
          }
    }
    return Found;
  };
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() > 1)
    return FromParts(Construct->arguments());
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return FromParts(List->inits());
  if (const auto *Op = dyn_cast<UnaryOperator>(E); Op && Op->getOpcode() == UO_AddrOf)
    E = Op->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<CXXMethodDecl>(Ref->getDecl());
  return nullptr;
}

/// The source of an undo call: its object, or for a static or free function
/// its first argument when that is an object or a pointer to one.
const Expr *undoSource(const CallExpr *Undo) {
  if (const Expr *Object = callObject(Undo))
    return Object;
  if (Undo->getNumArgs() == 0)
    return nullptr;
  QualType Type = Undo->getArg(0)->getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  return Type->isRecordType() ? Undo->getArg(0) : nullptr;
}

} // namespace

bool undoesAll(const Registration &R, const CallExpr *Undo) {
  if (!R.Source || Undo->getNumArgs() != 0)
    return false;
  const Expr *Object = callObject(Undo);
  if (!Object)
    return false;
  std::string Registered = memberPath(R.Source);
  return !Registered.empty() && Registered != "this" &&
         Registered == memberPath(Object);
}

bool mayUndo(const Registration &R, const ResultUse &Use, const CallExpr *Undo) {
  const FunctionDecl *Callee = R.Call->getDirectCallee();
  // By handle: a member holding a handle of the registration's type.
  if (R.ReturnsHandle && Callee) {
    const Type *Handle = handleType(Callee->getReturnType());
    const FieldDecl *HandleField = nullptr;
    if (const Expr *Object = callObject(Undo);
        Object && handleType(Object->getType()) == Handle)
      HandleField = thisField(Object);
    for (const Expr *Arg : Undo->arguments())
      if (!HandleField && handleType(Arg->getType()) == Handle)
        HandleField = thisField(Arg);
    if (HandleField) {
      if (Use.K == ResultUse::Discarded)
        return false;
      if (Use.K == ResultUse::StoredInField)
        return Use.Field == HandleField;
      return true; // kept in a local first: where it goes is not followed
    }
  }
  // By source: two different paths from the object.
  if (R.Source) {
    std::string Registered = memberPath(R.Source);
    const Expr *Source = undoSource(Undo);
    std::string Undone = Source ? memberPath(Source) : std::string();
    if (!Registered.empty() && !Undone.empty() && Undone != "this" &&
        Registered != "this" && Registered != Undone)
      return false;
  }
  // By handler: two different member functions.
  for (const Expr *Handler : R.Handlers)
    if (const CXXMethodDecl *Registered = namedMember(Handler))
      for (const Expr *Arg : Undo->arguments())
        if (const CXXMethodDecl *Undone = namedMember(Arg);
            Undone && Undone->getParent() == Registered->getParent() &&
            Undone->getCanonicalDecl() != Registered->getCanonicalDecl() &&
            !Undone->getType()->isDependentType())
          return false;
  return true;
}

} // namespace asynclint::model
