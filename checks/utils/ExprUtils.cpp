//===--- ExprUtils.cpp - what an expression says, through its wrappers -----===//

#include "utils/ExprUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace asynclint::utils {

/// True if \p Call is `std::move(x)` or `std::forward<T>(x)`.
static bool isMoveOrForward(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() != 1 ||
      !Callee->isInStdNamespace())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

const Expr *ignoreWrappers(const Expr *E) {
  // Each step removes one node; real code nests a handful.
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
             Construct && Construct->getNumArgs() == 1 &&
             !isa<CXXTemporaryObjectExpr>(Construct))
      Next = Construct->getArg(0);
    else if (const auto *Call = dyn_cast<CallExpr>(Next);
             Call && isMoveOrForward(Call))
      Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const Expr *memberCallBase(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getNumArgs() > 0 &&
        (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) ||
         !Op->getDirectCallee()))
      return Op->getArg(0)->IgnoreParenImpCasts();
    return nullptr;
  }
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(Callee)) {
    if (Member->isImplicitAccess())
      return nullptr;
    return Member->getBase()->IgnoreParenImpCasts();
  }
  if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    return Member->isImplicitAccess()
               ? nullptr
               : Member->getBase()->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<UnresolvedMemberExpr>(Callee))
    return Member->isImplicitAccess()
               ? nullptr
               : Member->getBase()->IgnoreParenImpCasts();
  return nullptr;
}

llvm::StringRef memberCallName(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  DeclarationName Name;
  if (const auto *Member = dyn_cast<MemberExpr>(Callee))
    Name = Member->getMemberDecl()->getDeclName();
  else if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    Name = Member->getMember();
  else if (const auto *Member = dyn_cast<UnresolvedMemberExpr>(Callee))
    Name = Member->getName();
  else if (const FunctionDecl *F = Call->getDirectCallee())
    Name = F->getDeclName();
  const IdentifierInfo *Id = Name.getAsIdentifierInfo();
  return Id ? Id->getName() : llvm::StringRef();
}

/// \p E without parentheses and implicit nodes (casts, temporaries,
/// cleanups).
static const Expr *bare(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const FieldDecl *movedOutField(const CallExpr *Call, const CXXRecordDecl *Class) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !Callee->isInStdNamespace() ||
      (Callee->getName() != "move" && Callee->getName() != "exchange") ||
      Call->getNumArgs() == 0)
    return nullptr;
  return fieldOfThis(Call->getArg(0), Class);
}

static bool isThis(const Expr *E) {
  return isa<CXXThisExpr>(E->IgnoreParenImpCasts());
}

/// True if \p E is an object of \p Class or a pointer to one.
static bool isObjectOf(const Expr *E, const CXXRecordDecl *Class) {
  if (!Class)
    return false;
  QualType Type = E->getType();
  if (Type.isNull())
    return false;
  if (const auto *Pointer = Type->getAs<PointerType>())
    Type = Pointer->getPointeeType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  auto Pattern = [](const CXXRecordDecl *R) {
    if (const CXXRecordDecl *P = R->getTemplateInstantiationPattern())
      R = P;
    return R->getCanonicalDecl();
  };
  return Pattern(Record) == Pattern(Class);
}

const FieldDecl *fieldOfThis(const Expr *E, const CXXRecordDecl *Class) {
  // Each step removes one dereference, subscript, accessor or sub-object;
  // real paths are a few steps long.
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = bare(E);
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const Expr *Base = bare(Member->getBase());
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field)
        return nullptr;
      // A field of this object, or of another object of the same class
      // (`pool.queue_` in a static member).
      if (isThis(Base) || isObjectOf(Base, Class))
        return Field;
      E = Base; // a sub-object: `data_.queue`
      continue;
    }
    if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(E)) {
      if (!Class || !(Member->isImplicitAccess() || isThis(Member->getBase())) ||
          !Member->getMember().isIdentifier())
        return nullptr;
      for (const FieldDecl *Field : Class->fields())
        if (Field->getDeclName() == Member->getMember())
          return Field;
      return nullptr;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_Deref)
        return nullptr;
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Subscript->getBase();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind Kind = Op->getOperator();
      if (Op->getNumArgs() == 0 ||
          (Kind != OO_Star && Kind != OO_Arrow && Kind != OO_Subscript))
        return nullptr;
      E = Op->getArg(0);
      continue;
    }
    // An accessor of a member: `q_.get()` of a smart pointer, `data_.lock()`
    // or `data_.acquire()` of a guarded object.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      if (Call->getNumArgs() != 0)
        return nullptr;
      E = Call->getImplicitObjectArgument();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

const VarDecl *rootVar(const Expr *E) {
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = bare(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      E = Member->getBase();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && Unary->getOpcode() == UO_Deref)
      E = Unary->getSubExpr();
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
             Op && Op->getNumArgs() > 0 &&
             (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow ||
              Op->getOperator() == OO_Subscript))
      E = Op->getArg(0);
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
             Call && Call->getNumArgs() == 0)
      E = Call->getImplicitObjectArgument();
    else
      return nullptr;
  }
  return nullptr;
}

namespace {
class Mentions : public RecursiveASTVisitor<Mentions> {
public:
  explicit Mentions(const llvm::DenseSet<const ValueDecl *> &Vars) : Vars(Vars) {}
  bool Found = false;
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Vars.contains(Ref->getDecl()))
      Found = true;
    return !Found;
  }
  bool TraverseLambdaCapture(LambdaExpr *Lambda, const LambdaCapture *Capture,
                             Expr *Init) {
    if (Capture->capturesVariable())
      if (const ValueDecl *Captured = Capture->getCapturedVar();
          Captured && Vars.contains(Captured))
        Found = true;
    return !Found && RecursiveASTVisitor::TraverseLambdaCapture(Lambda, Capture, Init);
  }

private:
  const llvm::DenseSet<const ValueDecl *> &Vars;
};
} // namespace

bool mentionsAny(const Stmt *S, const llvm::DenseSet<const ValueDecl *> &Vars) {
  if (!S || Vars.empty())
    return false;
  Mentions Finder(Vars);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

const VarDecl *namedVar(const Expr *E) {
  E = ignoreWrappers(E);
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

bool inSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  SourceLocation Loc = D->getLocation();
  if (!Loc.isValid())
    return false;
  Loc = SM.getSpellingLoc(Loc);
  if (SM.isInSystemHeader(Loc))
    return true;
  // A library installed with the system and included with -I (as
  // pkg-config and meson spell `-I/usr/include/gtkmm-3.0`).
  llvm::StringRef File = SM.getFilename(Loc);
  return File.starts_with("/usr/include/") || File.starts_with("/usr/lib/");
}

const FunctionDecl *userDefinition(const FunctionDecl *F) {
  const FunctionDecl *Definition = nullptr;
  if (!F || !F->hasBody(Definition) || !Definition || inSystemHeader(Definition))
    return nullptr;
  return Definition;
}

llvm::SmallVector<const FunctionDecl *, 16>
methodsWithBodies(const CXXRecordDecl *Class) {
  llvm::SmallVector<const FunctionDecl *, 16> Out;
  for (const Decl *D : Class->decls()) {
    const auto *F = dyn_cast<FunctionDecl>(D);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      F = Template->getTemplatedDecl();
    const FunctionDecl *Definition = nullptr;
    if (F && F->hasBody(Definition) && Definition &&
        !llvm::is_contained(Out, Definition))
      Out.push_back(Definition);
  }
  return Out;
}

unsigned firstParamArg(const CallExpr *Call) {
  return isa<CXXOperatorCallExpr>(Call) &&
                 isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())
             ? 1
             : 0;
}

bool isCoroutineDefinition(const FunctionDecl *F) {
  const FunctionDecl *Definition = nullptr;
  return F && F->hasBody(Definition) && Definition &&
         isa_and_nonnull<CoroutineBodyStmt>(Definition->getBody());
}

} // namespace asynclint::utils
