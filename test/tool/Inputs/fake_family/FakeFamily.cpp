//===--- FakeFamily.cpp - a fact family for testing the merge plumbing ----===//
//
// Linked only into asynclint-facts-test (a test build of the tool). The check
// `asynclinttest-record` records every function definition and every call
// in the main file as facts of family "asynclinttest"; the family's merger
// reports calls to functions named `blocking_*` that are defined in another
// TU, with the definition as a note -- the shape of the real cross-TU
// findings, without depending on any real check.
//
//===----------------------------------------------------------------------===//

#include "model/Facts.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <map>

using namespace clang;
using namespace clang::ast_matchers;

namespace {

llvm::json::Object where(const SourceManager &SM, SourceLocation Loc) {
  PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Loc));
  llvm::SmallString<256> File(P.getFilename());
  llvm::sys::fs::make_absolute(File);
  return llvm::json::Object{{"file", std::string(File)},
                            {"line", P.getLine()},
                            {"col", P.getColumn()}};
}

class RecordCheck : public tidy::ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(isDefinition(), isExpansionInMainFile()).bind("def"), this);
    Finder->addMatcher(callExpr(isExpansionInMainFile(),
                                callee(functionDecl().bind("callee")))
                           .bind("call"),
                       this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    asynclint::model::FactsRecorder *Facts = asynclint::model::FactsRecorder::get();
    if (!Facts)
      return;
    const SourceManager &SM = *Result.SourceManager;
    if (const auto *Def = Result.Nodes.getNodeAs<FunctionDecl>("def"))
      Facts->add("asynclinttest",
                 llvm::json::Object{{"kind", "def"},
                                    {"name", Def->getQualifiedNameAsString()},
                                    {"loc", where(SM, Def->getLocation())}});
    if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call"))
      Facts->add("asynclinttest",
                 llvm::json::Object{
                     {"kind", "call"},
                     {"name", Result.Nodes.getNodeAs<FunctionDecl>("callee")
                                  ->getQualifiedNameAsString()},
                     {"loc", where(SM, Call->getBeginLoc())}});
  }
};

class FakeModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<RecordCheck>("asynclinttest-record");
  }
};

std::vector<asynclint::model::Finding>
merge(llvm::ArrayRef<const llvm::json::Array *> PerTU) {
  using asynclint::model::Finding;
  std::map<std::string, std::pair<size_t, const llvm::json::Object *>> Defs;
  for (size_t TU = 0; TU < PerTU.size(); ++TU)
    for (const llvm::json::Value &V : *PerTU[TU])
      if (const llvm::json::Object *R = V.getAsObject())
        if (R->getString("kind") == "def")
          Defs[R->getString("name")->str()] = {TU, R};
  std::vector<Finding> Out;
  for (size_t TU = 0; TU < PerTU.size(); ++TU)
    for (const llvm::json::Value &V : *PerTU[TU]) {
      const llvm::json::Object *R = V.getAsObject();
      if (!R || R->getString("kind") != "call")
        continue;
      std::string Name = R->getString("name")->str();
      auto It = Defs.find(Name);
      if (!llvm::StringRef(Name).starts_with("blocking_") || It == Defs.end() ||
          It->second.first == TU)
        continue;
      Finding F;
      F.Check = "asynclinttest-cross-tu";
      F.Message = "call to '" + Name + "' defined in another translation unit";
      F.Location = asynclint::model::readLocation(R->getObject("loc"));
      F.Notes.push_back({"'" + Name + "' is defined here",
                         asynclint::model::readLocation(
                             It->second.second->getObject("loc"))});
      Out.push_back(std::move(F));
    }
  return Out;
}

} // namespace

static tidy::ClangTidyModuleRegistry::Add<FakeModule>
    X("asynclinttest-module", "checks for testing asynclint's merge step");
static const bool Registered =
    asynclint::model::registerFamilyMerger("asynclinttest", merge);
