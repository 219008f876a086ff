//===--- BlockingWaitInPoolCheck.cpp - asynclint --------------------------===//

#include "async/BlockingWaitInPoolCheck.h"

#include "model/NamePatterns.h"
#include "utils/DeclNames.h"
#include "utils/ExprUtils.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace asynclint::async {

/// The first instantiation of \p Template with a body, or null.
static const FunctionDecl *firstInstantiation(const FunctionTemplateDecl *Template) {
  for (const FunctionDecl *Spec : Template->specializations())
    if (Spec->hasBody())
      return Spec;
  return nullptr;
}

/// The user-written operator() of a functor class, or null.
static const FunctionDecl *functorCall(QualType Type) {
  const CXXRecordDecl *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || Record->isLambda() || !Record->hasDefinition())
    return nullptr;
  DeclarationName Call =
      Record->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  for (const NamedDecl *D : Record->lookup(Call)) {
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      // A generic functor: the instantiation the pool calls.
      Method = dyn_cast_or_null<CXXMethodDecl>(firstInstantiation(Template));
    if (!Method)
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      continue;
    const SourceManager &SM = Record->getASTContext().getSourceManager();
    if (SM.isInSystemHeader(SM.getSpellingLoc(Definition->getLocation())))
      return nullptr;
    return Definition;
  }
  return nullptr;
}

/// The body that runs on the worker for a task argument: a lambda's body, a
/// function named by reference or pointer, the function or member bound by
/// std::bind, or a functor's operator(); through the temporaries and
/// conversions (to std::function, for example) around them.
static const Stmt *taskBody(const Expr *Task) {
  for (int Depth = 0; Task && Depth < 12; ++Depth) {
    Task = Task->IgnoreImplicit()->IgnoreParens();
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Task)) {
      // A generic lambda: the body of the instantiation the pool calls, in
      // which calls depending on the parameters are resolved.
      if (const FunctionTemplateDecl *Template = Lambda->getDependentCallOperator())
        if (const FunctionDecl *Instance = firstInstantiation(Template))
          return Instance->getBody();
      return Lambda->getBody();
    }
    if (const FunctionDecl *Call = functorCall(Task->getType()))
      return model::userBody(Call);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Task)) {
      if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
        return model::userBody(Function);
      // A local task object made first (`std::packaged_task<int()> t(f);
      // pool.post(std::move(t));`): what it was made from.
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !Var->isLocalVarDecl() || !Var->getInit())
        return nullptr;
      Task = Var->getInit();
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(Task)) {
      if (Unary->getOpcode() != UO_AddrOf)
        return nullptr;
      Task = Unary->getSubExpr();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Task)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // `co_spawn(pool, session(socket), detached)`: the coroutine called
      // there runs on the pool.
      if (utils::isCoroutineDefinition(Callee))
        return model::userBody(Callee);
      if (!Callee || Call->getNumArgs() == 0)
        return nullptr;
      std::string Name = model::qualifiedName(Callee);
      if (Name != "std::bind" && Name != "std::bind_front" &&
          Name != "boost::bind" && Name != "std::move" &&
          Name != "std::forward" && Name != "std::ref")
        return nullptr;
      Task = Call->getArg(0);
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Task)) {
      if (Construct->getNumArgs() == 0)
        return nullptr;
      Task = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(Task)) {
      Task = Cast->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// The submission \p E evaluates to, through copies and conversions.
static const CallExpr *submissionIn(const Expr *E,
                                    model::SubmissionModel &Submissions) {
  const auto *Call = dyn_cast_or_null<CallExpr>(utils::ignoreWrappers(E));
  return Call && Submissions.isSubmission(Call) ? Call : nullptr;
}

namespace {
/// Finds `X = <submission>` in a task body.
class AssignedSubmission : public RecursiveASTVisitor<AssignedSubmission> {
public:
  AssignedSubmission(const Decl *Target, model::SubmissionModel &Submissions)
      : Target(Target), Submissions(Submissions) {}
  const CallExpr *Found = nullptr;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2)
      consider(Call->getArg(0), Call->getArg(1));
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      consider(Op->getLHS(), Op->getRHS());
    return true;
  }

private:
  void consider(const Expr *LHS, const Expr *RHS) {
    if (Found || model::poolIdentity(LHS) != Target)
      return;
    Found = submissionIn(RHS, Submissions);
  }
  const Decl *Target;
  model::SubmissionModel &Submissions;
};
} // namespace

/// The submission whose result \p Wait waits on, when the waited-on object
/// is a variable or field initialised or assigned from one.
static const CallExpr *waitedSubmission(const CallExpr *Wait,
                                        llvm::ArrayRef<model::BlockingFrame> Chain,
                                        const Stmt *TaskBody,
                                        model::SubmissionModel &Submissions) {
  const CallExpr *Waiting = Chain.empty() ? Wait : Chain.back().Call;
  const Expr *Object = model::callObject(Waiting);
  if (!Object)
    return nullptr;
  const Decl *Target = model::poolIdentity(Object);
  // Through helpers that wait on a parameter (`int finish(std::future<int>
  // &f) { return f.get(); }`): back up the chain to the task's own variable.
  for (size_t I = Chain.size(); I-- > 0;) {
    const CallExpr *Caller = I == 0 ? Wait : Chain[I - 1].Call;
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(Target);
    const auto *Owner =
        Param ? dyn_cast<FunctionDecl>(Param->getDeclContext()) : nullptr;
    if (!Owner || isa<CXXOperatorCallExpr>(Caller) ||
        Owner->getCanonicalDecl() != Chain[I].Function->getCanonicalDecl() ||
        Param->getFunctionScopeIndex() >= Caller->getNumArgs())
      return nullptr;
    Target = model::poolIdentity(Caller->getArg(Param->getFunctionScopeIndex()));
  }
  if (!Target || isa<CXXRecordDecl>(Target))
    return nullptr;
  if (const auto *Var = dyn_cast<VarDecl>(Target))
    if (const Expr *Init = Var->getInit())
      if (const CallExpr *Found = submissionIn(Init, Submissions))
        return Found;
  AssignedSubmission Finder(Target, Submissions);
  Finder.TraverseStmt(const_cast<Stmt *>(TaskBody));
  return Finder.Found;
}

static bool isQFutureWait(const CallExpr *Wait) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Wait->getDirectCallee());
  return Method && Method->getParent()->getIdentifier() &&
         Method->getParent()->getName() == "QFuture";
}

BlockingWaitInPoolCheck::BlockingWaitInPoolCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : BlockingCheck(Name, Context),
      CoroutineCheckOwnsCoroutines(
          Context->isCheckEnabled("async-blocking-wait-in-coroutine")) {}

/// True if the task \p Task is a coroutine: a coroutine lambda, or a call to
/// a coroutine (`spawn(session(socket))`).
static bool isCoroutineTask(const Expr *Task) {
  Task = utils::ignoreWrappers(Task);
  if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(Task))
    return utils::isCoroutineDefinition(Lambda->getCallOperator());
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Task))
    return utils::isCoroutineDefinition(Call->getDirectCallee());
  return false;
}

void BlockingWaitInPoolCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader())).bind("submission"), this);
  Finder->addMatcher(cxxConstructExpr(unless(isExpansionInSystemHeader()),
                                      hasAnyArgument(expr()))
                         .bind("construction"),
                     this);
  registerDefinitionMatcher(Finder);
}

/// The pool a submission hands its task to, for the same-pool verdict; a
/// wrapper (`parallel_for(n, f)`) names none in its arguments.
static const Decl *poolOf(const CallExpr *Submission,
                          model::SubmissionModel &Submissions) {
  if (Submissions.classify(Submission).From ==
      model::SubmissionInfo::Source::Wrapper)
    return nullptr;
  return model::poolIdentity(model::submissionPool(Submission));
}

void BlockingWaitInPoolCheck::report(const CallExpr *Submission,
                                     const CallExpr *Call,
                                     llvm::ArrayRef<model::BlockingFrame> Chain,
                                     const Stmt *TaskBody,
                                     const SourceManager &SM) {
  model::SubmissionModel &Submissions = Summary->submissions();
  const CallExpr *Waiting = Chain.empty() ? Call : Chain.back().Call;
  if (!isQFutureWait(Waiting)) {
    if (const CallExpr *Inner =
            waitedSubmission(Call, Chain, TaskBody, Submissions)) {
      const Decl *Pool = poolOf(Submission, Submissions);
      const auto *PoolName = dyn_cast_or_null<NamedDecl>(Pool);
      if (PoolName && Pool == poolOf(Inner, Submissions)) {
        if (!firstReport(Call, SM))
          return;
        diag(Call->getExprLoc(),
             "task running on thread pool %0 waits for a task submitted to "
             "the same pool; this deadlocks once every worker waits")
            << PoolName;
        addChainNotes(Call, Chain);
        diag(Inner->getExprLoc(), "inner task submitted here",
             DiagnosticIDs::Note);
        diag(Submission->getExprLoc(), "task submitted here",
             DiagnosticIDs::Note);
        return;
      }
    }
  }
  reportOrGroup(Submission, Submission->getExprLoc(), Call, Chain, SM);
}

void BlockingWaitInPoolCheck::reportOrGroup(
    const CallExpr *Submission, SourceLocation SubmittedAt,
    const CallExpr *Call, llvm::ArrayRef<model::BlockingFrame> Chain,
    const SourceManager &SM) {
  llvm::SmallVector<model::BlockingFrame, 8> Frames(Chain.begin(), Chain.end());
  auto Alone = [this, Submission, SubmittedAt, Call, Frames, &SM] {
    reportBlocking(Submission, SubmittedAt, Call, Frames, SM);
  };
  if (!deferToGroup(Call, Chain, SM, Alone))
    Alone();
}

void BlockingWaitInPoolCheck::reportBlocking(
    const CallExpr *Submission, SourceLocation SubmittedAt,
    const CallExpr *Call, llvm::ArrayRef<model::BlockingFrame> Chain,
    const SourceManager &SM) {
  if (!firstReport(Call, SM))
    return;
  model::SubmissionModel &Submissions = Summary->submissions();
  const model::SubmissionInfo Info =
      Submission ? Submissions.classify(Submission) : model::SubmissionInfo();
  if (const CXXRecordDecl *Executor = Info.Executor) {
    diag(Call->getExprLoc(),
         "task running on a worker thread of %0 blocks it in call to %1")
        << utils::displayName(Executor) << utils::calleeDisplayName(Call);
  } else {
    diag(Call->getExprLoc(),
         "task running on a thread pool blocks the worker in call to %0")
        << utils::calleeDisplayName(Call);
  }
  addChainNotes(Call, Chain);
  diag(SubmittedAt,
       Info.Handlers ? "handler registered here" : "task submitted here",
       DiagnosticIDs::Note);
  if (const CXXRecordDecl *Executor = Info.Executor) {
    const model::ExecutorShape &Shape = Submissions.shape(Executor);
    if (Shape.RunLoc.isValid())
      diag(Shape.RunLoc,
           "%0 runs queued tasks on its own threads here; if it is a "
           "dedicated thread meant to block, mark the class "
           "ASYNCLINT_DEDICATED_THREAD",
           DiagnosticIDs::Note)
          << utils::displayName(Executor);
  }
}

namespace {
/// The locals of a body initialised from one of a set of variables.
class CopiesOf : public RecursiveASTVisitor<CopiesOf> {
public:
  explicit CopiesOf(llvm::SmallPtrSetImpl<const Decl *> &Vars) : Vars(Vars) {}
  bool VisitVarDecl(VarDecl *Var) {
    if (const Expr *Init = Var->getInit())
      if (const VarDecl *From = utils::namedVar(Init); From && Vars.count(From))
        Vars.insert(Var);
    return true;
  }

private:
  llvm::SmallPtrSetImpl<const Decl *> &Vars;
};
} // namespace

/// The parameters of a continuation \p Task that receive the antecedent
/// (`t.then([](pplx::task<int> done) { ... })`: `done` is of the type of the
/// task `then` is called on), and the locals copied from them: the
/// antecedent has finished when the continuation runs, so waiting on it
/// returns at once.
static void antecedents(const CallExpr *Submission, const Expr *Task,
                        llvm::SmallPtrSetImpl<const Decl *> &Out) {
  const Expr *Object = model::callObject(Submission);
  const auto *Lambda =
      dyn_cast_or_null<LambdaExpr>(utils::ignoreWrappers(Task));
  if (!Object || !Lambda)
    return;
  QualType ObjectType = Object->getType();
  if (const auto *Pointer = ObjectType->getAs<PointerType>())
    ObjectType = Pointer->getPointeeType();
  const CXXRecordDecl *Antecedent = ObjectType->getAsCXXRecordDecl();
  if (!Antecedent)
    return;
  for (const ParmVarDecl *Param : Lambda->getCallOperator()->parameters())
    if (const CXXRecordDecl *Type =
            Param->getType().getNonReferenceType()->getAsCXXRecordDecl();
        Type && Type->getCanonicalDecl() == Antecedent->getCanonicalDecl())
      Out.insert(Param);
  if (Out.empty())
    return;
  CopiesOf Finder(Out);
  Finder.TraverseStmt(Lambda->getBody());
}

/// True if \p Call waits for the task group \p Group itself: from a task
/// of that group, the wait includes the calling task, which cannot end while
/// it waits.
static bool waitsForOwnGroup(const CallExpr *Call, const Decl *Group) {
  if (!Group || !model::isGroupWait(Call))
    return false;
  const Expr *Object = model::callObject(Call);
  // Through a local reference to the group.
  if (const VarDecl *Ref = utils::namedVar(Object);
      Ref && Ref->getType()->isReferenceType() && Ref->getInit())
    Object = Ref->getInit();
  return Object && model::poolIdentity(Object) == Group;
}

/// The chain by which \p Call waits for the task group \p Group through
/// helpers it passes the group to (`finish(g)` with `void finish(
/// task_group &g) { g.wait(); }`): appended to \p Chain, true if found.
static bool waitsForOwnGroupThrough(
    const CallExpr *Call, const Decl *Group, model::BlockingSummary &Summary,
    llvm::SmallVectorImpl<model::BlockingFrame> &Chain, unsigned Depth = 0) {
  const FunctionDecl *Callee = model::BlockingSummary::followedCallee(Call);
  if (!Group || !Callee || Depth > 4)
    return false;
  unsigned Offset = utils::firstParamArg(Call);
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
    if (I - Offset >= Callee->getNumParams() ||
        model::poolIdentity(Call->getArg(I)) != Group)
      continue;
    const ParmVarDecl *Param = Callee->getParamDecl(I - Offset);
    for (const CallExpr *Inner : Summary.callsIn(model::userBody(Callee))) {
      Chain.push_back({Callee, Inner});
      if (waitsForOwnGroup(Inner, Param) ||
          waitsForOwnGroupThrough(Inner, Param, Summary, Chain, Depth + 1))
        return true;
      Chain.pop_back();
    }
  }
  return false;
}

void BlockingWaitInPoolCheck::recordCandidateRoots(const CallExpr *Call) {
  // Only a callee whose body another TU has: declared here outside system
  // headers, with no body (or a pure virtual one, implemented elsewhere).
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Callee->getBuiltinID() || utils::inSystemHeader(Callee))
    return;
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  bool Opaque = !Callee->hasBody() || (Method && Method->isPureVirtual());
  unsigned Offset = utils::firstParamArg(Call);
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
    if (I - Offset >= Callee->getNumParams() ||
        !model::isCallableType(Call->getArg(I)->getType()))
      continue;
    // Straight to a function of another TU, or through functions defined
    // here (an inline wrapper in a header) to one.
    const FunctionDecl *Sink = Opaque ? Callee : nullptr;
    unsigned Param = I - Offset;
    if (!Sink)
      Sink = Summary->submissions().externalSink(Callee, I - Offset, Param);
    if (!Sink)
      continue;
    if (const Stmt *Body = taskBody(Call->getArg(I)))
      Facts->recordCandidateRoot(getID(), Body, Call, Sink, Param);
  }
}

void BlockingWaitInPoolCheck::checkConstruction(const CXXConstructExpr *Construct,
                                                const SourceManager &SM) {
  // Most constructions take no callable: test that before the name.
  llvm::SmallVector<const Expr *, 2> Callables;
  for (const Expr *Arg : Construct->arguments())
    if (model::isCallableType(Arg->getType()))
      Callables.push_back(Arg);
  if (Callables.empty())
    return;
  // Once per constructor, not per construction.
  auto [Known, New] = SubmittingConstructors.try_emplace(
      Construct->getConstructor()->getCanonicalDecl(), false);
  if (New)
    Known->second = Catalog.isTableSubmission(Construct);
  if (!Known->second)
    return;
  llvm::SmallVector<model::BlockingFrame, 8> Chain;
  for (const Expr *Arg : Callables) {
    const Stmt *Body = taskBody(Arg);
    if (!Body)
      continue;
    for (const CallExpr *Call : Summary->callsIn(Body)) {
      if (SM.isInSystemHeader(SM.getSpellingLoc(Call->getExprLoc())))
        continue;
      if (Summary->callBlocks(Call, Chain))
        reportOrGroup(nullptr, Construct->getExprLoc(), Call, Chain, SM);
    }
  }
}

void BlockingWaitInPoolCheck::check(const MatchFinder::MatchResult &Result) {
  if (recordDefinition(Result))
    return;
  if (const auto *Construct =
          Result.Nodes.getNodeAs<CXXConstructExpr>("construction")) {
    checkConstruction(Construct, *Result.SourceManager);
    return;
  }
  const auto *Submission = Result.Nodes.getNodeAs<CallExpr>("submission");
  model::SubmissionModel &Submissions = Summary->submissions();
  const model::SubmissionInfo Info = Submissions.classify(Submission);
  if (!Info.submits()) {
    if (Facts)
      recordCandidateRoots(Submission);
    return;
  }
  for (const Expr *Task : Info.Tasks) {
    const Stmt *Body = taskBody(Task);
    if (!Body)
      continue;
    // A coroutine task that blocks is the coroutine check's finding (same
    // wait, same fix: co_await); one report per wait.
    if (CoroutineCheckOwnsCoroutines && isCoroutineTask(Task))
      continue;
    // In a codebase run, a task a name alone calls pooled waits for the
    // merge: another TU may hold the class's code.
    std::vector<BlockingFacts::BlockingCall> Deferred;
    const bool Defer = Facts && Info.Object;
    llvm::SmallPtrSet<const Decl *, 4> Ready;
    antecedents(Submission, Task, Ready);
    llvm::SmallVector<model::BlockingFrame, 8> Chain;
    const Decl *Group = poolOf(Submission, Submissions);
    for (const CallExpr *Call : Summary->callsIn(Body)) {
      if (const Expr *Object = model::callObject(Call);
          Object && Ready.count(model::poolIdentity(Object)))
        continue; // the antecedent of a continuation has finished
      Chain.clear();
      if (waitsForOwnGroup(Call, Group) ||
          waitsForOwnGroupThrough(Call, Group, *Summary, Chain)) {
        if (firstReport(Call, *Result.SourceManager)) {
          diag(Call->getExprLoc(),
               "task of task group %0 waits for its own group; the wait "
               "cannot return before this task ends")
              << cast<NamedDecl>(Group);
          addChainNotes(Call, Chain);
          diag(Submission->getExprLoc(), "task submitted here",
               DiagnosticIDs::Note);
        }
        continue;
      }
      if (Submissions.runsSubmittedParam(Call))
        continue; // reported in the callable the caller passed
      if (Result.SourceManager->isInSystemHeader(
              Result.SourceManager->getSpellingLoc(Call->getExprLoc())))
        continue; // a library's own task body: not where the fix goes
      if (!Summary->callBlocks(Call, Chain))
        continue;
      if (Defer)
        Deferred.push_back({Call, Chain});
      else
        report(Submission, Call, Chain, Body, *Result.SourceManager);
    }
    if (Facts) {
      Facts->recordRoot(getID(), Body, Submission, nullptr);
      if (Defer)
        Facts->recordNamedRoot(getID(), Submission, Info.Object, Deferred);
    }
  }
}

} // namespace asynclint::async
