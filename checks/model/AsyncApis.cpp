//===--- AsyncApis.cpp - what the async checks know about APIs ------------===//

#include "model/AsyncApis.h"

#include "model/Annotations.h"
#include "model/OptionList.h"
#include "utils/ExprUtils.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace asynclint::model {

namespace defaults {
const char SubmissionFunctions[] =
    // Boost.Asio and standalone Asio.
    "boost::asio::post;boost::asio::dispatch;boost::asio::defer;"
    "boost::asio::co_spawn;"
    "asio::post;asio::dispatch;asio::defer;asio::co_spawn;"
    // Their member submissions: strands and executors.
    "boost::asio::strand::post;boost::asio::strand::dispatch;"
    "boost::asio::strand::defer;boost::asio::strand::execute;"
    "boost::asio::io_context::strand::post;"
    "boost::asio::io_context::strand::dispatch;"
    "boost::asio::io_context::basic_executor_type::post;"
    "boost::asio::io_context::basic_executor_type::dispatch;"
    "boost::asio::io_context::basic_executor_type::defer;"
    "boost::asio::io_context::basic_executor_type::execute;"
    "boost::asio::thread_pool::basic_executor_type::post;"
    "boost::asio::thread_pool::basic_executor_type::dispatch;"
    "boost::asio::thread_pool::basic_executor_type::defer;"
    "boost::asio::thread_pool::basic_executor_type::execute;"
    "asio::strand::post;asio::strand::dispatch;asio::strand::defer;"
    "asio::strand::execute;asio::io_context::strand::post;"
    "asio::io_context::strand::dispatch;"
    "asio::io_context::basic_executor_type::post;"
    "asio::io_context::basic_executor_type::dispatch;"
    "asio::io_context::basic_executor_type::defer;"
    "asio::io_context::basic_executor_type::execute;"
    "asio::thread_pool::basic_executor_type::post;"
    "asio::thread_pool::basic_executor_type::dispatch;"
    "asio::thread_pool::basic_executor_type::defer;"
    "asio::thread_pool::basic_executor_type::execute;"
    // oneTBB declares everything in tbb::detail::dN and re-exports it.
    "tbb::task_group::run;tbb::task_arena::execute;tbb::task_arena::enqueue;"
    "tbb::this_task_arena::enqueue;"
    "tbb::parallel_for;tbb::parallel_for_each;tbb::parallel_invoke;"
    "oneapi::tbb::task_group::run;oneapi::tbb::task_arena::execute;"
    "oneapi::tbb::task_arena::enqueue;oneapi::tbb::parallel_for;"
    "oneapi::tbb::parallel_for_each;oneapi::tbb::parallel_invoke;"
    "tbb::detail::*::task_group::run;tbb::detail::*::task_arena::execute;"
    "tbb::detail::*::task_arena::enqueue;tbb::detail::*::parallel_for;"
    "tbb::detail::*::parallel_for_each;tbb::detail::*::parallel_invoke;"
    // C++ REST SDK (pplx), Qt, folly, BS::thread_pool.
    "pplx::create_task;pplx::task::then;pplx::task::task;"
    "Concurrency::create_task;Concurrency::task::then;Concurrency::task::task;"
    "QtConcurrent::run;QtConcurrent::map;QtConcurrent::mapped;"
    "QThreadPool::start;QThreadPool::tryStart;"
    "folly::Executor::add;"
    "BS::thread_pool::submit_task;BS::thread_pool::detach_task;"
    "BS::thread_pool::submit;BS::thread_pool::push_task;";
const char BlockingFunctions[] =
    // The standard library.
    "std::future::get;std::future::wait;std::future::wait_for;"
    "std::future::wait_until;"
    "std::shared_future::get;std::shared_future::wait;"
    "std::shared_future::wait_for;std::shared_future::wait_until;"
    "std::condition_variable::wait;std::condition_variable::wait_for;"
    "std::condition_variable::wait_until;"
    "std::condition_variable_any::wait;std::condition_variable_any::wait_for;"
    "std::condition_variable_any::wait_until;"
    "std::latch::wait;std::latch::arrive_and_wait;"
    "std::barrier::arrive_and_wait;std::barrier::wait;"
    "std::counting_semaphore::acquire;std::binary_semaphore::acquire;"
    "std::thread::join;std::jthread::join;"
    "std::this_thread::sleep_for;std::this_thread::sleep_until;"
    // C++20 atomic waits.
    "std::atomic::wait;std::atomic_ref::wait;std::atomic_flag::wait;"
    "std::atomic_wait;std::atomic_wait_explicit;std::atomic_flag_wait;"
    "std::atomic_flag_wait_explicit;"
    // POSIX.
    "usleep;nanosleep;clock_nanosleep;sleep;pthread_join;"
    // Boost.
    "boost::future::get;boost::future::wait;"
    "boost::shared_future::get;boost::shared_future::wait;"
    "boost::detail::basic_future::wait;boost::thread::join;"
    "boost::asio::io_context::run;boost::asio::io_context::run_one;"
    "boost::asio::io_context::run_for;boost::asio::io_context::run_until;"
    "boost::asio::io_context::run_one_for;"
    "boost::asio::io_context::run_one_until;"
    "boost::asio::thread_pool::join;boost::asio::thread_pool::wait;"
    "asio::io_context::run;asio::io_context::run_one;"
    "asio::io_context::run_for;asio::io_context::run_until;"
    "asio::io_context::run_one_for;asio::io_context::run_one_until;"
    "asio::thread_pool::join;asio::thread_pool::wait;"
    // pplx, Qt, folly.
    "pplx::task::get;pplx::task::wait;Concurrency::task::get;"
    "Concurrency::task::wait;"
    "QFuture::result;QFuture::results;QFuture::waitForFinished;"
    "QThreadPool::waitForDone;"
    "folly::Future::get;folly::Future::wait;folly::SemiFuture::get;"
    "folly::SemiFuture::wait;folly::Baton::wait;"
    // Sender/receiver and libdispatch.
    "*::sync_wait;sync_wait;dispatch_sync;dispatch_group_wait";
const char HandlerFunctions[] =
    // C++ REST SDK: request handlers run on the listener's thread pool.
    "web::http::experimental::listener::http_listener::support;"
    // cpp-httplib (an installed header is read as a library's: not
    // inferred): route and hook handlers run on the server's task queue.
    "httplib::Server::Get;httplib::Server::Post;httplib::Server::Put;"
    "httplib::Server::Patch;httplib::Server::Delete;httplib::Server::Options;"
    "httplib::Server::set_error_handler;httplib::Server::set_exception_handler;"
    "httplib::Server::set_pre_routing_handler;"
    "httplib::Server::set_post_routing_handler;"
    // Crow: route handlers (`CROW_ROUTE(app, url)(handler)`) run on the
    // server's io threads.
    "crow::TaggedRule::operator();crow::DynamicRule::operator();"
    "crow::CatchallRule::operator()";
} // namespace defaults

static std::vector<std::string> combined(llvm::StringRef Base,
                                         llvm::StringRef Extra) {
  std::vector<std::string> Items = parseOptionList(Base);
  for (std::string &Item : parseOptionList(Extra))
    Items.push_back(std::move(Item));
  return Items;
}

AsyncApiCatalog::AsyncApiCatalog(
    clang::tidy::ClangTidyCheck::OptionsView &Options)
    : SubmissionOption(
          Options.getLocalOrGlobal("SubmissionFunctions", defaults::SubmissionFunctions)),
      ExtraSubmissionOption(Options.getLocalOrGlobal("ExtraSubmissionFunctions", "")),
      BlockingOption(
          Options.getLocalOrGlobal("BlockingFunctions", defaults::BlockingFunctions)),
      ExtraBlockingOption(Options.getLocalOrGlobal("ExtraBlockingFunctions", "")),
      HandlerOption(
          Options.getLocalOrGlobal("HandlerFunctions", defaults::HandlerFunctions)),
      ExtraHandlerOption(Options.getLocalOrGlobal("ExtraHandlerFunctions", "")),
      StdAsyncIsPool(parseBoolOption(Options.getLocalOrGlobal("StdAsyncIsPool", "false"))),
      // Replacing the table means "only these": the name fallback then
      // stays off unless asked for.
      NameHeuristics(parseBoolOption(Options.getLocalOrGlobal(
          "SubmissionNameHeuristics",
          Options.getLocalOrGlobal("SubmissionFunctions") ? "false" : "true"))),
      Submissions(combined(SubmissionOption, ExtraSubmissionOption)),
      Blocking(combined(BlockingOption, ExtraBlockingOption)),
      Handlers(combined(HandlerOption, ExtraHandlerOption)) {}

void AsyncApiCatalog::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts,
    clang::tidy::ClangTidyCheck::OptionsView &Options) const {
  Options.store(Opts, "SubmissionFunctions", SubmissionOption);
  Options.store(Opts, "ExtraSubmissionFunctions", ExtraSubmissionOption);
  Options.store(Opts, "BlockingFunctions", BlockingOption);
  Options.store(Opts, "ExtraBlockingFunctions", ExtraBlockingOption);
  Options.store(Opts, "HandlerFunctions", HandlerOption);
  Options.store(Opts, "ExtraHandlerFunctions", ExtraHandlerOption);
  Options.store(Opts, "StdAsyncIsPool", StdAsyncIsPool ? "true" : "false");
  Options.store(Opts, "SubmissionNameHeuristics",
                NameHeuristics ? "true" : "false");
}

bool isCallableType(QualType Type) {
  Type = Type.getNonReferenceType();
  if (const auto *Pointer = Type->getAs<PointerType>())
    Type = Pointer->getPointeeType();
  if (Type->isFunctionType())
    return true;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  if (Record->isLambda())
    return true;
  DeclarationName Call =
      Record->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !Record->lookup(Call).empty();
}

/// The function wrapped by an Asio completion token that runs it and returns
/// its result as a future: `boost::asio::use_future(f)` (a
/// `use_future_t::operator()` call); null for any other argument.
static const Expr *futureTokenFunction(const Expr *Arg) {
  const auto *Call =
      dyn_cast<CXXOperatorCallExpr>(Arg->IgnoreImplicit()->IgnoreParens());
  if (!Call || Call->getOperator() != OO_Call || Call->getNumArgs() != 2)
    return nullptr;
  const auto *Method =
      dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || !Method->getParent()->getIdentifier() ||
      Method->getParent()->getName() != "use_future_t")
    return nullptr;
  std::string Class = qualifiedName(Method->getParent());
  if (Class != "boost::asio::use_future_t" && Class != "asio::use_future_t")
    return nullptr;
  const Expr *Function = Call->getArg(1);
  return isCallableType(Function->getType()) ? Function : nullptr;
}

static bool namedLike(const CallExpr *Call, const NamePatterns &Table) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  // Plain names, and the call operator (`crow::TaggedRule::operator()`).
  llvm::StringRef Last = Callee->getIdentifier() ? Callee->getName()
                         : Callee->getOverloadedOperator() == OO_Call
                             ? llvm::StringRef("operator()")
                             : llvm::StringRef();
  if (Last.empty() || !Table.mayMatchUnqualified(Last))
    return false;
  return Table.matchesAny(callNames(Call));
}

/// True if \p E is the result of calling a coroutine defined here
/// (`co_spawn(pool, session(socket), detached)`): its body runs where the
/// result is handed.
static bool isCoroutineCall(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() != 1)
        return false;
      E = Construct->getArg(0);
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    return utils::isCoroutineDefinition(Callee);
  }
  return false;
}

bool AsyncApiCatalog::isHandlerRegistration(const CallExpr *Call) const {
  return namedLike(Call, Handlers);
}

bool AsyncApiCatalog::isTableSubmission(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (hasAnnotation(Callee, tag::Submits))
    return true;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee))
    if (!Method->isOverloadedOperator() && !isa<CXXConstructorDecl>(Method) &&
        hasAnnotation(Method->getParent(), tag::Executor))
      return true;
  if (StdAsyncIsPool && Callee->getIdentifier() &&
      Callee->getName() == "async" && qualifiedName(Callee) == "std::async")
    return true;
  return namedLike(Call, Submissions);
}

bool AsyncApiCatalog::isTableSubmission(const CXXConstructExpr *Construct) const {
  const CXXConstructorDecl *Constructor = Construct->getConstructor();
  if (!Constructor || Constructor->isCopyOrMoveConstructor())
    return false;
  if (hasAnnotation(Constructor, tag::Submits))
    return true;
  // A row names a constructor as `Class::Class` (`pplx::task::task`).
  return Submissions.matches(qualifiedName(Constructor));
}

llvm::SmallVector<const Expr *, 2>
AsyncApiCatalog::taskArguments(const CallExpr *Call) const {
  llvm::SmallVector<const Expr *, 2> Tasks;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Tasks;
  // Operator calls on members count the object as argument 0.
  unsigned Offset = utils::firstParamArg(Call);
  bool AnyMarked = false;
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
    unsigned ParamIndex = I - Offset;
    if (ParamIndex < Callee->getNumParams() &&
        hasAnnotation(Callee->getParamDecl(ParamIndex), tag::Task)) {
      if (!AnyMarked)
        Tasks.clear();
      AnyMarked = true;
      Tasks.push_back(Call->getArg(I));
      continue;
    }
    if (AnyMarked)
      continue;
    if (isCallableType(Call->getArg(I)->getType()) ||
        isCoroutineCall(Call->getArg(I)))
      Tasks.push_back(Call->getArg(I));
    else if (const Expr *Function = futureTokenFunction(Call->getArg(I)))
      Tasks.push_back(Function);
  }
  return Tasks;
}

/// True if a class named \p Class (folded) reads like a pool or queue of
/// work.
static bool poolLikeClass(llvm::StringRef Class) {
  for (llvm::StringRef Word : {"pool", "executor", "workqueue", "taskqueue",
                               "jobqueue", "jobsystem", "tasksystem",
                               "scheduler", "worker"})
    if (Class.contains(Word))
      return true;
  return false;
}

/// True if a member named \p Verb (folded) reads like handing work over.
static bool submitLikeVerb(llvm::StringRef Verb) {
  for (llvm::StringRef Prefix : {"submit", "enqueue", "post", "push", "queue",
                                 "schedule", "spawn", "dispatch", "async"})
    if (Verb.starts_with(Prefix))
      return true;
  if (Verb == "add" || Verb == "execute" || Verb == "run")
    return true;
  return Verb.starts_with("add") &&
         (Verb.contains("task") || Verb.contains("work") || Verb.contains("job"));
}

bool AsyncApiCatalog::nameSuggestsSubmission(const CallExpr *Call) const {
  if (!NameHeuristics)
    return false;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || !Method->getIdentifier() || isa<CXXConstructorDecl>(Method) ||
      !submitLikeVerb(foldedName(Method->getName())))
    return false;
  for (const std::string &Name : callNames(Call)) {
    llvm::StringRef Qualified(Name);
    size_t Last = Qualified.rfind("::");
    if (Last == llvm::StringRef::npos)
      continue;
    llvm::StringRef Class = Qualified.take_front(Last);
    Class = Class.substr(Class.rfind("::") == llvm::StringRef::npos
                             ? 0
                             : Class.rfind("::") + 2);
    if (poolLikeClass(foldedName(Class)))
      return true;
  }
  return false;
}

/// True if \p E is a duration literal equal to zero: `0s`, `0ms`,
/// `std::chrono::seconds(0)`, `std::chrono::milliseconds{}`, `duration::zero()`.
static bool isZeroDuration(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Literal = dyn_cast<IntegerLiteral>(E))
      return Literal->getValue().isZero();
    if (const auto *Literal = dyn_cast<FloatingLiteral>(E))
      return Literal->getValue().isZero();
    if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
      if (UDL->getLiteralOperatorKind() != UserDefinedLiteral::LOK_Template) {
        E = UDL->getCookedLiteral();
        continue;
      }
      // `0ms` calls operator""ms<'0'>(): read the digits as spelled.
      const FunctionDecl *Operator = UDL->getDirectCallee();
      const TemplateArgumentList *Args =
          Operator ? Operator->getTemplateSpecializationArgs() : nullptr;
      if (!Args || Args->size() == 0 ||
          Args->get(0).getKind() != TemplateArgument::Pack)
        return false;
      for (const TemplateArgument &Char : Args->get(0).pack_elements())
        if (Char.getKind() != TemplateArgument::Integral ||
            (Char.getAsIntegral() != '0' && Char.getAsIntegral() != '.' &&
             Char.getAsIntegral() != '\''))
          return false;
      return true;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 0)
        return isa<CXXTemporaryObjectExpr>(Construct) ||
               Construct->isListInitialization();
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      return Callee && Callee->getIdentifier() && Callee->getName() == "zero" &&
             Call->getNumArgs() == 0;
    }
    return false;
  }
  return false;
}

bool isGroupWait(const CallExpr *Call) {
  const auto *Method =
      dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || !Method->getIdentifier() || Method->getName() != "wait")
    return false;
  // oneTBB declares it in task_group_base (tbb::detail::dN::).
  std::string Class = qualifiedName(Method->getParent());
  llvm::StringRef Name(Class);
  return (Name.ends_with("::task_group") ||
          Name.ends_with("::task_group_base")) &&
         Name.contains("tbb::");
}

bool isZeroTimeoutPoll(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  StringRef Name = Callee->getName();
  if (Name != "wait_for" && Name != "try_acquire_for" && Name != "sleep_for")
    return false;
  // cv.wait_for(lock, 0s) takes the lock first; the timeout is the first
  // argument of a duration type.
  for (const Expr *Arg : Call->arguments()) {
    const CXXRecordDecl *Record = Arg->getType()->getAsCXXRecordDecl();
    if (!Record || !Record->getIdentifier() || Record->getName() != "duration")
      continue;
    return isZeroDuration(Arg);
  }
  return false;
}

bool AsyncApiCatalog::isBlocking(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (hasAnnotation(Callee, tag::NonBlocking))
    return false;
  if (hasAnnotation(Callee, tag::Blocking))
    return true;
  return namedLike(Call, Blocking) && !isZeroTimeoutPoll(Call);
}

/// True if \p Call is Asio's `dispatch` returning a result (a future from
/// `use_future`): called from a thread of the executor, `dispatch` runs the
/// function at once, so the result is ready before anyone can wait on it.
static bool isAsioDispatchWithResult(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Callee->getName() != "dispatch" ||
      Call->getType()->isVoidType())
    return false;
  std::string Name = qualifiedName(Callee);
  return Name == "boost::asio::dispatch" || Name == "asio::dispatch";
}

const Expr *submissionPool(const CallExpr *Submission) {
  if (isAsioDispatchWithResult(Submission))
    return nullptr;
  if (const Expr *Object = callObject(Submission))
    return Object;
  if (Submission->getNumArgs() == 0)
    return nullptr;
  const Expr *First = Submission->getArg(0);
  if (isCallableType(First->getType()))
    return nullptr;
  return First->IgnoreParenImpCasts();
}

const Decl *poolIdentity(const Expr *Pool) {
  for (int Depth = 0; Pool && Depth < 8; ++Depth) {
    Pool = Pool->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(Pool)) {
      if (Deref->getOpcode() != UO_Deref && Deref->getOpcode() != UO_AddrOf)
        return nullptr;
      Pool = Deref->getSubExpr();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Pool))
      return Ref->getDecl()->getCanonicalDecl();
    if (const auto *Member = dyn_cast<MemberExpr>(Pool))
      return Member->getMemberDecl()->getCanonicalDecl();
    if (const auto *This = dyn_cast<CXXThisExpr>(Pool)) {
      const CXXRecordDecl *Record =
          This->getType()->getPointeeType()->getAsCXXRecordDecl();
      return Record ? Record->getCanonicalDecl() : nullptr;
    }
    // An Asio executor or strand of the pool runs its tasks on the pool's
    // threads: `pool.get_executor()`, `boost::asio::make_strand(pool)`.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Pool)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Call->getNumArgs() != 0 || !Callee || !Callee->getIdentifier() ||
          Callee->getName() != "get_executor")
        return nullptr;
      Pool = Call->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Pool);
        Call && !isa<CXXOperatorCallExpr>(Call)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // make_strand(context) has a defaulted SFINAE parameter.
      if (Call->getNumArgs() == 0 || !Callee || !Callee->getIdentifier() ||
          Callee->getName() != "make_strand" ||
          !llvm::all_of(llvm::drop_begin(Call->arguments()),
                        [](const Expr *Arg) {
                          return isa<CXXDefaultArgExpr>(Arg);
                        }))
        return nullptr;
      std::string Name = qualifiedName(Callee);
      if (Name != "boost::asio::make_strand" && Name != "asio::make_strand")
        return nullptr;
      Pool = Call->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(Pool)) {
      // Smart pointers: `*shared_pool` and `shared_pool->`.
      if (Call->getNumArgs() == 1 && (Call->getOperator() == OO_Star ||
                                      Call->getOperator() == OO_Arrow)) {
        Pool = Call->getArg(0);
        continue;
      }
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace asynclint::model
