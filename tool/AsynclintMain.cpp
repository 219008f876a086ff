//===--- AsynclintMain.cpp - the asynclint executable ---------------------===//
//
// clang-tidy's own driver with asynclint's checks linked in, so every
// clang-tidy flag, .clang-tidy file and NOLINT comment works unchanged. With
// no checks chosen, asynclint's own checks run (see DefaultArgs.h). With a
// build directory and no files it runs over the whole codebase (see
// CodebaseRun.h).
//
//===----------------------------------------------------------------------===//

#include "CodebaseRun.h"
#include "DefaultArgs.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

int main(int argc, const char **argv) {
  if (asynclint::tool::isCodebaseRun(llvm::ArrayRef(argv, argc)))
    return asynclint::tool::runCodebase(llvm::ArrayRef(argv, argc));
  auto Expanded = asynclint::tool::addDefaultArguments(
      llvm::ArrayRef(argv, argc), ASYNCLINT_CLANG_RESOURCE_DIR);
  if (!Expanded) {
    llvm::errs() << "asynclint: error: " << llvm::toString(Expanded.takeError())
                 << "\n";
    return 2;
  }
  std::vector<std::string> Args = std::move(*Expanded);
  std::vector<const char *> CArgs;
  CArgs.reserve(Args.size() + 1);
  for (const std::string &Arg : Args)
    CArgs.push_back(Arg.c_str());
  CArgs.push_back(nullptr);
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "asynclint version " << ASYNCLINT_VERSION << "\n";
  });
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), CArgs.data());
}
