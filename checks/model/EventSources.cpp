//===--- EventSources.cpp - event sources known from their code ------------===//

#include "model/EventSources.h"

#include "model/AsyncApis.h"
#include "model/EventApis.h"
#include "utils/DeclNames.h"
#include "utils/ExprUtils.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace asynclint::model {

namespace {

/// The member functions of the standard and Qt containers that add an
/// element, take one out, or empty the container.
bool isInsertVerb(llvm::StringRef Name) {
  return llvm::is_contained(
      {"push_back", "push_front", "emplace_back", "emplace_front", "emplace",
       "emplace_hint", "insert", "insert_or_assign", "try_emplace", "push",
       "append", "prepend", "insertMulti"},
      Name);
}
bool isRemoveVerb(llvm::StringRef Name) {
  return llvm::is_contained({"erase", "remove", "remove_if", "removeAll",
                             "removeOne", "removeAt", "removeIf", "take",
                             "takeAt", "extract", "clear", "pop_back",
                             "pop_front", "pop"},
                            Name);
}
/// What a job queue does to what it runs: take it out, or empty it.
bool isDrainVerb(llvm::StringRef Name) {
  return llvm::is_contained({"pop_back", "pop_front", "pop", "clear", "swap",
                             "take", "takeFirst", "takeLast", "dequeue"},
                            Name);
}

const CXXRecordDecl *patternClass(const CXXRecordDecl *Class) {
  if (const CXXRecordDecl *Pattern = Class->getTemplateInstantiationPattern())
    Class = Pattern;
  return Class->getDefinition() ? Class->getDefinition() : Class;
}

const CXXMethodDecl *patternMethod(const CXXMethodDecl *Method) {
  if (const FunctionDecl *Pattern = Method->getTemplateInstantiationPattern())
    return cast<CXXMethodDecl>(Pattern);
  return Method;
}

bool takesCallableParam(const ParmVarDecl *Param) {
  QualType Type = Param->getType();
  return isCallableType(Type) ||
         (Type->isDependentType() && !Type->isPointerType());
}

using Aliases = llvm::DenseMap<const ValueDecl *, const FieldDecl *>;

/// One function body, as the listener-list inference reads it: its calls
/// and what its variables are made from, lambdas included.
class ListBody : public RecursiveASTVisitor<ListBody> {
public:
  explicit ListBody(const CXXRecordDecl *Class) : Class(Class) {}

  llvm::SmallVector<const CallExpr *, 16> Calls;
  llvm::SmallVector<std::pair<const ValueDecl *, const Expr *>, 8> Flows;
  /// `list[key] = value`, `list << value`.
  llvm::SmallVector<std::pair<const Expr *, const Expr *>, 2> Stores;

  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getNumArgs() == 2 &&
        (Op->getOperator() == OO_Equal || Op->getOperator() == OO_LessLess ||
         Op->getOperator() == OO_PlusEqual))
      Stores.push_back({Op->getArg(0), Op->getArg(1)});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign) {
      if (const VarDecl *Var = utils::namedVar(Op->getLHS()))
        Flows.push_back({Var, Op->getRHS()});
      else
        Stores.push_back({Op->getLHS(), Op->getRHS()});
    }
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (const Expr *Init = Var->getInit()) {
      Flows.push_back({Var, Init});
      if (const auto *Decomposed = dyn_cast<DecompositionDecl>(Var))
        for (const BindingDecl *Binding : Decomposed->bindings())
          Flows.push_back({Binding, Init});
    }
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    const VarDecl *Var = For->getLoopVariable();
    const Expr *Range = For->getRangeInit();
    if (!Var || !Range)
      return true;
    Flows.push_back({Var, Range});
    if (const auto *Decomposed = dyn_cast<DecompositionDecl>(Var))
      for (const BindingDecl *Binding : Decomposed->bindings())
        Flows.push_back({Binding, Range});
    return true;
  }

  /// The member container of the class that \p E is, is part of, or
  /// iterates (`list_`, `list_[k]`, `list_.find(id)`, `it->second`, a loop
  /// variable over `list_`, a local reference or copy of it).
  const FieldDecl *listOf(const Expr *E) const {
    for (int Depth = 0; E && Depth < 16; ++Depth) {
      E = utils::ignoreWrappers(E);
      if (const FieldDecl *Field = utils::fieldOfThis(E, Class))
        return Field;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
        auto It = Locals.find(Ref->getDecl());
        return It == Locals.end() ? nullptr : It->second;
      }
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
        E = Member->getImplicitObjectArgument();
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (Op->getNumArgs() == 0 || Op->getOperator() == OO_Call)
          return nullptr;
        E = Op->getArg(0);
        continue;
      }
      if (const auto *Op = dyn_cast<UnaryOperator>(E)) {
        E = Op->getSubExpr();
        continue;
      }
      if (const auto *Member = dyn_cast<MemberExpr>(E)) {
        E = Member->getBase();
        continue;
      }
      if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
        E = Subscript->getBase();
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }

  /// Reads what the locals refer to; call once after traversal.
  void resolveLocals() {
    for (int Round = 0; Round < 3; ++Round) {
      bool Changed = false;
      for (const auto &[Var, Value] : Flows)
        if (!Locals.count(Var))
          if (const FieldDecl *Field = listOf(Value)) {
            Locals[Var] = Field;
            Changed = true;
          }
      if (!Changed)
        break;
    }
  }

  /// \p Seed and the locals made from it.
  llvm::DenseSet<const ValueDecl *> derivedFrom(const ValueDecl *Seed) const {
    llvm::DenseSet<const ValueDecl *> Tainted{Seed};
    for (int Round = 0; Round < 3; ++Round) {
      bool Changed = false;
      for (const auto &[Var, Value] : Flows)
        if (!Tainted.contains(Var) && utils::mentionsAny(Value, Tainted)) {
          Tainted.insert(Var);
          Changed = true;
        }
      if (!Changed)
        break;
    }
    return Tainted;
  }

  /// The element \p Call calls, if it calls one: `h()`, `(*it)()`,
  /// `entry.fn(x)`, `std::invoke(h)`.
  static const Expr *calledElement(const CallExpr *Call) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      return Op->getOperator() == OO_Call && Op->getNumArgs() > 0
                 ? Op->getArg(0)
                 : nullptr;
    if (isa<CXXMemberCallExpr>(Call))
      return nullptr;
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
          Callee->getName() == "invoke" && Call->getNumArgs() > 0)
        return Call->getArg(0);
      return nullptr;
    }
    // A function pointer, a variable of a dependent type in a template.
    const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(Callee);
        Deref && Deref->getOpcode() == UO_Deref)
      Callee = Deref->getSubExpr();
    return isa<DeclRefExpr, MemberExpr, CXXDependentScopeMemberExpr>(Callee)
               ? Callee
               : nullptr;
  }

  /// True if \p Call takes elements of a container out or empties it
  /// (`q.pop_front()`, `q.clear()`, `std::swap(local, q_)`,
  /// `auto jobs = std::move(q_)`): the container a job queue.
  const FieldDecl *drained(const CallExpr *Call) const {
    if (const Expr *Base = utils::memberCallBase(Call))
      if (isDrainVerb(utils::memberCallName(Call)))
        return listOf(Base);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        llvm::is_contained({"move", "exchange", "swap"}, Callee->getName()))
      for (const Expr *Arg : Call->arguments())
        if (const FieldDecl *Field = utils::fieldOfThis(Arg, Class))
          return Field;
    return nullptr;
  }

  /// The container \p Call removes entries from, or null.
  const FieldDecl *removedFrom(const CallExpr *Call) const {
    if (const Expr *Base = utils::memberCallBase(Call))
      return isRemoveVerb(utils::memberCallName(Call)) ? listOf(Base) : nullptr;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        llvm::is_contained({"erase", "erase_if", "remove", "remove_if"},
                           Callee->getName()))
      for (const Expr *Arg : Call->arguments())
        if (const FieldDecl *Field = listOf(Arg))
          return Field;
    return nullptr;
  }

private:
  const CXXRecordDecl *Class;
  Aliases Locals;
};

const Stmt *readableBody(const FunctionDecl *F) {
  const FunctionDecl *Definition = utils::userDefinition(F);
  return Definition ? Definition->getBody() : nullptr;
}

/// A null value stored to clear an entry: `nullptr`, `{}`, `NULL`.
bool isEmptyValue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 0 ||
           isEmptyValue(Construct->getArg(0));
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0;
  return isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E);
}

/// The stems of registration names and their undo stems, compared with
/// case and `_` ignored.
constexpr std::pair<llvm::StringLiteral, llvm::StringLiteral> Stems[] = {
    {"add", "remove"},         {"register", "unregister"},
    {"register", "deregister"}, {"subscribe", "unsubscribe"},
    {"attach", "detach"},      {"hook", "unhook"},
    {"install", "uninstall"}};

} // namespace

bool EventSourceModel::dispatches(const FieldDecl *List) {
  auto [It, Inserted] = Dispatched.try_emplace(List, false);
  if (!Inserted)
    return It->second;
  const auto *Class = dyn_cast<CXXRecordDecl>(List->getParent());
  bool Found = false;
  if (Class)
    for (const FunctionDecl *F : utils::methodsWithBodies(Class)) {
      const Stmt *Body = readableBody(F);
      if (!Body)
        continue;
      ListBody B(Class);
      B.TraverseStmt(const_cast<Stmt *>(Body));
      B.resolveLocals();
      bool Calls = false, Drains = false;
      for (const CallExpr *Call : B.Calls) {
        if (const Expr *Element = ListBody::calledElement(Call);
            Element && B.listOf(Element) == List)
          Calls = true;
        if (B.drained(Call) == List)
          Drains = true;
      }
      if (Calls && !Drains) {
        Found = true;
        break;
      }
    }
  Dispatched[List] = Found;
  return Found;
}

const EventRole &EventSourceModel::role(const CXXMethodDecl *Method) {
  Method = patternMethod(Method);
  auto It = Roles.find(Method);
  if (It != Roles.end())
    return It->second;
  EventRole Role = computeRole(Method);
  return Roles[Method] = std::move(Role);
}

EventRole EventSourceModel::computeRole(const CXXMethodDecl *Method) {
  const CXXRecordDecl *Class = patternClass(Method->getParent());
  if (Class->isLambda() || utils::inSystemHeader(Class) || Method->isStatic() ||
      isa<CXXConstructorDecl, CXXDestructorDecl>(Method))
    return {};
  const Stmt *Body = readableBody(Method);
  if (!Body)
    return roleByName(Method);
  ListBody B(Class);
  B.TraverseStmt(const_cast<Stmt *>(Body));
  B.resolveLocals();

  EventRole Role;
  // A registration: a callable parameter put into a dispatched container.
  for (unsigned I = 0; I < Method->getNumParams(); ++I) {
    const ParmVarDecl *Param = Method->getParamDecl(I);
    if (!takesCallableParam(Param))
      continue;
    llvm::DenseSet<const ValueDecl *> Tainted = B.derivedFrom(Param);
    const FieldDecl *Into = nullptr;
    for (const CallExpr *Call : B.Calls) {
      const Expr *Base = utils::memberCallBase(Call);
      if (!Base || !isInsertVerb(utils::memberCallName(Call)))
        continue;
      for (const Expr *Arg : Call->arguments())
        if (utils::mentionsAny(Arg, Tainted))
          Into = B.listOf(Base);
      if (Into)
        break;
    }
    // `list_[key] = f`, `list_ << f`: a store into an element, not into a
    // callable member (a setter).
    for (const auto &[Target, Value] : B.Stores)
      if (!Into && utils::mentionsAny(Value, Tainted))
        if (const FieldDecl *Field = B.listOf(Target);
            Field && !isCallableType(Field->getType()))
          Into = Field;
    if (Into && dispatches(Into)) {
      Role.K = EventRole::Register;
      Role.List = Into;
      Role.Handlers.push_back(I);
    }
  }
  if (Role.K == EventRole::Register)
    return Role;

  // An undo: removes entries from a dispatched container it does not
  // itself dispatch.
  const FieldDecl *From = nullptr;
  for (const CallExpr *Call : B.Calls) {
    if (const Expr *Element = ListBody::calledElement(Call);
        Element && B.listOf(Element))
      return {}; // a dispatch that drops some entries (one-shot handlers)
    if (!From)
      From = B.removedFrom(Call);
  }
  for (const auto &[Target, Value] : B.Stores)
    if (!From && isEmptyValue(Value))
      if (const FieldDecl *Field = B.listOf(Target);
          Field && !isCallableType(Field->getType()))
        From = Field;
  if (!From || !dispatches(From))
    return {};
  Role.K = EventRole::Unregister;
  Role.List = From;
  Role.By = EventRole::All;
  for (const ParmVarDecl *Param : Method->parameters()) {
    if (takesCallableParam(Param)) {
      Role.By = EventRole::Equality;
      break;
    }
    Role.By = EventRole::Token;
  }
  return Role;
}

/// \p Name split as `<stem><rest>` for one of \p Choices, folded; false if
/// it starts with none.
static bool splitStem(llvm::StringRef Name, bool Undo, std::string &Stem,
                      std::string &Rest) {
  std::string Folded = foldedName(Name);
  for (const auto &[Register, Unregister] : Stems) {
    llvm::StringRef S = Undo ? Unregister : Register;
    if (llvm::StringRef(Folded).starts_with(S) && Folded.size() > S.size()) {
      Stem = S.str();
      Rest = Folded.substr(S.size());
      return true;
    }
  }
  return false;
}

EventRole EventSourceModel::roleByName(const CXXMethodDecl *Method) {
  if (!Method->getIdentifier())
    return {};
  const CXXRecordDecl *Class = patternClass(Method->getParent());
  bool TakesCallable = llvm::any_of(Method->parameters(), takesCallableParam);
  std::string Stem, Rest;
  EventRole Role;
  Role.ByName = true;
  if (TakesCallable && splitStem(Method->getName(), false, Stem, Rest)) {
    // Registered by a name whose undo the class declares.
    for (const auto &[Register, Unregister] : Stems) {
      if (Register != Stem)
        continue;
      for (const CXXMethodDecl *Other : Class->methods())
        if (Other->getIdentifier() &&
            foldedName(Other->getName()) == (Unregister + Rest).str())
          Role.K = EventRole::Register;
    }
    if (Role.K == EventRole::Register)
      for (unsigned I = 0; I < Method->getNumParams(); ++I)
        if (takesCallableParam(Method->getParamDecl(I)))
          Role.Handlers.push_back(I);
    return Role;
  }
  if (splitStem(Method->getName(), true, Stem, Rest)) {
    for (const auto &[Register, Unregister] : Stems) {
      if (Unregister != Stem)
        continue;
      for (const CXXMethodDecl *Other : Class->methods())
        if (Other->getIdentifier() &&
            foldedName(Other->getName()) == (Register + Rest).str() &&
            llvm::any_of(Other->parameters(), takesCallableParam))
          Role.K = EventRole::Unregister;
    }
    Role.By = TakesCallable               ? EventRole::Equality
              : Method->getNumParams() > 0 ? EventRole::Token
                                           : EventRole::All;
    return Role;
  }
  return {};
}

bool EventSourceModel::registration(const CallExpr *Call, Registration &Out) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || utils::inSystemHeader(Method))
    return false;
  const EventRole &Role = role(Method);
  if (Role.K != EventRole::Register)
    return false;
  Out = Registration();
  Out.Call = Call;
  Out.Source = callObject(Call);
  unsigned Offset = utils::firstParamArg(Call);
  for (unsigned Param : Role.Handlers)
    if (Param + Offset < Call->getNumArgs())
      Out.Handlers.push_back(Call->getArg(Param + Offset));
  // Its undo: the members of the class that remove from the same list (or
  // pair with it by name).
  const CXXRecordDecl *Class = patternClass(Method->getParent());
  std::string Prefix = qualifiedName(Method->getParent()) + "::";
  std::string Stem, Rest;
  if (Role.ByName)
    splitStem(Method->getName(), false, Stem, Rest);
  for (const CXXMethodDecl *Other : Class->methods()) {
    if (!Other->getIdentifier() || Other == patternMethod(Method))
      continue;
    const EventRole &Undo = role(Other);
    if (Undo.K != EventRole::Unregister)
      continue;
    bool Pairs = Role.ByName ? llvm::any_of(Stems, [&](const auto &S) {
      return S.first == Stem &&
             foldedName(Other->getName()) == (S.second + Rest).str();
    })
                             : Undo.List == Role.List;
    if (Pairs)
      Out.UndoGlobs.push_back(Prefix + Other->getName().str());
  }
  Out.Undo = NamePatterns(Out.UndoGlobs);
  QualType Result = Method->getReturnType();
  Out.ReturnsHandle = !Result->isVoidType() && !Result->isReferenceType() &&
                      !Result->isBooleanType();
  return true;
}

bool EventSourceModel::isUnregistration(const CallExpr *Call) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  return Method && !utils::inSystemHeader(Method) &&
         role(Method).K == EventRole::Unregister;
}

} // namespace asynclint::model
