//===--- ExecutorInference.cpp - pools known from their code ---------------===//

#include "model/ExecutorInference.h"

#include "model/Annotations.h"
#include "model/BlockingSummary.h"
#include "model/NamePatterns.h"
#include "utils/ExprUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace asynclint::model {

bool ExecutorShape::drains(llvm::StringRef Field) const {
  return llvm::is_contained(Drained, Field);
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

static bool isThreadRecord(const NamedDecl *D) {
  if (!D || !D->getIdentifier())
    return false;
  llvm::StringRef Name = D->getName();
  if (Name != "thread" && Name != "jthread" && Name != "QThread" &&
      Name != "pthread_t")
    return false;
  std::string Qualified = qualifiedName(D);
  return Qualified == "std::thread" || Qualified == "std::jthread" ||
         Qualified == "boost::thread" || Qualified == "QThread" ||
         Qualified == "pthread_t";
}

static bool holdsThreadsImpl(QualType Type, unsigned Depth) {
  if (Type.isNull() || Depth > 4)
    return false;
  Type = Type.getNonReferenceType();
  if (const auto *Typedef = Type->getAs<TypedefType>())
    if (isThreadRecord(Typedef->getDecl()))
      return true;
  // `pthread_t threads_[4]`: the element type as written.
  if (const ArrayType *Array = Type->getAsArrayTypeUnsafe())
    return holdsThreadsImpl(Array->getElementType(), Depth + 1);
  Type = Type.getCanonicalType();
  if (const auto *Pointer = Type->getAs<PointerType>())
    return holdsThreadsImpl(Pointer->getPointeeType(), Depth + 1);
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (isThreadRecord(Record))
    return true;
  // A container or smart pointer of threads.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          holdsThreadsImpl(Arg.getAsType(), Depth + 1))
        return true;
  // A worker object of the project's own with a thread inside.
  if (!Record->hasDefinition() || utils::inSystemHeader(Record))
    return false;
  for (const FieldDecl *Field : Record->getDefinition()->fields())
    if (holdsThreadsImpl(Field->getType(), Depth + 1))
      return true;
  for (const CXXBaseSpecifier &Base : Record->getDefinition()->bases())
    if (holdsThreadsImpl(Base.getType(), Depth + 1))
      return true;
  return false;
}

bool holdsThreads(QualType Type) { return holdsThreadsImpl(Type, 0); }

/// A dependent field type in a class template pattern: read the template
/// arguments as written (`std::vector<std::thread>`).
static bool fieldHoldsThreads(const FieldDecl *Field) {
  QualType Type = Field->getType();
  if (holdsThreads(Type))
    return true;
  if (const auto *Spec = Type->getAs<TemplateSpecializationType>())
    for (const TemplateArgument &Arg : Spec->template_arguments())
      if (Arg.getKind() == TemplateArgument::Type && holdsThreads(Arg.getAsType()))
        return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

namespace {
/// Everything of a body the inference reads, lambdas included (a worker
/// loop is usually a lambda given to a thread).
class BodyFacts : public RecursiveASTVisitor<BodyFacts> {
public:
  llvm::SmallVector<const CallExpr *, 16> Calls;
  /// Variables and what they are made from (initialisers, assignments,
  /// range-for ranges).
  llvm::SmallVector<std::pair<const VarDecl *, const Expr *>, 16> Flows;
  /// Stores into something: `lhs = rhs`.
  llvm::SmallVector<std::pair<const Expr *, const Expr *>, 4> Stores;
  bool StartsThread = false;
  /// What starts a thread: thread constructions, pthread_create calls.
  llvm::SmallVector<const Expr *, 2> ThreadStarts;
  /// Objects of the project's own built from arguments (a worker object
  /// made from the callable).
  llvm::SmallVector<const CXXConstructExpr *, 2> Constructs;

  bool shouldVisitTemplateInstantiations() const { return false; }
  explicit BodyFacts(unsigned Depth = 0) : Depth(Depth) {}

  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    if (startsThreadOnThis(Call)) {
      StartsThread = true;
      ThreadStarts.push_back(Call);
    }
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getIdentifier() &&
        (Callee->getName() == "pthread_create" ||
         Callee->getName() == "CreateThread" ||
         Callee->getName() == "_beginthreadex")) {
      StartsThread = true;
      ThreadStarts.push_back(Call);
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      assign(Op->getArg(0), Op->getArg(1));
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (isThreadRecord(Construct->getConstructor()->getParent())) {
      StartsThread = true;
      ThreadStarts.push_back(Construct);
    } else if (Construct->getNumArgs() > 0 &&
               !utils::inSystemHeader(Construct->getConstructor())) {
      Constructs.push_back(Construct);
    }
    return true;
  }
  // `std::thread([f = std::forward<F>(f)] {...})` in a template: built from
  // dependent arguments, resolved only in each instantiation.
  bool VisitCXXUnresolvedConstructExpr(CXXUnresolvedConstructExpr *Construct) {
    if (isThreadRecord(Construct->getTypeAsWritten()->getAsCXXRecordDecl())) {
      StartsThread = true;
      ThreadStarts.push_back(Construct);
    }
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (isThreadRecord(Var->getType()->getAsCXXRecordDecl()))
      StartsThread = true;
    if (const Expr *Init = Var->getInit())
      Flows.push_back({Var, Init});
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    if (For->getLoopVariable() && For->getRangeInit())
      Flows.push_back({For->getLoopVariable(), For->getRangeInit()});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      assign(Op->getLHS(), Op->getRHS());
    return true;
  }

private:
  /// `make_detached_pthread(&pool_t::run_trampoline, this)`: the object and
  /// an entry function of its class handed to a function whose body is
  /// elsewhere, the shape of every wrapper of pthread_create.
  bool startsThreadOnThis(const CallExpr *Call) const {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || isa<CXXMethodDecl>(Callee))
      return false;
    bool PassesThis = false, PassesEntry = false;
    for (const Expr *Arg : Call->arguments()) {
      const Expr *E = Arg->IgnoreParenImpCasts();
      if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
        E = Cast->getSubExpr()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(E))
        PassesThis = true;
      if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
          AddrOf && AddrOf->getOpcode() == UO_AddrOf)
        E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        if (const auto *Method = dyn_cast<CXXMethodDecl>(Ref->getDecl()))
          PassesEntry |= Method->isStatic();
    }
    if (!PassesThis || !PassesEntry)
      return false;
    // Defined here: it must start a thread itself (a wrapper of
    // pthread_create); elsewhere: assumed to.
    const FunctionDecl *Definition = nullptr;
    if (!Callee->hasBody(Definition) || !Definition)
      return true;
    if (Depth >= 2 || utils::inSystemHeader(Definition))
      return false;
    BodyFacts Inner(Depth + 1);
    Inner.TraverseStmt(Definition->getBody());
    return Inner.StartsThread;
  }
  unsigned Depth;
  void assign(const Expr *LHS, const Expr *RHS) {
    if (const VarDecl *Var = utils::namedVar(LHS))
      Flows.push_back({Var, RHS});
    else
      Stores.push_back({LHS, RHS});
  }
};
} // namespace

static const Stmt *readableBody(const FunctionDecl *F) {
  const FunctionDecl *Definition = nullptr;
  if (!F || !F->hasBody(Definition) || !Definition ||
      utils::inSystemHeader(Definition))
    return nullptr;
  return userBody(Definition);
}

static BodyFacts factsOf(const Stmt *Body) {
  BodyFacts Facts;
  if (Body)
    Facts.TraverseStmt(const_cast<Stmt *>(Body));
  return Facts;
}

/// The class whose implementation is read for \p Class: its definition, or
/// for an instantiation the template's.
static const CXXRecordDecl *patternOf(const CXXRecordDecl *Class) {
  if (!Class)
    return nullptr;
  if (const CXXRecordDecl *Pattern = Class->getTemplateInstantiationPattern())
    Class = Pattern;
  return Class->getDefinition();
}

using utils::methodsWithBodies;

/// True if a member call named \p Name takes elements out of a container:
/// the verbs of the standard containers, of concurrent queues (TBB,
/// moodycamel, Boost.Lockfree) and of queues written on top of them.
static bool isTakeVerb(llvm::StringRef Name) {
  std::string F = foldedName(Name);
  llvm::StringRef S(F);
  for (llvm::StringRef Prefix :
       {"pop", "trypop", "waitpop", "waitandpop", "erase", "dequeue",
        "trydequeue", "waitdequeue", "take", "trytake", "extract", "pull",
        "trypull", "clear", "swap"})
    if (S.starts_with(Prefix))
      return true;
  return false;
}

static bool takesFromOwnField(const FunctionDecl *Method, unsigned Depth);

/// True if calling \p Method (of a field's class) takes an element out of
/// it: a take verb, or a body of the project's own that takes from one of
/// its own fields (`WorkQueue::next()` over a `std::deque`).
static bool isTake(const CallExpr *Call, unsigned Depth) {
  if (isTakeVerb(utils::memberCallName(Call)))
    return true;
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Depth < 3 && takesFromOwnField(Callee, Depth + 1);
}

static bool takesFromOwnField(const FunctionDecl *Method, unsigned Depth) {
  const auto *M = dyn_cast<CXXMethodDecl>(Method);
  const Stmt *Body = M ? readableBody(M) : nullptr;
  if (!Body)
    return false;
  for (const CallExpr *Call : callsInBody(Body))
    if (utils::fieldOfThis(utils::memberCallBase(Call), M->getParent()) &&
        isTake(Call, Depth))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Executors
//===----------------------------------------------------------------------===//

/// Fields of \p Class whose elements a call on them takes out: `q_.pop()`,
/// `q_.try_dequeue(x)`, and helpers of the class that do it.
using FieldNames = llvm::SmallVector<std::string, 2>;
using Aliases = llvm::DenseMap<const VarDecl *, FieldNames>;

/// The fields of \p Class that \p E is part of: directly (`q_`,
/// `data_.acquire()->queue`), or through a local made from one
/// (`auto data = data_.acquire(); data->queue`).
static FieldNames fieldsOf(const Expr *E, const CXXRecordDecl *Class,
                           const Aliases &Locals) {
  if (!E)
    return {};
  if (const FieldDecl *Field = utils::fieldOfThis(E, Class))
    return {Field->getName().str()};
  if (const VarDecl *Var = utils::rootVar(E))
    if (auto It = Locals.find(Var); It != Locals.end())
      return It->second;
  return {};
}

static void takenFields(const CallExpr *Call, const CXXRecordDecl *Class,
                        const llvm::DenseMap<const FunctionDecl *,
                                             llvm::SmallVector<std::string, 2>>
                            &Helpers,
                        llvm::SmallVectorImpl<std::string> &Out,
                        const Aliases &Locals) {
  if (FieldNames Fields = fieldsOf(utils::memberCallBase(Call), Class, Locals);
      !Fields.empty()) {
    if (isTake(Call, 0))
      Out.append(Fields.begin(), Fields.end());
    return;
  }
  // `std::swap(local, q_)`; a one-slot queue moved out of:
  // `auto job = std::move(job_)`, `std::exchange(job_, nullptr)`.
  if (const FunctionDecl *Callee = Call->getDirectCallee();
      Callee && Callee->getIdentifier() && Callee->isInStdNamespace()) {
    llvm::StringRef Name = Callee->getName();
    if (Name == "swap")
      for (const Expr *Arg : Call->arguments())
        if (const FieldDecl *Field = utils::fieldOfThis(Arg, Class))
          Out.push_back(Field->getName().str());
    if (const FieldDecl *Field = utils::movedOutField(Call, Class);
        Field && isa<MemberExpr>(Call->getArg(0)->IgnoreParenImpCasts()))
      Out.push_back(Field->getName().str());
  }
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    const FunctionDecl *Definition = nullptr;
    if (Callee->hasBody(Definition))
      if (auto It = Helpers.find(Definition); It != Helpers.end())
        Out.append(It->second.begin(), It->second.end());
  }
}

/// The expression a call runs, if it runs one: `t()`, `(*t)()`, `t->run()`,
/// `job.fn(job.arg)`, `std::invoke(t)`; null otherwise.
static const Expr *runTarget(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    return Op->getOperator() == OO_Call && Op->getNumArgs() > 0 ? Op->getArg(0)
                                                                : nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || isa<CXXConversionDecl>(Method))
      return nullptr;
    // A method of the task's own class (`task->run()`), not a library
    // accessor (`valid()`, `size()`).
    if (!Method->isOverloadedOperator() && utils::inSystemHeader(Method))
      return nullptr;
    // Nor a thread object's own methods (`retired.front().join()`): a
    // thread is not a task.
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Object && holdsThreads(Object->getType()))
      return nullptr;
    return Object;
  }
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    if (Callee->getIdentifier() &&
        (Callee->getName() == "invoke" || Callee->getName() == "apply") &&
        Callee->isInStdNamespace() && Call->getNumArgs() > 0)
      return Call->getArg(0);
    return nullptr;
  }
  // Through a function pointer: a variable or a field of a job struct.
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (isa<DeclRefExpr, MemberExpr>(Callee))
    return Callee;
  if (const auto *Deref = dyn_cast<UnaryOperator>(Callee);
      Deref && Deref->getOpcode() == UO_Deref)
    return Deref->getSubExpr();
  return nullptr;
}

namespace {
/// The fields of the class an expression's value comes from.
class Sources : public RecursiveASTVisitor<Sources> {
public:
  Sources(const CXXRecordDecl *Class,
          const llvm::DenseMap<const VarDecl *, llvm::SmallVector<std::string, 2>>
              &Derived,
          const llvm::DenseMap<const FunctionDecl *,
                               llvm::SmallVector<std::string, 2>> &Helpers)
      : Class(Class), Derived(Derived), Helpers(Helpers) {}
  llvm::SmallVector<std::string, 2> Fields;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (const FieldDecl *Field = utils::fieldOfThis(Member, Class))
      add(Field->getName());
    return true;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *Member) {
    if (const FieldDecl *Field = utils::fieldOfThis(Member, Class))
      add(Field->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (auto It = Derived.find(Var); It != Derived.end())
        for (const std::string &F : It->second)
          add(F);
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      const FunctionDecl *Definition = nullptr;
      if (Callee->hasBody(Definition))
        if (auto It = Helpers.find(Definition); It != Helpers.end())
          for (const std::string &F : It->second)
            add(F);
    }
    return true;
  }

private:
  void add(llvm::StringRef Name) {
    if (!llvm::is_contained(Fields, Name))
      Fields.push_back(Name.str());
  }
  const CXXRecordDecl *Class;
  const llvm::DenseMap<const VarDecl *, llvm::SmallVector<std::string, 2>>
      &Derived;
  const llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<std::string, 2>>
      &Helpers;
};
} // namespace

/// Locals that refer into a field: `auto data = data_.acquire()`,
/// `auto &q = queues_[i]`, `Data *d = &data_`.
static Aliases aliasesOf(const BodyFacts &B, const CXXRecordDecl *Class) {
  Aliases Out;
  for (const auto &[Var, Value] : B.Flows) {
    QualType Type = Var->getType();
    bool Refers = Type->isReferenceType() || Type->isPointerType() ||
                  Type->isDependentType() ||
                  (Type->getAsCXXRecordDecl() && !isCallableType(Type));
    if (!Refers)
      continue;
    // Through the copy of a returned guard object (before C++17).
    const Expr *E = utils::ignoreWrappers(Value);
    if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
        AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      E = AddrOf->getSubExpr();
    if (const FieldDecl *Field = utils::fieldOfThis(E, Class))
      Out[Var].push_back(Field->getName().str());
  }
  return Out;
}

const ExecutorShape &SubmissionModel::shape(const CXXRecordDecl *Class) {
  Class = patternOf(Class);
  auto [It, Inserted] = Shapes.try_emplace(Class);
  if (!Inserted || !Class || utils::inSystemHeader(Class))
    return It->second;
  ExecutorShape S;
  for (const FieldDecl *Field : Class->fields())
    S.HasThreads |= fieldHoldsThreads(Field);
  llvm::SmallVector<const FunctionDecl *, 16> Methods = methodsWithBodies(Class);
  llvm::SmallVector<BodyFacts, 16> Bodies;
  for (const FunctionDecl *M : Methods) {
    Bodies.push_back(factsOf(userBody(M)));
    S.HasThreads |= Bodies.back().StartsThread;
  }
  // Helpers that take from a field (`bool next(Task &out)`), first.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<std::string, 2>> Helpers;
  const llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<std::string, 2>>
      NoHelpers;
  llvm::SmallVector<Aliases, 16> Locals;
  for (size_t I = 0; I < Methods.size(); ++I) {
    Locals.push_back(aliasesOf(Bodies[I], Class));
    llvm::SmallVector<std::string, 2> Taken;
    for (const CallExpr *Call : Bodies[I].Calls)
      takenFields(Call, Class, NoHelpers, Taken, Locals[I]);
    if (!Taken.empty())
      Helpers[Methods[I]] = std::move(Taken);
  }
  // Then the loops: a value that came out of a field, and is run, in a
  // function that also takes from that field.
  for (size_t I = 0; I < Methods.size(); ++I) {
    const BodyFacts &B = Bodies[I];
    llvm::SmallVector<std::string, 2> Taken;
    for (const CallExpr *Call : B.Calls)
      takenFields(Call, Class, Helpers, Taken, Locals[I]);
    if (Taken.empty())
      continue;
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<std::string, 2>> Derived;
    // Out-parameters of taking calls: `q_.try_pop(task)`, `next(task)`.
    for (const CallExpr *Call : B.Calls) {
      llvm::SmallVector<std::string, 2> From;
      takenFields(Call, Class, Helpers, From, Locals[I]);
      if (From.empty())
        continue;
      for (const Expr *Arg : Call->arguments())
        if (const VarDecl *Var = utils::namedVar(Arg))
          Derived[Var].append(From.begin(), From.end());
    }
    // Values made from the fields, to a fixed point (a loop body reads a
    // variable assigned further down).
    for (int Round = 0; Round < 3; ++Round) {
      bool Changed = false;
      for (const auto &[Var, Value] : B.Flows) {
        Sources Finder(Class, Derived, Helpers);
        Finder.TraverseStmt(const_cast<Expr *>(Value));
        for (std::string &F : Finder.Fields) {
          auto &List = Derived[Var];
          if (!llvm::is_contained(List, F)) {
            List.push_back(std::move(F));
            Changed = true;
          }
        }
      }
      if (!Changed)
        break;
    }
    for (const CallExpr *Call : B.Calls) {
      const Expr *Target = runTarget(Call);
      if (!Target)
        continue;
      Sources Finder(Class, Derived, Helpers);
      Finder.TraverseStmt(const_cast<Expr *>(Target));
      for (const std::string &F : Finder.Fields) {
        if (!llvm::is_contained(Taken, F))
          continue;
        if (S.drains(F)) {
          if (!llvm::is_contained(S.Runners, Methods[I]))
            S.Runners.push_back(Methods[I]);
          continue;
        }
        S.Drained.push_back(F);
        if (!llvm::is_contained(S.Runners, Methods[I]))
          S.Runners.push_back(Methods[I]);
        if (S.RunLoc.isInvalid())
          S.RunLoc = Call->getExprLoc();
      }
    }
  }
  return Shapes[Class] = std::move(S);
}

//===----------------------------------------------------------------------===//
// Submissions
//===----------------------------------------------------------------------===//

/// The parameter index argument \p Arg of \p Call binds to, or -1.
static int paramIndexOf(const CallExpr *Call, unsigned Arg) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return -1;
  unsigned Offset = utils::firstParamArg(Call);
  if (Arg < Offset || Arg - Offset >= Callee->getNumParams())
    return -1;
  return static_cast<int>(Arg - Offset);
}

SubmissionModel::ParamUse SubmissionModel::paramUse(const FunctionDecl *F,
                                                    unsigned Index) {
  const FunctionDecl *Definition = nullptr;
  if (!F || !F->hasBody(Definition) || !Definition)
    return {};
  auto Key = std::make_pair(Definition->getCanonicalDecl(), Index);
  if (auto It = Params.find(Key); It != Params.end())
    return It->second; // done, or in progress (recursion): unknown so far
  Params[Key] = {};
  ParamUse Result = analyzeParam(Definition, Index);
  Params[Key] = Result;
  return Result;
}

SubmissionModel::ParamUse SubmissionModel::analyzeParam(const FunctionDecl *F,
                                                        unsigned Index) {
  const Stmt *Body = readableBody(F);
  if (!Body || Index >= F->getNumParams())
    return {};
  // Only what can be run is a task: a callable, or in a template a type
  // that may be one.
  QualType Type = F->getParamDecl(Index)->getType();
  if (!isCallableType(Type) && !Type->isDependentType())
    return {};
  BodyFacts B = factsOf(Body);
  // A constructor's member initialisers run before its body
  // (`thread_(std::thread(std::move(f)))`).
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten() && Init->getInit())
        B.TraverseStmt(Init->getInit());
  llvm::DenseSet<const ValueDecl *> Tainted{F->getParamDecl(Index)};
  for (int Round = 0; Round < 3; ++Round) {
    bool Changed = false;
    for (const auto &[Var, Value] : B.Flows)
      if (!Tainted.contains(Var) && utils::mentionsAny(Value, Tainted)) {
        Tainted.insert(Var);
        Changed = true;
      }
    if (!Changed)
      break;
  }
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  const CXXRecordDecl *Class = Method ? Method->getParent() : nullptr;
  ParamUse Result;
  // The callable put into a field of the object: a pool's queue, or a
  // store that never runs it.
  const Aliases Locals = Class ? aliasesOf(B, Class) : Aliases();
  auto PutInto = [&](llvm::StringRef Field) {
    const ExecutorShape &S = shape(Class);
    if (S.isExecutor() && S.drains(Field))
      return ParamUse{Use::Submits, SubmissionInfo::Source::Inferred,
                      patternOf(Class)};
    // Kept and run later, on threads the class hands work to (a server's
    // route table): a handler.
    if (const CXXRecordDecl *Runner = nullptr;
        runsOnWorkers(Class, Field, Runner)) {
      ParamUse Handler{Use::Submits, SubmissionInfo::Source::Inferred, Runner};
      Handler.Handlers = true;
      return Handler;
    }
    if (!S.HasThreads && !S.drains(Field))
      Result.U = Use::Stores;
    return ParamUse{};
  };
  for (const CallExpr *Call : B.Calls) {
    llvm::SmallVector<unsigned, 2> TaintedArgs;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (utils::mentionsAny(Call->getArg(I), Tainted))
        TaintedArgs.push_back(I);
    if (TaintedArgs.empty())
      continue;
    if (Call->getDirectCallee() == F)
      continue;
    // A submission first (`pool_->enqueue(f)` on a member pool), then a
    // put into a field of this object.
    SubmissionInfo Info = classify(Call);
    if (!Info.submits() && Class)
      if (FieldNames Fields = fieldsOf(utils::memberCallBase(Call), Class, Locals);
          !Fields.empty()) {
        for (const std::string &Field : Fields)
          if (ParamUse Use = PutInto(Field); Use.U == Use::Submits)
            return Use;
        continue;
      }
    if (Info.submits()) {
      // Handed on to a member of the same object (`submit` calling
      // `enqueue`) it is the same pool; to anything else, a wrapper.
      const Expr *Object = callObject(Call);
      bool Own = isa<CXXMemberCallExpr>(Call) &&
                 (!Object || isa<CXXThisExpr>(Object->IgnoreParenImpCasts()));
      for (const Expr *Task : Info.Tasks)
        if (utils::mentionsAny(Task, Tainted)) {
          ParamUse Submits{Use::Submits,
                           Own ? Info.From : SubmissionInfo::Source::Wrapper,
                           Info.Executor};
          Submits.Object = Info.Object;
          Submits.Handlers = Info.Handlers;
          return Submits;
        }
      continue;
    }
    // A helper it is handed to.
    for (unsigned Arg : TaintedArgs) {
      int Param = paramIndexOf(Call, Arg);
      if (Param < 0)
        continue;
      const FunctionDecl *Callee = Call->getDirectCallee();
      ParamUse Use = paramUse(Callee, Param);
      if (Use.U == Use::Submits)
        return Use;
      if (Use.U == Use::Stores)
        Result.U = Use::Stores;
      if (Result.External)
        continue;
      if (Use.External) {
        Result.External = Use.External;
        Result.ExternalParam = Use.ExternalParam;
      } else if (!Callee->hasBody() && !utils::inSystemHeader(Callee) &&
                 isCallableType(Callee->getParamDecl(Param)->getType())) {
        Result.External = Callee;
        Result.ExternalParam = static_cast<unsigned>(Param);
      }
    }
  }
  // An object of the project's own made from it (`Worker(name, [f] {...})`):
  // what its constructor does with it.
  for (const CXXConstructExpr *Construct : B.Constructs)
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
      if (I >= Construct->getConstructor()->getNumParams() ||
          !utils::mentionsAny(Construct->getArg(I), Tainted))
        continue;
      ParamUse Use = paramUse(Construct->getConstructor(), I);
      if (Use.U == Use::Submits)
        return Use;
      if (Use.U == Use::Stores)
        Result.U = Use::Stores;
    }
  // A thread started for the callable (`std::thread(std::move(f))
  // .detach()`): it runs on a thread of its own, not on a pool worker.
  for (const Expr *Start : B.ThreadStarts)
    if (utils::mentionsAny(Start, Tainted))
      Result.U = Use::Stores;
  if (Class)
    for (const auto &[LHS, RHS] : B.Stores)
      if (utils::mentionsAny(RHS, Tainted))
        for (const std::string &Field : fieldsOf(LHS, Class, Locals))
          if (ParamUse Use = PutInto(Field); Use.U == Use::Submits)
            return Use;
  return Result;
}

bool SubmissionModel::submitsParam(const FunctionDecl *F, unsigned Index,
                                   const CXXRecordDecl **Executor) {
  ParamUse Use = paramUse(F, Index);
  if (Executor)
    *Executor = Use.Executor;
  return Use.U == Use::Submits;
}

llvm::ArrayRef<unsigned>
SubmissionModel::completionTokens(const FunctionDecl *F) {
  auto [It, Inserted] = Tokens.try_emplace(F->getCanonicalDecl());
  if (!Inserted)
    return It->second;
  llvm::SmallVector<unsigned, 1> Found;
  const FunctionDecl *Definition = nullptr;
  // Asio's initiating functions (`async_read`, `socket::async_read_some`,
  // `timer::async_wait`...) all return
  // `async_initiate<Token, Signature>(initiation, token, args...)`: the
  // token, when it is a callable, is the completion handler.
  // Only Asio's (and Beast's, built on it) are read: other libraries'
  // bodies are not searched for it.
  std::string Qualified = qualifiedName(F);
  llvm::StringRef Name(Qualified);
  if ((Name.starts_with("boost::") || Name.starts_with("asio::")) &&
      F->getNumParams() > 0 && F->hasBody(Definition) && Definition)
    for (const CallExpr *Call : callsInBody(Definition->getBody())) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || !Callee->getIdentifier() ||
          Callee->getName() != "async_initiate")
        continue;
      std::string Name = qualifiedName(Callee);
      if (Name != "boost::asio::async_initiate" && Name != "asio::async_initiate")
        continue;
      for (unsigned I = 0; I < Definition->getNumParams(); ++I) {
        for (const Expr *Arg : Call->arguments())
          if (utils::namedVar(Arg) == Definition->getParamDecl(I) &&
              !llvm::is_contained(Found, I))
            Found.push_back(I);
      }
    }
  return Tokens[F->getCanonicalDecl()] = std::move(Found);
}

/// The instantiations (or the function itself) of a member \p D: what a
/// caller actually runs.
namespace {
/// Finds a mention of a variable or a field of `this` of a set.
class MentionsSeed : public RecursiveASTVisitor<MentionsSeed> {
public:
  explicit MentionsSeed(const llvm::DenseSet<const ValueDecl *> &Seeds)
      : Seeds(Seeds) {}
  bool Found = false;
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    Found |= Seeds.contains(Ref->getDecl());
    return !Found;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    Found |= Seeds.contains(Member->getMemberDecl()) &&
             isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
    return !Found;
  }

private:
  const llvm::DenseSet<const ValueDecl *> &Seeds;
};
} // namespace

static bool mentionsSeed(const Stmt *S,
                         const llvm::DenseSet<const ValueDecl *> &Seeds) {
  MentionsSeed Finder(Seeds);
  if (S)
    Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

static llvm::SmallVector<const FunctionDecl *, 2> bodiesOf(const Decl *D);

bool SubmissionModel::runsDerived(const FunctionDecl *F, const ValueDecl *Seed,
                                  unsigned Depth) {
  const Stmt *Body = readableBody(F);
  if (!Body || Depth > 3)
    return false;
  auto Key = std::make_pair(F->getCanonicalDecl(), Seed);
  if (auto It = Runs.find(Key); It != Runs.end())
    return It->second;
  Runs[Key] = false; // in progress
  BodyFacts B = factsOf(Body);
  // What is made from the seed: `for (auto &x : handlers_)`,
  // `auto &h = x.second`.
  llvm::DenseSet<const ValueDecl *> Derived{Seed};
  for (int Round = 0; Round < 3; ++Round) {
    bool Changed = false;
    for (const auto &[Var, Value] : B.Flows)
      if (!Derived.contains(Var) && mentionsSeed(Value, Derived)) {
        Derived.insert(Var);
        Changed = true;
      }
    if (!Changed)
      break;
  }
  bool Result = false;
  for (const CallExpr *Call : B.Calls) {
    if (const Expr *Target = runTarget(Call);
        Target && mentionsSeed(Target, Derived)) {
      Result = true;
      break;
    }
    // Handed to a helper that runs it (`dispatch(req, handlers_)`).
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Callee == F)
      continue;
    for (unsigned I = 0; I < Call->getNumArgs() && !Result; ++I) {
      int Param = paramIndexOf(Call, I);
      if (Param >= 0 && mentionsSeed(Call->getArg(I), Derived))
        Result = runsDerived(Callee, Callee->getParamDecl(Param), Depth + 1);
    }
    if (Result)
      break;
  }
  return Runs[Key] = Result;
}

bool SubmissionModel::runsOnWorkers(const CXXRecordDecl *Class,
                                    llvm::StringRef FieldName,
                                    const CXXRecordDecl *&Executor) {
  Class = Class ? Class->getDefinition() : nullptr;
  if (!Class || utils::inSystemHeader(Class))
    return false;
  const FieldDecl *Field = nullptr;
  for (const FieldDecl *Candidate : Class->fields())
    if (Candidate->getName() == FieldName)
      Field = Candidate;
  if (!Field)
    return false;
  if (auto It = WorkerFields.find(Field); It != WorkerFields.end()) {
    Executor = It->second.second;
    return It->second.first;
  }
  WorkerFields[Field] = {false, nullptr}; // in progress
  // The members that run what the field holds.
  llvm::SmallPtrSet<const FunctionDecl *, 4> Runners;
  llvm::SmallVector<const FunctionDecl *, 16> Members;
  for (const Decl *D : Class->decls())
    for (const FunctionDecl *F : bodiesOf(D)) {
      Members.push_back(F);
      if (runsDerived(F, Field, 0))
        Runners.insert(F->getCanonicalDecl());
    }
  // The code the class hands to other threads: tasks it submits, threads
  // it starts; and what that code reaches among its members (through
  // lambdas it passes on, too).
  llvm::SmallVector<const Stmt *, 8> Work;
  const CXXRecordDecl *Found = nullptr;
  for (const FunctionDecl *F : Members) {
    BodyFacts B = factsOf(readableBody(F));
    for (const CallExpr *Call : B.Calls) {
      SubmissionInfo Info = classify(Call);
      if (!Info.submits() || Info.Handlers)
        continue;
      for (const Expr *Task : Info.Tasks)
        if (const auto *Lambda =
                dyn_cast<LambdaExpr>(utils::ignoreWrappers(Task))) {
          Work.push_back(Lambda->getBody());
          if (!Found)
            Found = Info.Executor;
        }
    }
    for (const Expr *Start : B.ThreadStarts)
      Work.push_back(Start);
  }
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  bool Result = false;
  for (size_t I = 0; I < Work.size() && I < 256 && !Result; ++I)
    for (const CallExpr *Call : factsOf(Work[I]).Calls) {
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
      if (!Method || Method->getParent()->getCanonicalDecl() !=
                         Class->getCanonicalDecl())
        continue;
      if (Runners.contains(Method->getCanonicalDecl())) {
        Result = true;
        break;
      }
      if (Seen.insert(Method->getCanonicalDecl()).second)
        if (const Stmt *Body = readableBody(Method))
          Work.push_back(Body);
    }
  llvm::errs() << "DBG field " << FieldName << " runners " << Runners.size() << " work " << Work.size() << " result " << Result << "\n";
  WorkerFields[Field] = {Result, Result ? Found : nullptr};
  Executor = Result ? Found : nullptr;
  return Result;
}

static llvm::SmallVector<const FunctionDecl *, 2> bodiesOf(const Decl *D) {
  llvm::SmallVector<const FunctionDecl *, 2> Out;
  if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D)) {
    for (const FunctionDecl *Spec : Template->specializations())
      if (Spec->hasBody())
        Out.push_back(Spec);
  } else if (const auto *F = dyn_cast<FunctionDecl>(D)) {
    Out.push_back(F);
  }
  return Out;
}

bool SubmissionModel::runsNothingQueued(const CXXRecordDecl *Class) {
  Class = Class ? Class->getDefinition() : nullptr;
  if (!Class || utils::inSystemHeader(Class))
    return false;
  bool Stores = false;
  for (const Decl *D : Class->decls())
    for (const FunctionDecl *F : bodiesOf(D))
      for (unsigned I = 0; I < F->getNumParams(); ++I) {
        if (!isCallableType(F->getParamDecl(I)->getType()))
          continue;
        ParamUse Use = paramUse(F, I);
        if (Use.U == Use::Submits)
          return false;
        Stores |= Use.U == Use::Stores;
      }
  return Stores;
}

/// True if a member function of \p Class takes a callable.
static bool takesCallables(const CXXRecordDecl *Class) {
  for (const Decl *D : Class->decls()) {
    const FunctionDecl *F = D->getAsFunction();
    if (F && llvm::any_of(F->parameters(), [](const ParmVarDecl *P) {
          return isCallableType(P->getType());
        }))
      return true;
  }
  return false;
}

/// The object a call may hand its callables to: the object of a member
/// call, or else the first argument of a class of the project's own that
/// takes callables (`bridge(tag, executor, f)`).
static const CXXRecordDecl *executorArgument(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getRecordDecl();
  for (const Expr *Arg : Call->arguments()) {
    QualType Type = Arg->getType().getNonReferenceType();
    if (const auto *Pointer = Type->getAs<PointerType>())
      Type = Pointer->getPointeeType();
    const CXXRecordDecl *Class = Type->getAsCXXRecordDecl();
    if (Class && Class->hasDefinition() && !isCallableType(Type) &&
        !utils::inSystemHeader(Class) && takesCallables(Class->getDefinition()))
      return Class->getDefinition();
  }
  return nullptr;
}

SubmissionInfo SubmissionModel::classify(const CallExpr *Call) {
  if (auto It = Calls.find(Call); It != Calls.end())
    return It->second;
  Calls[Call]; // in progress: not a submission
  SubmissionInfo Info;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && Catalog.isTableSubmission(Call)) {
    Info.From = SubmissionInfo::Source::Catalog;
    Info.Tasks = Catalog.taskArguments(Call);
    // A library submission to an executor of the project's own that runs
    // each function on a thread started for it (Asio's `post(ex, f)` with
    // a thread-per-task executor): not a pool.
    if (const Expr *Pool = submissionPool(Call)) {
      QualType Type = Pool->getType();
      if (const auto *Pointer = Type->getAs<PointerType>())
        Type = Pointer->getPointeeType();
      if (runsNothingQueued(Type->getAsCXXRecordDecl()))
        Info.Tasks.clear();
    }
  } else if (Callee && Catalog.isHandlerRegistration(Call)) {
    Info.From = SubmissionInfo::Source::Catalog;
    Info.Tasks = Catalog.taskArguments(Call);
    Info.Handlers = true;
  } else if (llvm::ArrayRef<unsigned> Tokens =
                 Callee ? completionTokens(Callee) : llvm::ArrayRef<unsigned>();
             !Tokens.empty()) {
    for (unsigned Token : Tokens) {
      unsigned Arg = Token + utils::firstParamArg(Call);
      if (Arg < Call->getNumArgs() &&
          isCallableType(Call->getArg(Arg)->getType()))
        Info.Tasks.push_back(Call->getArg(Arg));
    }
    Info.From = SubmissionInfo::Source::Catalog;
    Info.Handlers = true;
  } else if (Callee) {
    bool Stores = false;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      int Param = paramIndexOf(Call, I);
      if (Param < 0 || !isCallableType(Call->getArg(I)->getType()))
        continue;
      ParamUse Use = paramUse(Callee, Param);
      if (Use.U == Use::Stores)
        Stores = true;
      if (Use.U != Use::Submits)
        continue;
      Info.Tasks.push_back(Call->getArg(I));
      Info.From = Use.From;
      Info.Executor = Use.Executor;
      Info.Object = Use.Object;
      Info.Handlers = Use.Handlers;
    }
    // Names decide only what no code shows: not for an object whose class
    // keeps every callable or runs each on a thread of its own (a
    // thread-per-task executor's `submit`).
    const CXXRecordDecl *Object = executorArgument(Call);
    if (Info.Tasks.empty() && !Stores && Catalog.nameSuggestsSubmission(Call) &&
        !runsNothingQueued(Object)) {
      Info.Tasks = Catalog.taskArguments(Call);
      if (!Info.Tasks.empty()) {
        Info.From = SubmissionInfo::Source::Name;
        Info.Object = Object;
      }
    }
  }
  // A class marked as a dedicated thread that blocks by design.
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (Info.Tasks.empty() ||
      (Info.Executor && hasAnnotation(Info.Executor, tag::DedicatedThread)) ||
      (Method && hasAnnotation(Method->getParent(), tag::DedicatedThread)))
    Info = SubmissionInfo();
  return Calls[Call] = std::move(Info);
}

const FunctionDecl *SubmissionModel::externalSink(const FunctionDecl *F,
                                                  unsigned Index,
                                                  unsigned &Param) {
  ParamUse Use = paramUse(F, Index);
  if (Use.U != Use::Unknown)
    return nullptr;
  Param = Use.ExternalParam;
  return Use.External;
}

bool SubmissionModel::helpsWhileWaiting(const FunctionDecl *F) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(F);
  if (!Method)
    return false;
  const ExecutorShape &S = shape(Method->getParent());
  if (!S.isExecutor())
    return false;
  const FunctionDecl *Pattern = Method->getTemplateInstantiationPattern();
  const FunctionDecl *Definition = nullptr;
  (Pattern ? Pattern : Method)->hasBody(Definition);
  return Definition && llvm::is_contained(S.Runners, Definition);
}

const ParmVarDecl *SubmissionModel::invokedParam(const CallExpr *Call) {
  // Only the callable itself: `f()`, `f(args...)`, `std::invoke(f)`; not a
  // method of a parameter object (`gate.pass()`).
  if (isa<CXXMemberCallExpr>(Call))
    return nullptr;
  const Expr *Target = runTarget(Call);
  return Target ? dyn_cast_or_null<ParmVarDecl>(utils::namedVar(Target))
                : nullptr;
}

bool SubmissionModel::runsSubmittedParam(const CallExpr *Call) {
  const Expr *Target = runTarget(Call);
  const auto *Param =
      Target ? dyn_cast_or_null<ParmVarDecl>(utils::namedVar(Target)) : nullptr;
  if (!Param)
    return false;
  const auto *Owner = dyn_cast<FunctionDecl>(Param->getDeclContext());
  return Owner && submitsParam(Owner, Param->getFunctionScopeIndex());
}

} // namespace asynclint::model
