//===--- AsyncApis.cpp - what the async checks know about APIs ------------===//

#include "model/AsyncApis.h"

#include "model/Annotations.h"
#include "model/OptionList.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace asynclint::model {

namespace defaults {
const char SubmissionFunctions[] =
    "boost::asio::post;asio::post;"
    "*ThreadPool::submit;*ThreadPool::enqueue;*ThreadPool::post;"
    "*Executor::submit;*Executor::enqueue;*Executor::post";
const char BlockingFunctions[] =
    "std::future::get;std::future::wait;"
    "std::shared_future::get;std::shared_future::wait";
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
          Options.get("SubmissionFunctions", defaults::SubmissionFunctions)),
      ExtraSubmissionOption(Options.get("ExtraSubmissionFunctions", "")),
      BlockingOption(
          Options.get("BlockingFunctions", defaults::BlockingFunctions)),
      ExtraBlockingOption(Options.get("ExtraBlockingFunctions", "")),
      Submissions(combined(SubmissionOption, ExtraSubmissionOption)),
      Blocking(combined(BlockingOption, ExtraBlockingOption)) {}

void AsyncApiCatalog::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts,
    clang::tidy::ClangTidyCheck::OptionsView &Options) const {
  Options.store(Opts, "SubmissionFunctions", SubmissionOption);
  Options.store(Opts, "ExtraSubmissionFunctions", ExtraSubmissionOption);
  Options.store(Opts, "BlockingFunctions", BlockingOption);
  Options.store(Opts, "ExtraBlockingFunctions", ExtraBlockingOption);
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

static bool namedLike(const CallExpr *Call, const NamePatterns &Table) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !Table.mayMatchUnqualified(Callee->getName()))
    return false;
  return Table.matchesAny(callNames(Call));
}

llvm::SmallVector<const Expr *, 2>
AsyncApiCatalog::submittedTasks(const CallExpr *Call) const {
  llvm::SmallVector<const Expr *, 2> Tasks;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Tasks;
  bool Annotated = hasAnnotation(Callee, tag::Submits);
  if (!Annotated && !namedLike(Call, Submissions))
    return Tasks;

  // Operator calls on members count the object as argument 0.
  unsigned Offset = isa<CXXOperatorCallExpr>(Call) &&
                    isa<CXXMethodDecl>(Callee) ? 1 : 0;
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
    if (!AnyMarked && isCallableType(Call->getArg(I)->getType()))
      Tasks.push_back(Call->getArg(I));
  }
  return Tasks;
}

bool AsyncApiCatalog::isBlocking(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (hasAnnotation(Callee, tag::NonBlocking))
    return false;
  if (hasAnnotation(Callee, tag::Blocking))
    return true;
  return namedLike(Call, Blocking);
}

} // namespace asynclint::model
