//===--- GObjectInstances.cpp - GObject's C idiom -------------------------===//

#include "model/GObjectInstances.h"

#include "model/NamePatterns.h"
#include "utils/ExprUtils.h"
#include "utils/ProjectCodeVisitor.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace asynclint::model {

/// True if \p F only returns its one pointer parameter, cast: the
/// `FOO_WINDOW(ptr)` inline functions G_DECLARE_*_TYPE writes.
static bool isCastFunction(const FunctionDecl *F, int Depth);

/// \p E without casts: C casts, GObject's checked casts
/// (`g_type_check_instance_cast`) and cast functions.
static const Expr *stripCasts(const Expr *E, int Depth = 0) {
  for (int Step = 0; E && Step < 16; ++Step) {
    E = E->IgnoreParenCasts();
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || Call->getNumArgs() < 1 || !Call->getType()->isPointerType())
      return E;
    bool Checked = Callee->getIdentifier() &&
                   Callee->getName() == "g_type_check_instance_cast";
    if (!Checked &&
        (Call->getNumArgs() != 1 || !isCastFunction(Callee, Depth + 1)))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

static bool isCastFunction(const FunctionDecl *F, int Depth) {
  const FunctionDecl *Definition = nullptr;
  if (Depth > 2 || !F->hasBody(Definition) || Definition->getNumParams() != 1)
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Return || !Return->getRetValue())
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(stripCasts(Return->getRetValue(), Depth));
  return Ref && Ref->getDecl() == Definition->getParamDecl(0);
}

/// True if \p Record, or a parent instance in its chain of first members,
/// has a name \p Names takes.
template <class Pred>
static bool derivesFrom(const RecordDecl *Record, Pred Names) {
  for (int Depth = 0; Record && Depth < 16; ++Depth) {
    Record = Record->getDefinition();
    if (!Record)
      return false;
    if (Names(Record->getName().ltrim('_')))
      return true;
    if (Record->field_empty())
      return false;
    Record = Record->field_begin()->getType()->getAsRecordDecl();
  }
  return false;
}

const RecordDecl *GObjectInstances::instanceStruct(QualType Type) {
  const RecordDecl *Record =
      Type->isPointerType() ? Type->getPointeeType()->getAsRecordDecl() : nullptr;
  if (!Record || !Record->getDefinition() ||
      !derivesFrom(Record,
                   [](llvm::StringRef Name) { return Name == "GTypeInstance"; }))
    return nullptr;
  return Record->getDefinition();
}

/// True if \p Record is a widget (ContextTypes), which destroys its children.
static bool isContextInstance(const RecordDecl *Record,
                              const EventApiCatalog &Catalog) {
  return derivesFrom(Record, [&](llvm::StringRef Name) {
    return Catalog.namesContextType(Name);
  });
}

bool GObjectInstances::livesWithProcess(const GInstance &Instance) const {
  return derivesFrom(Instance.Type, [&](llvm::StringRef Name) {
    return Catalog.namesProcessLifetimeType(Name);
  });
}

std::optional<GInstance>
GObjectInstances::instanceOf(const Registration &R) const {
  for (const Expr *Handler : R.Handlers) {
    const auto *Ref = dyn_cast<DeclRefExpr>(stripCasts(Handler));
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      continue;
    const RecordDecl *Type = instanceStruct(Var->getType());
    if (Type && !utils::inSystemHeader(Type))
      return GInstance{Var, Type};
  }
  return std::nullopt;
}

/// The variable \p E names once casts are stripped, or null.
static const VarDecl *castVar(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E ? stripCasts(E) : nullptr);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// True if \p Var is the instance: `self`, or the variable `self` was cast
/// from (`object` in `Self *self = SELF(object)`), or a local cast from it.
static bool isInstanceVar(const VarDecl *Var, const VarDecl *Self) {
  if (!Var)
    return false;
  if (Var == Self || castVar(Self->getInit()) == Var)
    return true;
  return Var->hasLocalStorage() && castVar(Var->getInit()) == Self;
}

bool GObjectInstances::isInstanceFunction(const GInstance &Instance,
                                          const FunctionDecl *F) {
  const VarDecl *Param = Instance.Self;
  if (!isa<ParmVarDecl>(Param))
    Param = castVar(Param->getInit());
  return Param && isa<ParmVarDecl>(Param) &&
         Param->getDeclContext() == F;
}

/// The field a source expression reads (`self->model`, `priv->model`, or a
/// local initialised from one), or null.
static const FieldDecl *sourceField(const Expr *Source) {
  const Expr *E = stripCasts(Source);
  if (const VarDecl *Var = castVar(E); Var && Var->hasLocalStorage() &&
                                       Var->getInit())
    E = stripCasts(Var->getInit());
  const auto *Member = dyn_cast<MemberExpr>(E);
  return Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
}

namespace {
/// Reads the facts the rules need from the TU: how instance fields are
/// assigned and bound, and the undo calls in the functions of each type.
class Indexer : public utils::ProjectCodeVisitor<Indexer> {
public:
  Indexer(const EventApiCatalog &Catalog, const SourceManager &SM,
          llvm::DenseMap<const FieldDecl *, GObjectInstances::FieldFacts> &Fields,
          llvm::DenseMap<const RecordDecl *,
                         llvm::SmallVector<std::pair<const CallExpr *,
                                                     const FunctionDecl *>,
                                           4>> &Undos)
      : ProjectCodeVisitor(SM), Catalog(Catalog), Fields(Fields),
        Undos(Undos) {}

  bool TraverseFunctionDecl(FunctionDecl *F) {
    llvm::SmallVector<const RecordDecl *, 2> Saved = Types;
    const FunctionDecl *SavedFunction = Function;
    Types.clear();
    if (F->doesThisDeclarationHaveABody()) {
      for (const ParmVarDecl *Param : F->parameters())
        addType(Param->getType());
      Function = F;
    }
    bool Result = ProjectCodeVisitor::TraverseFunctionDecl(F);
    Types = Saved;
    Function = SavedFunction;
    return Result;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->hasLocalStorage())
      addType(Var->getType());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() != BO_Assign)
      return true;
    const auto *Member = dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParenImpCasts());
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (!Field || !Field->getType()->isPointerType())
      return true;
    const Expr *Value = Op->getRHS();
    if (Value->isNullPointerConstant(Field->getASTContext(),
                                     Expr::NPC_ValueDependentIsNotNull))
      return true;
    const auto *Call = dyn_cast<CallExpr>(stripCasts(Value));
    if (Call && Catalog.isCreation(Call))
      Fields[Field].Created = true;
    else
      Fields[Field].Foreign = true;
    return true;
  }
  bool VisitOffsetOfExpr(OffsetOfExpr *Offset) {
    for (unsigned I = 0; I < Offset->getNumComponents(); ++I)
      if (Offset->getComponent(I).getKind() == OffsetOfNode::Field)
        Fields[Offset->getComponent(I).getField()].Template = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // A variable of the type may be declared after the call (`self` cast
    // from the parameter at the top is the usual case, so this is rare).
    if (!Function || !Catalog.isUnregistration(Call, nullptr))
      return true;
    // Every undo is kept under null too: one that names the source or the
    // id field counts wherever it is (a clear function of a helper struct).
    Undos[nullptr].push_back({Call, Function});
    for (const RecordDecl *Type : Types)
      Undos[Type].push_back({Call, Function});
    return true;
  }

private:
  void addType(QualType Type) {
    const RecordDecl *Record = GObjectInstances::instanceStruct(Type);
    if (Record && !llvm::is_contained(Types, Record))
      Types.push_back(Record);
  }

  const EventApiCatalog &Catalog;
  llvm::DenseMap<const FieldDecl *, GObjectInstances::FieldFacts> &Fields;
  llvm::DenseMap<const RecordDecl *,
                 llvm::SmallVector<std::pair<const CallExpr *,
                                             const FunctionDecl *>,
                                   4>> &Undos;
  llvm::SmallVector<const RecordDecl *, 2> Types;
  const FunctionDecl *Function = nullptr;
};
} // namespace

void GObjectInstances::index(ASTContext &Context) {
  if (Indexed)
    return;
  Indexed = true;
  Indexer I(Catalog, Context.getSourceManager(), Fields, TypeUndos);
  I.TraverseDecl(Context.getTranslationUnitDecl());
}

bool GObjectInstances::ownedField(const FieldDecl *Field,
                                  const GInstance &Instance,
                                  ASTContext &Context) {
  index(Context);
  auto It = Fields.find(Field);
  if (It != Fields.end() &&
      (It->second.Template || (It->second.Created && !It->second.Foreign)))
    return true;
  // A widget's widget field: a child, destroyed with its parent.
  const RecordDecl *Pointee = instanceStruct(Field->getType());
  return Pointee && isContextInstance(Pointee, Catalog) &&
         isContextInstance(Instance.Type, Catalog);
}

/// The value \p Var holds at \p Use in \p Body: the last assignment to it
/// written before \p Use, else its initialiser.
static const Expr *valueAt(const VarDecl *Var, const Stmt *Use,
                           const Stmt *Body, const SourceManager &SM) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    Finder(const VarDecl *Var, const Stmt *Use, const SourceManager &SM)
        : Var(Var), Use(Use), SM(SM) {}
    const Expr *Value = nullptr;
    bool VisitBinaryOperator(BinaryOperator *Op) {
      if (Op->getOpcode() != BO_Assign ||
          !SM.isBeforeInTranslationUnit(Op->getBeginLoc(), Use->getBeginLoc()))
        return true;
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Op->getLHS()->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == Var)
        Value = Op->getRHS();
      return true;
    }

  private:
    const VarDecl *Var;
    const Stmt *Use;
    const SourceManager &SM;
  } F(Var, Use, SM);
  if (Body)
    F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Value ? F.Value : Var->getInit();
}

bool GObjectInstances::sourceDiesWithInstance(const Registration &R,
                                              const GInstance &Instance,
                                              const FunctionDecl *Registering,
                                              ASTContext &Context) {
  if (!R.Source)
    return false;
  const Expr *Source = stripCasts(R.Source);
  if (const VarDecl *Var = castVar(Source)) {
    if (isInstanceVar(Var, Instance.Self))
      return true;
    // A local made here: created for the instance (and adopted by it) or
    // leaked, never someone else's.
    if (Var->hasLocalStorage() && !isa<ParmVarDecl>(Var))
      if (const Expr *Value =
              valueAt(Var, R.Call,
                      Registering ? Registering->getBody() : nullptr,
                      Context.getSourceManager()))
        if (const auto *Call = dyn_cast<CallExpr>(stripCasts(Value));
            Call && Catalog.isCreation(Call))
          return true;
  }
  const FieldDecl *Field = sourceField(Source);
  return Field && ownedField(Field, Instance, Context);
}

/// The field the value of \p Call is assigned to in \p Body (`self->id =
/// g_signal_connect(...)`), or null.
static const FieldDecl *handleField(const CallExpr *Call, const Stmt *Body) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    explicit Finder(const CallExpr *Call) : Call(Call) {}
    const FieldDecl *Field = nullptr;
    bool VisitBinaryOperator(BinaryOperator *Op) {
      if (Op->getOpcode() != BO_Assign ||
          Op->getRHS()->IgnoreParenImpCasts() != Call)
        return true;
      if (const auto *Member =
              dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParenImpCasts()))
        Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      return false;
    }

  private:
    const CallExpr *Call;
  } F(Call);
  if (Body)
    F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Field;
}

namespace {
/// The fields an undo call names: in its arguments (through the locals they
/// are initialised from), or, for a call written by a macro
/// (`g_clear_signal_handler(&self->id, self->src)`), anywhere in that
/// macro's expansion.
class FieldsNamed : public RecursiveASTVisitor<FieldsNamed> {
public:
  FieldsNamed(const SourceManager &SM, SourceLocation Begin,
              SourceLocation End)
      : SM(SM), Begin(Begin), End(End) {}
  llvm::SmallPtrSet<const FieldDecl *, 4> Fields;
  bool VisitMemberExpr(MemberExpr *Member) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return true;
    if (Begin.isValid()) {
      SourceLocation Loc = SM.getExpansionLoc(Member->getBeginLoc());
      if (SM.isBeforeInTranslationUnit(Loc, Begin) ||
          SM.isBeforeInTranslationUnit(End, Loc))
        return true;
    }
    Fields.insert(Field);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Begin.isInvalid() && Var && Var->hasLocalStorage() && Var->getInit() &&
        ++Depth < 4)
      TraverseStmt(const_cast<Expr *>(Var->getInit()));
    return true;
  }

private:
  const SourceManager &SM;
  SourceLocation Begin, End;
  int Depth = 0;
};
} // namespace

const CallExpr *GObjectInstances::undoInType(const Registration &R,
                                             const GInstance &Instance,
                                             const FunctionDecl *Registering,
                                             ASTContext &Context) {
  index(Context);
  const FieldDecl *Source = R.Source ? sourceField(R.Source) : nullptr;
  const FieldDecl *Handle =
      handleField(R.Call, Registering ? Registering->getBody() : nullptr);
  // Neither the source nor the handle is a field: what an undo undoes
  // cannot be told, so any undo of the pair in the type's functions counts.
  auto It = TypeUndos.find(Source || Handle ? nullptr : Instance.Type);
  if (It == TypeUndos.end())
    return nullptr;
  const SourceManager &SM = Context.getSourceManager();
  for (auto [Undo, Function] : It->second) {
    if (!R.Undo.matchesAny(callNames(Undo)))
      continue;
    if (!Source && !Handle)
      return Undo;
    SourceLocation Begin, End;
    if (Undo->getBeginLoc().isMacroID()) {
      CharSourceRange Range = SM.getExpansionRange(Undo->getBeginLoc());
      Begin = Range.getBegin();
      End = Range.getEnd();
    }
    FieldsNamed Named(SM, Begin, End);
    Named.TraverseStmt(Begin.isValid() ? Function->getBody()
                                       : const_cast<CallExpr *>(Undo));
    if ((Source && Named.Fields.contains(Source)) ||
        (Handle && Named.Fields.contains(Handle)))
      return Undo;
  }
  return nullptr;
}

} // namespace asynclint::model
