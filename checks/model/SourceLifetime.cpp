//===--- SourceLifetime.cpp - can an event source outlive a handler's state ===//

#include "model/SourceLifetime.h"

#include "model/EventsFacts.h"

#include "model/EventApis.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace asynclint::model {

namespace {

/// True if \p S names `this` anywhere outside lambda bodies.
bool mentionsThis(const Stmt *S) {
  if (isa<CXXThisExpr>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (Child && mentionsThis(Child))
      return true;
  return false;
}

/// What the return statements of an accessor return: the same field of its
/// own object by value or address (`return value_;`, `return &value_;`), or
/// the object itself (`return *this;`).
class ReturnedPart : public RecursiveASTVisitor<ReturnedPart> {
public:
  const FieldDecl *Field = nullptr;
  bool Self = false, Other = false;
  /// A returned value built from the object (`Sink{signal_}`,
  /// `Proxy(this, &info)`).
  bool UsesThis = false;

  bool VisitReturnStmt(ReturnStmt *Return) {
    const Expr *E = Return->getRetValue();
    E = E ? E->IgnoreParenImpCasts() : nullptr;
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(E);
        Op && (Op->getOpcode() == UO_AddrOf || Op->getOpcode() == UO_Deref))
      E = Op->getSubExpr()->IgnoreParenImpCasts();
    if (E && isa<CXXThisExpr>(E)) {
      Self = true;
      return true;
    }
    const auto *Member = dyn_cast_or_null<MemberExpr>(E);
    const auto *Part =
        Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
            ? dyn_cast<FieldDecl>(Member->getMemberDecl())
            : nullptr;
    if (!Part || (Field && Field != Part))
      Other = true;
    else
      Field = Part;
    if (!Part && E && mentionsThis(E))
      UsesThis = true;
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

using utils::userDefinition;

/// True if \p Record declares `operator->`.
bool declaresArrow(const CXXRecordDecl *Record) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    if (const CXXRecordDecl *Pattern =
            Spec->getSpecializedTemplate()->getTemplatedDecl())
      Record = Pattern;
  for (const Decl *D : Record->decls()) {
    const auto *F = dyn_cast<FunctionDecl>(D);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      F = Template->getTemplatedDecl();
    if (F && F->getOverloadedOperator() == OO_Arrow)
      return true;
  }
  return false;
}

/// A smart pointer: a class with `operator->`, its own or a base's
/// (libstdc++'s std::shared_ptr has it from `__shared_ptr_access`).
bool isSmartPointer(QualType Type) {
  const CXXRecordDecl *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  if (declaresArrow(Record))
    return true;
  return !Record->forallBases(
      [](const CXXRecordDecl *Base) { return !declaresArrow(Base); });
}

/// True if copies of a smart pointer of \p Type share the object
/// (std::shared_ptr, QSharedPointer), false if it cannot be copied
/// (std::unique_ptr, QScopedPointer): its object is its alone.
bool isSharedPointer(QualType Type) {
  const CXXRecordDecl *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  for (const CXXConstructorDecl *Ctor : Record->ctors())
    if (Ctor->isCopyConstructor())
      return !Ctor->isDeleted() && Ctor->getAccess() == AS_public;
  // Not declared yet (a template not instantiated that far): implicit.
  return !Record->defaultedCopyConstructorIsDeleted();
}

enum class Held { Nothing, Created, CreatedAsChild, Other };

/// How the value stored into a pointer member was obtained.
Held origin(const Expr *E, const EventApiCatalog &Catalog,
            const CXXRecordDecl *Owner, int Depth);

/// True if every value the visible body of \p F returns is a new object.
Held factoryResult(const FunctionDecl *F, const EventApiCatalog &Catalog,
                   int Depth) {
  const FunctionDecl *Definition = userDefinition(F);
  if (!Definition || Depth > 2)
    return Held::Other;
  struct Returns : RecursiveASTVisitor<Returns> {
    llvm::SmallVector<const Expr *, 2> Values;
    bool VisitReturnStmt(ReturnStmt *R) {
      Values.push_back(R->getRetValue());
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } Finder;
  Finder.TraverseStmt(Definition->getBody());
  if (Finder.Values.empty())
    return Held::Other;
  for (const Expr *Value : Finder.Values)
    if (!Value ||
        origin(Value, Catalog, nullptr, Depth + 1) != Held::Created)
      return Held::Other;
  return Held::Created;
}

Held origin(const Expr *E, const EventApiCatalog &Catalog,
            const CXXRecordDecl *Owner, int Depth) {
  for (int Step = 0; E && Step < 8; ++Step) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E) ||
        (isa<IntegerLiteral>(E) && cast<IntegerLiteral>(E)->getValue() == 0))
      return Held::Nothing;
    if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
      // A Qt object created with the owner as its parent is deleted with it.
      const CXXRecordDecl *Created = New->getAllocatedType()->getAsCXXRecordDecl();
      if (Owner && Catalog.isContextType(Created))
        if (const CXXConstructExpr *Init = New->getConstructExpr())
          for (const Expr *Arg : Init->arguments())
            if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()))
              return Held::CreatedAsChild;
      return Held::Created;
    }
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = Temp->getSubExpr();
      continue;
    }
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = Bind->getSubExpr();
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // `std::shared_ptr<T>(new T)`, a copy or move of a new smart pointer.
      if (Construct->getNumArgs() == 0)
        return Held::Nothing;
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (Catalog.isCreation(Call))
        return Held::Created;
      // A function handing back the pointer it is given (gtkmm's
      // `Gtk::manage(new Gtk::Button)`): what it is given.
      if (!isa<CXXMemberCallExpr>(Call) && Call->getNumArgs() == 1 &&
          Call->getType()->isPointerType() &&
          Call->getArg(0)->IgnoreParenImpCasts()->getType().getCanonicalType() ==
              Call->getType().getCanonicalType()) {
        E = Call->getArg(0);
        continue;
      }
      return factoryResult(Call->getDirectCallee(), Catalog, Depth);
    }
    return Held::Other;
  }
  return Held::Other;
}

/// True if \p E is reached from a parameter or a global: an object the
/// function was given, not one of its own.
bool fromOutside(const Expr *E) {
  for (int Depth = 0; E && Depth < 12; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      return !Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage();
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      E = Member->getBase();
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      E = Call->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Op = dyn_cast<UnaryOperator>(E)) {
      E = Op->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getNumArgs() > 0) {
      E = Op->getArg(0);
      continue;
    }
    return true;
  }
  return true;
}

/// True if \p Call hands \p Named (`p`, `*p`) to a library container the
/// function built or reaches from the object (`box.pack_start(*button_)`,
/// `layout->addWidget(button)`, `add(*child)`): a widget tree the object
/// owns adopts it.
template <class IsNamed>
bool adopts(const CallExpr *Call, IsNamed Named,
            const EventApiCatalog &Catalog) {
  // A library's container (`Gtk::Box::pack_start`, `QLayout::addWidget`,
  // `Gtk::Application::add_window`); a function of the project's own that
  // is given the object may only use it.
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member || Catalog.isRelease(Call) || !Member->getMethodDecl() ||
      !utils::inSystemHeader(Member->getMethodDecl()))
    return false;
  const Expr *Object = Member->getImplicitObjectArgument();
  if (!Object || fromOutside(Object) || Named(Object))
    return false;
  for (const Expr *Arg : Call->arguments()) {
    Arg = Arg->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(Arg);
        Deref && Deref->getOpcode() == UO_Deref)
      Arg = Deref->getSubExpr()->IgnoreParenImpCasts();
    if (Named(Arg))
      return true;
  }
  return false;
}

/// The uses of one pointer member across the member functions of its class.
class PointerMemberUses : public RecursiveASTVisitor<PointerMemberUses> {
public:
  PointerMemberUses(const FieldDecl *Field, const EventApiCatalog &Catalog,
                    bool Shared)
      : Field(Field), Catalog(Catalog), Shared(Shared) {}

  bool shouldVisitLambdaBody() const { return true; }

  unsigned Created = 0, Children = 0, OtherStores = 0;
  bool Released = false, CopiedOut = false, Adopted = false;

  void stored(const Expr *Value) {
    switch (origin(Value, Catalog,
                   dyn_cast<CXXRecordDecl>(Field->getParent()), 0)) {
    case Held::Nothing:
      break;
    case Held::Created:
      ++Created;
      break;
    case Held::CreatedAsChild:
      ++Created;
      ++Children;
      break;
    case Held::Other:
      ++OtherStores;
      break;
    }
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (Init->getMember() == Field && Init->getInit()) {
      const Expr *Value = Init->getInit()->IgnoreImplicit();
      if (const auto *Paren = dyn_cast<ParenListExpr>(Value))
        Value = Paren->getNumExprs() ? Paren->getExpr(0) : nullptr;
      if (const auto *List = dyn_cast_or_null<InitListExpr>(Value))
        Value = List->getNumInits() ? List->getInit(0) : nullptr;
      if (Value)
        stored(Value);
      return true; // the initializer is the store itself, not a copy out
    }
    return RecursiveASTVisitor::TraverseConstructorInitializer(Init);
  }

  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign && isField(Op->getLHS()))
      stored(Op->getRHS());
    return true;
  }

  bool TraverseCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        isField(Op->getArg(0))) {
      stored(Op->getArg(1));
      return TraverseStmt(Op->getArg(1));
    }
    return RecursiveASTVisitor::TraverseCXXOperatorCallExpr(Op);
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (adopts(Call, [&](const Expr *E) { return isField(E); }, Catalog))
      Adopted = true;
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Object && isField(Object)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getIdentifier() && Method->getName() == "reset" &&
          isSmartPointer(Object->getType()) && Call->getNumArgs() == 1)
        stored(Call->getArg(0));
      if (Catalog.isRelease(Call))
        Released = true;
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (isa<CXXMemberCallExpr>(Call) || !Catalog.isRelease(Call))
      return true;
    for (const Expr *Arg : Call->arguments()) {
      Arg = Arg->IgnoreParenCasts();
      if (const auto *Address = dyn_cast<UnaryOperator>(Arg);
          Address && Address->getOpcode() == UO_AddrOf)
        Arg = Address->getSubExpr();
      if (isField(Arg))
        Released = true;
    }
    return true;
  }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    if (isField(Delete->getArgument()))
      Released = true;
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    // A copy of a shared pointer member shares the object with whoever
    // receives it.
    if (Shared && Construct->getNumArgs() >= 1 &&
        Construct->getConstructor()->isCopyConstructor() &&
        isField(Construct->getArg(0)))
      CopiedOut = true;
    return true;
  }

private:
  bool isField(const Expr *E) const {
    const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
    return Member && Member->getMemberDecl() == Field;
  }

  const FieldDecl *Field;
  const EventApiCatalog &Catalog;
  bool Shared;
};

/// For an accessor call `object.part()`: the part of
/// `object` it returns, so that it dies with it. A reference or pointer must
/// be, in a body read here, a by-value field of the object, the object, or
/// a pointer field (returned in \p PointerField, whose pointee the caller
/// still has to show is owned); a class returned by value is a view or proxy
/// the accessor builds over the object (gtkmm's `widget_.signal_clicked()`):
/// taken as such when no body is visible, and when one is, only if it is
/// built from the object's own state.
bool accessorReturnsOwnPart(const CXXMemberCallExpr *Call,
                            const FieldDecl *&PointerField) {
  PointerField = nullptr;
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || Method->isStatic() || isa<CXXConversionDecl>(Method))
    return false;
  QualType Returned = Method->getReturnType();
  // A reference or pointer from an accessor with arguments is a lookup
  // (`registry.get(name)`); a proxy by value may take a detail
  // (`settings_->signal_changed(key)`).
  if (Call->getNumArgs() != 0 &&
      (Returned->isReferenceType() || Returned->isPointerType()))
    return false;
  const FunctionDecl *Definition = userDefinition(Method);
  if (Returned->isReferenceType() || Returned->isPointerType()) {
    if (!Definition)
      return false;
    ReturnedPart Parts;
    Parts.TraverseStmt(Definition->getBody());
    if (Parts.Other || (!Parts.Field && !Parts.Self))
      return false;
    if (Parts.Self)
      return !Parts.Field;
    QualType Type = Parts.Field->getType();
    if (Type->isReferenceType())
      return false;
    if (Type->isPointerType() && Returned->isPointerType())
      PointerField = Parts.Field;
    return !Type->isPointerType() || PointerField;
  }
  const CXXRecordDecl *Record = Returned->getAsCXXRecordDecl();
  if (!Record || (isSmartPointer(Returned) && isSharedPointer(Returned)))
    return false;
  if (!Definition)
    return true;
  ReturnedPart Parts;
  Parts.TraverseStmt(Definition->getBody());
  return Parts.Self || (Parts.Field && !Parts.Other) || Parts.UsesThis;
}

} // namespace

bool SourceLifetimes::diesWithObject(const Expr *Source) {
  if (!Source)
    return false;
  QualType Type = Source->IgnoreParenImpCasts()->getType();
  if (Type->isPointerType() || isSmartPointer(Type))
    return ownedPointee(Source, 0);
  return ownedObject(Source, 0);
}

bool SourceLifetimes::ownedObject(const Expr *E, int Depth) {
  if (!E || Depth > 12)
    return false;
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return true; // an implicit `this` object
  if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(E))
    return ownedPart(Accessor, Depth);
  if (const auto *Op = dyn_cast<UnaryOperator>(E)) {
    if (Op->getOpcode() == UO_Deref)
      return ownedPointee(Op->getSubExpr(), Depth + 1);
    return false;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
      return ownedPointee(Op->getArg(0), Depth + 1);
    return false;
  }
  // A temporary view over a member (`entt::sink{signal_}`) reaches the
  // member.
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr,
          CXXFunctionalCastExpr>(E)) {
    E = E->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr();
    return ownedObject(E, Depth + 1);
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() > 0 &&
           ownedObject(Construct->getArg(0), Depth + 1);
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Field = Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field || Field->getType()->isReferenceType())
    return false;
  return Member->isArrow() ? ownedPointee(Member->getBase(), Depth + 1)
                           : ownedObject(Member->getBase(), Depth + 1);
}

bool SourceLifetimes::ownedPart(const CXXMemberCallExpr *Accessor, int Depth) {
  const FieldDecl *PointerField = nullptr;
  if (!accessorReturnsOwnPart(Accessor, PointerField) ||
      (PointerField && !ownsPointee(PointerField)))
    return false;
  const Expr *Object = Accessor->getImplicitObjectArgument();
  return Object && (Object->getType()->isPointerType()
                        ? ownedPointee(Object, Depth + 1)
                        : ownedObject(Object, Depth + 1));
}

bool SourceLifetimes::ownedPointee(const Expr *E, int Depth) {
  if (!E || Depth > 12)
    return false;
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return true;
  if (const auto *Op = dyn_cast<UnaryOperator>(E))
    return Op->getOpcode() == UO_AddrOf && ownedObject(Op->getSubExpr(), Depth + 1);
  // A local pointer to an object the member function created for the
  // object: with it as the parent, or handed to a container of its own.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
        !Var->getType()->isPointerType() || !Var->getInit())
      return false;
    const auto *Method =
        dyn_cast_or_null<CXXMethodDecl>(Var->getParentFunctionOrMethod());
    if (!Method || !Method->getBody())
      return false;
    switch (origin(Var->getInit(), Catalog, Method->getParent(), 0)) {
    case Held::CreatedAsChild:
      return true;
    case Held::Created: {
      struct Adoption : RecursiveASTVisitor<Adoption> {
        const VarDecl *Var = nullptr;
        const EventApiCatalog *Catalog = nullptr;
        bool Found = false;
        bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
          Found |= adopts(
              Call,
              [&](const Expr *Arg) {
                return utils::namedVar(Arg) == Var;
              },
              *Catalog);
          return !Found;
        }
      } Finder;
      Finder.Var = Var;
      Finder.Catalog = &Catalog;
      Finder.TraverseStmt(Method->getBody());
      return Finder.Found;
    }
    default:
      return false;
    }
  }
  // `sp_->x`: the pointer a smart pointer member holds.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1 &&
           ownedPointee(Op->getArg(0), Depth + 1);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Call->getImplicitObjectArgument();
    // `sp_.get()`, `sp_.data()`: the pointer the smart pointer holds.
    if (Object && isSmartPointer(Object->getType()) && Call->getNumArgs() == 0 &&
        E->getType()->isPointerType())
      return ownedPointee(Object, Depth + 1);
    return ownedPart(Call, Depth);
  }
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Field = Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field || Field->getType()->isReferenceType())
    return false;
  QualType Type = Field->getType();
  if (!Type->isPointerType() && !isSmartPointer(Type))
    return ownedObject(E, Depth + 1); // a by-value object (`&field`)
  if (!ownsPointee(Field))
    return false;
  return Member->isArrow() ? ownedPointee(Member->getBase(), Depth + 1)
                           : ownedObject(Member->getBase(), Depth + 1);
}

bool SourceLifetimes::ownsPointee(const FieldDecl *Field) {
  auto [It, Inserted] = OwnedFields.try_emplace(Field, false);
  if (!Inserted)
    return It->second;
  bool Owned = computeOwnsPointee(Field);
  OwnedFields[Field] = Owned;
  return Owned;
}

bool SourceLifetimes::computeOwnsPointee(const FieldDecl *Field) {
  QualType Type = Field->getType();
  const bool Raw = Type->isPointerType();
  if (!Raw && !isSmartPointer(Type))
    return false;
  // A unique pointer's object is its alone, whoever created it.
  const bool Shared = !Raw && isSharedPointer(Type);
  if (!Raw && !Shared)
    return true;
  PointerMemberUses Uses(Field, Catalog, Shared);
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class)
    return false;
  for (const FunctionDecl *Definition : utils::methodsWithBodies(Class))
    Uses.TraverseDecl(const_cast<FunctionDecl *>(Definition));
  if (!Uses.Created || Uses.OtherStores || Uses.CopiedOut)
    return false;
  if (Shared)
    return true;
  // A raw pointer: the class deletes or releases it, every object it stores
  // there is a child it created with itself as the parent, or it hands it
  // to a container of its own (a widget tree).
  return Uses.Released || Uses.Children == Uses.Created || Uses.Adopted;
}

bool SourceLifetimes::diesWithFunction(const Expr *Source,
                                       const FunctionDecl *Function) {
  return Source && Function && localObject(Source, Function, 0);
}

namespace {
/// True if the body of \p Function moves \p Var out (`std::move(var)`,
/// `return var;`), so what it holds may outlive the call.
class MovedOut : public RecursiveASTVisitor<MovedOut> {
public:
  explicit MovedOut(const VarDecl *Var) : Var(Var) {}
  bool Found = false;
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        (Callee->getName() == "move" || Callee->getName() == "exchange") &&
        Call->getNumArgs() >= 1 && utils::namedVar(Call->getArg(0)) == Var)
      Found = true;
    return !Found;
  }
  bool VisitReturnStmt(ReturnStmt *Return) {
    if (Return->getRetValue() && utils::namedVar(Return->getRetValue()) == Var)
      Found = true;
    return !Found;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    // `p.release()` gives the object away.
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "release" &&
        Call->getImplicitObjectArgument() &&
        utils::namedVar(Call->getImplicitObjectArgument()) == Var)
      Found = true;
    return !Found;
  }

private:
  const VarDecl *Var;
};
} // namespace

bool SourceLifetimes::localObject(const Expr *E, const FunctionDecl *Function,
                                  int Depth) {
  if (!E || Depth > 12)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage() ||
        Var->getType()->isReferenceType() || Var->getType()->isPointerType())
      return false;
    if (isSmartPointer(Var->getType()) && isSharedPointer(Var->getType()))
      return false;
    if (Var->getParentFunctionOrMethod() != Function)
      return false; // a local of an enclosing lambda's function, say
    MovedOut Finder(Var);
    Finder.TraverseStmt(Function->getBody());
    return !Finder.Found;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (Member->isArrow() || Member->getMemberDecl()->getType()->isReferenceType())
      return false;
    return localObject(Member->getBase(), Function, Depth + 1);
  }
  if (const auto *Op = dyn_cast<UnaryOperator>(E))
    return Op->getOpcode() == UO_AddrOf &&
           localObject(Op->getSubExpr(), Function, Depth + 1);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    // `queue->x`, `*queue`: the object a local unique pointer owns.
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1)
      return localObject(Op->getArg(0), Function, Depth + 1);
    return false;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Object && isSmartPointer(Object->getType()) && Call->getNumArgs() == 0 &&
        E->getType()->isPointerType())
      return localObject(Object, Function, Depth + 1); // `queue.get()`
    const FieldDecl *PointerField = nullptr;
    if (!accessorReturnsOwnPart(Call, PointerField) || PointerField || !Object)
      return false;
    return localObject(Object, Function, Depth + 1);
  }
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(E))
    return localObject(E->IgnoreImplicit(), Function, Depth + 1);
  // A temporary view built over a local (`remover(dispatcher)`,
  // `Sink{signal}`): a class returned by value from a free function or a
  // constructor, given a local.
  if (isa<CallExpr, CXXConstructExpr>(E) && E->getType()->isRecordType()) {
    auto Args = isa<CallExpr>(E) ? cast<CallExpr>(E)->arguments()
                                 : cast<CXXConstructExpr>(E)->arguments();
    for (const Expr *Arg : Args)
      if (localObject(Arg, Function, Depth + 1))
        return true;
    return false;
  }
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    return localObject(Cast->getSubExpr(), Function, Depth + 1);
  return false;
}

bool SourceLifetimes::isImmortal(const CXXRecordDecl *Class) {
  if (!Class || !Class->hasDefinition())
    return false;
  Class = Class->getDefinition();
  auto [It, Inserted] = Immortal.try_emplace(Class, false);
  if (!Inserted)
    return It->second;
  bool AnyCtor = false;
  for (const CXXConstructorDecl *Ctor : Class->ctors()) {
    if (Ctor->isDeleted() || Ctor->isImplicit())
      continue;
    AnyCtor = true;
    if (Ctor->getAccess() == AS_public)
      return false;
  }
  if (!AnyCtor)
    return false;
  // The class keeps its one instance: a static local or static member of
  // its own type, or one allocated with `new` into a static pointer and
  // never deleted.
  struct Instances : RecursiveASTVisitor<Instances> {
    const CXXRecordDecl *Class = nullptr;
    bool Static = false, Deleted = false;
    bool VisitVarDecl(VarDecl *Var) {
      if (!Var->isStaticLocal() && !Var->isStaticDataMember())
        return true;
      QualType Type = Var->getType();
      if (Type->isPointerType())
        Type = Type->getPointeeType();
      // A smart pointer to it (`static Glib::RefPtr<App> singleton;`).
      if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              Type->getAsCXXRecordDecl());
          Spec && isSmartPointer(Type))
        for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
          if (Arg.getKind() == TemplateArgument::Type)
            Type = Arg.getAsType();
      if (const CXXRecordDecl *Record = Type->getAsCXXRecordDecl())
        if (Record->getCanonicalDecl() == Class->getCanonicalDecl())
          Static = true;
      return true;
    }
    bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
      if (const CXXRecordDecl *Record = Delete->getDestroyedType()->getAsCXXRecordDecl())
        if (Record->getCanonicalDecl() == Class->getCanonicalDecl())
          Deleted = true;
      return true;
    }
  } Finder;
  Finder.Class = Class;
  Finder.TraverseDecl(const_cast<CXXRecordDecl *>(Class));
  for (const CXXMethodDecl *Method : Class->methods())
    if (const FunctionDecl *Definition = userDefinition(Method);
        Definition && Definition->isOutOfLine())
      Finder.TraverseDecl(const_cast<FunctionDecl *>(Definition));
  bool Result = Finder.Static && !Finder.Deleted;
  Immortal[Class] = Result;
  return Result;
}

namespace {
/// The constructor parameter \p E is, directly or through the reference
/// member a constructor initialises from it, or null.
const ParmVarDecl *creatorParam(const Expr *E, const CXXRecordDecl *Class) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *Op = dyn_cast<UnaryOperator>(E);
        Op && (Op->getOpcode() == UO_Deref || Op->getOpcode() == UO_AddrOf)) {
      E = Op->getSubExpr();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
      return Param && isa<CXXConstructorDecl>(Param->getDeclContext())
                 ? Param
                 : nullptr;
    }
    // A part an accessor returns of it: `buffer->signal_erase()`.
    if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(E)) {
      const FieldDecl *PointerField = nullptr;
      if (!accessorReturnsOwnPart(Accessor, PointerField) || PointerField)
        return nullptr;
      E = Accessor->getImplicitObjectArgument();
      continue;
    }
    const auto *Member = dyn_cast<MemberExpr>(E);
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (!Field)
      return nullptr;
    QualType Type = Field->getType();
    if (!isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())) {
      // A by-value part of it: `manager_.signal_deleted`, `doc_->changed`.
      if (Type->isReferenceType() || Type->isPointerType())
        return nullptr;
      E = Member->getBase();
      continue;
    }
    if (!Type->isReferenceType() && !Type->isPointerType())
      return nullptr;
    // Every constructor initialises it from the same parameter position.
    const Expr *Init = nullptr;
    for (const CXXConstructorDecl *Ctor : Class->ctors()) {
      if (Ctor->isImplicit() || Ctor->isDeleted())
        continue;
      const FunctionDecl *Definition = nullptr;
      if (!Ctor->hasBody(Definition))
        return nullptr;
      for (const CXXCtorInitializer *I :
           cast<CXXConstructorDecl>(Definition)->inits())
        if (I->getMember() == Field)
          Init = I->getInit();
      if (Init)
        break;
    }
    E = Init;
  }
  return nullptr;
}

/// Every construction of a class in a translation unit, and what it passes
/// for one parameter position.
class Constructions : public RecursiveASTVisitor<Constructions> {
public:
  Constructions(const CXXRecordDecl *Class, unsigned Index)
      : Class(Class), Index(Index) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  unsigned Seen = 0, BySelf = 0;
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->getParent()->getCanonicalDecl() != Class->getCanonicalDecl() ||
        Ctor->isCopyOrMoveConstructor())
      return true;
    ++Seen;
    if (Index < Construct->getNumArgs()) {
      const Expr *Arg = Construct->getArg(Index)->IgnoreParenImpCasts();
      if (const auto *Op = dyn_cast<UnaryOperator>(Arg);
          Op && Op->getOpcode() == UO_Deref)
        Arg = Op->getSubExpr()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(Arg))
        ++BySelf;
    }
    return true;
  }

private:
  const CXXRecordDecl *Class;
  unsigned Index;
};
} // namespace

const SourceLifetimes::CreatorFacts *
SourceLifetimes::creatorFacts(const Expr *Source, const CXXMethodDecl *Method) {
  if (!Source || !Method)
    return nullptr;
  const CXXRecordDecl *Class = Method->getParent();
  const ParmVarDecl *Param = creatorParam(Source, Class);
  if (!Param)
    return nullptr;
  auto [It, Inserted] = Creators.try_emplace(Param);
  if (Inserted) {
    Constructions Finder(Class, Param->getFunctionScopeIndex());
    Finder.TraverseDecl(Class->getASTContext().getTranslationUnitDecl());
    It->second = {Param->getFunctionScopeIndex(), Finder.Seen, Finder.BySelf};
  }
  return &It->second;
}

bool SourceLifetimes::isCreator(const Expr *Source, const CXXMethodDecl *Method) {
  const CreatorFacts *Facts = creatorFacts(Source, Method);
  return Facts && Facts->Seen > 0 && Facts->Seen == Facts->BySelf;
}

std::optional<unsigned>
SourceLifetimes::creatorElsewhere(const Expr *Source, const CXXMethodDecl *Method) {
  const CreatorFacts *Facts = creatorFacts(Source, Method);
  if (!Facts || Facts->Seen > 0)
    return std::nullopt;
  return Facts->Index;
}

bool SourceLifetimes::undecidedHere(const Expr *Source, const CXXMethodDecl *Method,
                                    DeferredFinding &Deferred) {
  if (!Method)
    return false;
  const CXXRecordDecl *Class = Method->getParent();
  Deferred.Class = qualifiedName(Class);
  Deferred.CreatorParam = creatorElsewhere(Source, Method);
  // Objects of a Qt class with a parent die with it, `new` or not.
  Deferred.MaybeImmortal = !Catalog.isContextType(Class);
  if (Deferred.MaybeImmortal)
    Deferred.Bases = baseNames(Class);
  return Deferred.CreatorParam || Deferred.MaybeImmortal;
}

} // namespace asynclint::model
