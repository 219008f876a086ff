//===--- HandlerCaptures.cpp - what an event handler holds ----------------===//

#include "model/HandlerCaptures.h"

#include "model/AsyncApis.h"

#include "model/NamePatterns.h"

#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace asynclint::model {

bool isLocalObject(const VarDecl *Var) {
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType();
}

const Expr *stripHandlerWrappers(const Expr *E) {
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 0)
        return E;
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    return E;
  }
  return E;
}

/// The variable \p E names, through parentheses and implicit casts.
static const VarDecl *namedVar(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// If \p E takes the address of a local object (`&x`), that object.
static const VarDecl *addressedLocal(const Expr *E) {
  const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
    return nullptr;
  const VarDecl *Var = namedVar(AddrOf->getSubExpr());
  return isLocalObject(Var) ? Var : nullptr;
}

/// If \p Var is a local pointer initialised with the address of a local
/// object (`Observer *o = &obs;`), that object.
static const VarDecl *pointedLocal(const VarDecl *Var) {
  if (!Var || !Var->hasLocalStorage() || !Var->getType()->isPointerType())
    return nullptr;
  return addressedLocal(Var->getInit());
}

static void addUnique(llvm::SmallVectorImpl<const VarDecl *> &Vars,
                      const VarDecl *Var) {
  if (Var && !llvm::is_contained(Vars, Var))
    Vars.push_back(Var);
}

/// A variable held by reference: a local object, or the referent of a
/// reference.
static void addHeldByReference(HandlerHolds &Holds, const VarDecl *Var) {
  if (isLocalObject(Var))
    addUnique(Holds.Locals, Var);
  else if (Var && Var->getType()->isReferenceType() && Var->hasLocalStorage())
    addUnique(Holds.References, Var);
}

/// True if \p E is a member of the object itself (`this->x`, or `x` written
/// in a member function).
static bool isMemberOfThis(const Expr *E) {
  const auto *Member =
      dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return Member && isa<FieldDecl>(Member->getMemberDecl()) &&
         isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
}

/// True if a value of type \p Type can call back into the object it was
/// built in: a callable (a std::function member made from a lambda that
/// captures `this`), or a pointer or reference to one.
static bool mayCallBack(QualType Type) {
  QualType Pointee = Type.getNonReferenceType();
  if (const auto *Pointer = Pointee->getAs<PointerType>())
    Pointee = Pointer->getPointeeType();
  return Pointee->isMemberPointerType() || isCallableType(Type);
}

namespace {

class HoldsCollector : public RecursiveASTVisitor<HoldsCollector> {
public:
  explicit HoldsCollector(HandlerHolds &Holds) : Holds(Holds) {}

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    Holds.Lambdas.push_back(Lambda);
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (Capture.capturesThis()) {
        if (!Holds.holdsThis())
          Holds.This = Capture.isImplicit() ? Lambda->getBeginLoc()
                                            : Capture.getLocation();
        continue;
      }
      if (!Capture.capturesVariable())
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      if (!Var)
        continue;
      if (Var->isInitCapture()) {
        if (Capture.getCaptureKind() == LCK_ByRef)
          addHeldByReference(Holds, namedVar(Var->getInit()));
        if (Var->getInit())
          TraverseStmt(const_cast<Expr *>(Var->getInit()));
        continue;
      }
      if (Capture.getCaptureKind() == LCK_ByRef)
        addHeldByReference(Holds, Var);
      else
        addUnique(Holds.Locals, pointedLocal(Var));
    }
    return true; // the body runs later; the captures say what it holds
  }

  /// A data member read by value (`topic_`, `address_`) is a copy, not the
  /// object; a callable member may call back into it.
  bool TraverseMemberExpr(MemberExpr *Member) {
    if (!isMemberOfThis(Member))
      return RecursiveASTVisitor::TraverseMemberExpr(Member);
    if (mayCallBack(Member->getType()))
      noteThis(Member->getBeginLoc());
    return true;
  }

  /// A call of a member function (`topic()`) gives a value, unless that
  /// value can refer back to the object (a pointer, a reference, a callable).
  bool TraverseCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const Expr *Object = Call->getImplicitObjectArgument();
    QualType Result = Call->getType();
    if (!Object || !isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) ||
        Result->isPointerType() || Call->isGLValue() || mayCallBack(Result))
      return RecursiveASTVisitor::TraverseCXXMemberCallExpr(Call);
    for (Expr *Arg : Call->arguments())
      if (!TraverseStmt(Arg))
        return false;
    return true;
  }

  void noteThis(SourceLocation Loc) {
    if (!Holds.holdsThis())
      Holds.This = Loc;
  }

  bool VisitCXXThisExpr(CXXThisExpr *This) {
    if (!Holds.holdsThis())
      Holds.This = This->getBeginLoc();
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->getOpcode() == UO_AddrOf && isMemberOfThis(Op->getSubExpr()))
      noteThis(Op->getBeginLoc()); // a pointer into the object
    addUnique(Holds.Locals, addressedLocal(Op));
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    addUnique(Holds.Locals, pointedLocal(dyn_cast<VarDecl>(Ref->getDecl())));
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() != 1)
      return true;
    llvm::StringRef Name = Callee->getName();
    if (Name != "ref" && Name != "cref")
      return true;
    if (isMemberOfThis(Call->getArg(0)))
      noteThis(Call->getBeginLoc()); // std::ref(member_)
    addHeldByReference(Holds, namedVar(Call->getArg(0)));
    return true;
  }

private:
  HandlerHolds &Holds;
};

} // namespace

/// True if \p E is `this`, `*this` or `&*this`, through casts.
static bool isThisObject(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenCasts();
    if (isa<CXXThisExpr>(E))
      return true;
    const auto *Op = dyn_cast<UnaryOperator>(E);
    if (!Op || (Op->getOpcode() != UO_Deref && Op->getOpcode() != UO_AddrOf))
      return false;
    E = Op->getSubExpr();
  }
  return false;
}

void collectHandlerHolds(const Expr *Handler, HandlerHolds &Holds) {
  if (!Handler)
    return;
  if (isThisObject(stripHandlerWrappers(Handler)))
    Holds.ThisIsArgument = true;
  // A member object bound to a reference parameter (`addListener(impl_)`
  // with `addListener(Listener &)`): the source keeps a reference into the
  // object. Values (strings, ids) bound to const references are read, not
  // kept; listeners and observers are polymorphic.
  if (Handler->isGLValue() && isMemberOfThis(Handler))
    if (const CXXRecordDecl *Record = Handler->getType()->getAsCXXRecordDecl();
        Record && Record->hasDefinition() && Record->isPolymorphic())
      Holds.This = Handler->getBeginLoc();
  HoldsCollector Collector(Holds);
  Collector.TraverseStmt(const_cast<Expr *>(Handler));
}

} // namespace asynclint::model
