//===--- BlockingSummary.cpp - which functions block, and through what ----===//

#include "model/BlockingSummary.h"

#include "model/Annotations.h"
#include "model/NamePatterns.h"
#include "utils/ExprUtils.h"

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
  BodyCalls(llvm::DenseSet<const CallExpr *> *Discarded,
            llvm::DenseSet<const CallExpr *> *Ready)
      : Discarded(Discarded), Ready(Ready) {}
  llvm::SmallVector<const CallExpr *, 8> Calls;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  /// `if (f.wait_for(0s) == std::future_status::ready) return f.get();`:
  /// the result was seen ready, so the get in the branch does not wait.
  bool TraverseIfStmt(IfStmt *If) {
    llvm::SmallVector<const Decl *, 2> Polled;
    if (Ready && If->getCond())
      readyPolls(If->getCond(), Polled);
    if (Polled.empty())
      return RecursiveASTVisitor::TraverseIfStmt(If);
    if (!WalkUpFromIfStmt(If) || !TraverseStmt(If->getInit()) ||
        !TraverseStmt(If->getCond()))
      return false;
    size_t Begin = Calls.size();
    if (!TraverseStmt(If->getThen()))
      return false;
    for (size_t I = Begin; I < Calls.size(); ++I) {
      const FunctionDecl *Callee = Calls[I]->getDirectCallee();
      const Expr *Object = callObject(Calls[I]);
      if (Callee && Callee->getIdentifier() && Object &&
          (Callee->getName() == "get" || Callee->getName() == "wait") &&
          llvm::is_contained(Polled, poolIdentity(Object)))
        Ready->insert(Calls[I]);
    }
    return TraverseStmt(If->getElse());
  }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
  // The statements whose value is discarded: a block's statements, the
  // branches and bodies of if/loops/labels, a for loop's increment.
  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (Stmt *Child : Block->body())
      noteDiscarded(Child);
    return true;
  }
  bool VisitIfStmt(IfStmt *If) {
    noteDiscarded(If->getThen());
    noteDiscarded(If->getElse());
    return true;
  }
  bool VisitForStmt(ForStmt *For) {
    noteDiscarded(For->getInc());
    noteDiscarded(For->getBody());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *While) {
    noteDiscarded(While->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *Do) {
    noteDiscarded(Do->getBody());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    noteDiscarded(For->getBody());
    return true;
  }
  bool VisitSwitchCase(SwitchCase *Case) {
    noteDiscarded(Case->getSubStmt());
    return true;
  }
  bool VisitLabelStmt(LabelStmt *Label) {
    noteDiscarded(Label->getSubStmt());
    return true;
  }

private:
  /// The objects `X` of `X.wait_for(<zero>) == ...ready` comparisons in
  /// \p Cond (through `&&`).
  static void readyPolls(const Expr *Cond, llvm::SmallVectorImpl<const Decl *> &Out) {
    Cond = Cond->IgnoreParenImpCasts();
    if (const auto *And = dyn_cast<BinaryOperator>(Cond);
        And && And->getOpcode() == BO_LAnd) {
      readyPolls(And->getLHS(), Out);
      readyPolls(And->getRHS(), Out);
      return;
    }
    const Expr *LHS = nullptr, *RHS = nullptr;
    if (const auto *Eq = dyn_cast<BinaryOperator>(Cond); Eq && Eq->getOpcode() == BO_EQ) {
      LHS = Eq->getLHS();
      RHS = Eq->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond);
               Op && Op->getOperator() == OO_EqualEqual && Op->getNumArgs() == 2) {
      LHS = Op->getArg(0);
      RHS = Op->getArg(1);
    }
    if (!LHS)
      return;
    for (int Side = 0; Side < 2; ++Side, std::swap(LHS, RHS)) {
      const auto *Poll = dyn_cast<CallExpr>(LHS->IgnoreParenImpCasts());
      const auto *Value = dyn_cast<DeclRefExpr>(RHS->IgnoreParenImpCasts());
      if (!Poll || !Value || !isa<EnumConstantDecl>(Value->getDecl()) ||
          Value->getDecl()->getName() != "ready" || !isZeroTimeoutPoll(Poll))
        continue;
      if (const Expr *Object = callObject(Poll))
        if (const Decl *Identity = poolIdentity(Object))
          Out.push_back(Identity);
    }
  }

  void noteDiscarded(const Stmt *S) {
    if (Discarded)
      if (const CallExpr *Call = discardedStdAsync(S))
        Discarded->insert(Call);
  }

  /// `std::async(...);` (or `(void)std::async(...);`) as a statement: the
  /// returned future is destroyed at the end of the statement, and its
  /// destructor waits for the task.
  static const CallExpr *discardedStdAsync(const Stmt *S) {
    const auto *E = dyn_cast_or_null<Expr>(S);
    if (!E)
      return nullptr;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      if (Cast->getType()->isVoidType())
        E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call)
      return nullptr;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || Callee->getName() != "async" ||
        qualifiedName(Callee) != "std::async")
      return nullptr;
    // std::launch::deferred alone: the task never runs unless asked for, and
    // the destructor of its future does not wait.
    if (Call->getNumArgs() > 1)
      if (const auto *Policy = dyn_cast<DeclRefExpr>(
              Call->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *Enumerator =
                dyn_cast<EnumConstantDecl>(Policy->getDecl());
            Enumerator && Enumerator->getName() == "deferred")
          return nullptr;
    return Call;
  }
  llvm::DenseSet<const CallExpr *> *Discarded;
  llvm::DenseSet<const CallExpr *> *Ready;
};

} // namespace

llvm::SmallVector<const CallExpr *, 8> callsInBody(const Stmt *Body) {
  BodyCalls Finder(nullptr, nullptr);
  if (Body)
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(Finder.Calls);
}

llvm::SmallVector<const CallExpr *, 8>
BlockingSummary::callsIn(const Stmt *Body) {
  BodyCalls Finder(&DiscardedAsync, &ReadyAfterPoll);
  if (Body)
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(Finder.Calls);
}

/// True if \p E is a task made ready: `pplx::task_from_result(v)`,
/// `task_from_exception(e)` (also `Concurrency::`), or a local initialised
/// from one.
static bool isReadyTask(const Expr *E) {
  for (int Depth = 0; E && Depth < 4; ++Depth) {
    E = utils::ignoreWrappers(E);
    if (const VarDecl *Var = utils::namedVar(E)) {
      if (!Var->isLocalVarDecl() || !Var->getInit() ||
          Var->getType().isVolatileQualified())
        return false;
      E = Var->getInit();
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !Callee->getIdentifier() ||
        (Callee->getName() != "task_from_result" &&
         Callee->getName() != "task_from_exception"))
      return false;
    std::string Name = qualifiedName(Callee);
    return Name == "pplx::task_from_result" ||
           Name == "pplx::task_from_exception" ||
           Name == "Concurrency::task_from_result" ||
           Name == "Concurrency::task_from_exception";
  }
  return false;
}

namespace {
/// Finds `field = <a new thread object>` in a body.
class FieldReplacement : public RecursiveASTVisitor<FieldReplacement> {
public:
  FieldReplacement(const FieldDecl *Field, const CXXRecordDecl *Class)
      : Field(Field), Class(Class) {}
  bool Found = false;

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      check(Op->getArg(0), Op->getArg(1));
    return !Found;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      check(Op->getLHS(), Op->getRHS());
    return !Found;
  }

private:
  void check(const Expr *LHS, const Expr *RHS) {
    if (utils::fieldOfThis(LHS, Class) != Field)
      return;
    RHS = RHS->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(RHS))
      RHS = Cast->getSubExpr()->IgnoreImplicit();
    const auto *Made = dyn_cast<CXXConstructExpr>(RHS);
    Found = Made && Made->getNumArgs() > 0 && holdsThreads(RHS->getType());
  }
  const FieldDecl *Field;
  const CXXRecordDecl *Class;
};

/// The variables the return statements of a body return.
class ReturnedVars : public RecursiveASTVisitor<ReturnedVars> {
public:
  llvm::SmallVector<const VarDecl *, 2> Vars;
  bool VisitReturnStmt(ReturnStmt *Return) {
    if (const Expr *Value = Return->getRetValue())
      if (const VarDecl *Var = utils::namedVar(utils::ignoreWrappers(Value)))
        Vars.push_back(Var);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};
} // namespace

/// True if the local \p Var holds a worker thread moved out of a field that
/// the same member function replaces with a new thread (`auto stale =
/// std::move(m_thread); m_thread = thread(...); stale.join();`), directly
/// or in the member function that returned it: that worker had left its
/// loop, and joining it waits for no queued work.
static bool isReplacedWorker(const VarDecl *Var, bool Returned = false) {
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit() ||
      !holdsThreads(Var->getType()))
    return false;
  const auto *Method = dyn_cast<CXXMethodDecl>(Var->getDeclContext());
  if (!Method || !Method->hasBody())
    return false;
  // ignoreWrappers looks through `std::move(worker_)` to the field.
  const Expr *Value = utils::ignoreWrappers(Var->getInit());
  const auto *Init = dyn_cast<CallExpr>(Value);
  if (const FieldDecl *Field =
          Init ? utils::movedOutField(Init, Method->getParent())
               : utils::fieldOfThis(Value, Method->getParent())) {
    FieldReplacement Finder(Field, Method->getParent());
    Finder.TraverseStmt(Method->getBody());
    return Finder.Found;
  }
  if (Returned)
    return false;
  const FunctionDecl *Callee = Init ? Init->getDirectCallee() : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !isa<CXXMethodDecl>(Callee) || !Callee->hasBody(Definition))
    return false;
  ReturnedVars Returns;
  Returns.TraverseStmt(Definition->getBody());
  return !Returns.Vars.empty() &&
         llvm::all_of(Returns.Vars, [](const VarDecl *Returned) {
           return isReplacedWorker(Returned, true);
         });
}

/// True if \p Call is made on a replaced worker (isReplacedWorker). Only
/// locals of a thread type initialised from a call are read further.
static bool callsReplacedWorker(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  return Member && isReplacedWorker(utils::namedVar(
                       Member->getImplicitObjectArgument()));
}

bool BlockingSummary::blocksHere(const CallExpr *Call) const {
  if (ReadyAfterPoll.contains(Call) || callsReplacedWorker(Call))
    return false;
  if (const Expr *Object = callObject(Call); Object && isReadyTask(Object))
    return false;
  return DiscardedAsync.contains(Call) || Catalog.isBlocking(Call);
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

/// The function \p Call certainly runs: its direct callee, unless the call
/// is virtual and may reach any override.
static const FunctionDecl *knownTarget(const CallExpr *Call) {
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
  return Callee;
}

const FunctionDecl *BlockingSummary::followedCallee(const CallExpr *Call) {
  const FunctionDecl *Callee = knownTarget(Call);
  if (!Callee || callsReplacedWorker(Call))
    return nullptr;
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

const FunctionDecl *BlockingSummary::externalCallee(const CallExpr *Call) {
  const FunctionDecl *Callee = knownTarget(Call);
  if (!Callee || Callee->hasBody() || !Callee->getIdentifier() ||
      Callee->isTemplateInstantiation() || hasAnnotation(Callee, tag::NonBlocking) ||
      callsReplacedWorker(Call))
    return nullptr;
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  SourceLocation Loc = Callee->getLocation();
  if (Loc.isInvalid() || SM.isInSystemHeader(SM.getSpellingLoc(Loc)))
    return nullptr;
  return Callee;
}

BlockingSummary::State BlockingSummary::summarize(const FunctionDecl *F) {
  F = F->getCanonicalDecl();
  auto [It, Inserted] = Summaries.try_emplace(F);
  if (!Inserted)
    return It->second.S;
  // Calling a coroutine only creates its frame; its body runs where it is
  // resumed and is a root of the coroutine check.
  if (hasAnnotation(F, tag::NonBlocking) || utils::isCoroutineDefinition(F) ||
      Submissions.helpsWhileWaiting(F)) {
    Summaries[F].S = State::Clean;
    return State::Clean;
  }
  for (const CallExpr *Call : callsIn(userBody(F))) {
    bool Blocks = blocksHere(Call);
    if (!Blocks && !Submissions.classify(Call).opaque())
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
  if (blocksHere(Call))
    return true;
  if (Submissions.classify(Call).opaque())
    return false;
  const FunctionDecl *Callee = followedCallee(Call);
  return Callee && functionBlocks(Callee, Chain);
}

bool BlockingSummary::functionBlocks(
    const FunctionDecl *F, llvm::SmallVectorImpl<BlockingFrame> &Chain) {
  Chain.clear();
  if (summarize(F) != State::Blocks)
    return false;
  // Walk the memoized first blocking calls down to the blocking API.
  for (unsigned Guard = 0; F && Guard < 256; ++Guard) {
    const Entry &E = Summaries.find(F->getCanonicalDecl())->second;
    assert(E.S == State::Blocks && E.Via && "walking a non-blocking summary");
    Chain.push_back({F, E.Via});
    if (blocksHere(E.Via))
      break;
    F = followedCallee(E.Via);
    if (F && summarize(F) != State::Blocks)
      break;
  }
  return true;
}

} // namespace asynclint::model
