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

// Shown after clang-tidy's own options by --help.
static llvm::cl::extrahelp CodebaseHelp(R"(
asynclint codebase runs:
  asynclint -p <build> [<file or directory>...] [options]
    analyses every translation unit of <build>/compile_commands.json (or
    those of the files and directories named, with the whole-program
    facts of the others), in parallel, with a cache, and merges what only
    the whole program shows. Any of these options also makes a run a
    codebase run:

  -j <n>, --jobs=<n>          parallel translation units (default: all cores)
  --files-regex=<regex>       only translation units whose path matches
  --format=text|json|sarif    output format (default: text)
  --output=<file>             write the findings to <file>
  --absolute-paths            absolute paths instead of relative to the root
  --source-root=<dir>         the root that paths are shown relative to
  --baseline=<file>           report only findings not recorded in <file>
  --write-baseline=<file>     record today's findings in <file>
  --cache-dir=<dir>           per-TU results (default <build>/.asynclint-cache)
  --no-cache                  read and write no cache
  --cache-prune               remove the cache entries that no translation
                              unit of the database uses with these flags
  --timeout-per-tu=<seconds>  stop a translation unit that takes longer
                              (default 600, 0: never)
  --shard=<k>/<n>             analyse the k-th of n slices into the cache
  --merge-only                merge the cached results of every slice
  --guess-flags-for-new-files a named file the database does not list is
                              analysed with the flags of a file of its
                              directory (else: exit 2)
  --print-cache-entries       list each translation unit's cache entry
  --verbose                   after the one-line report of a crashed
                              translation unit, its stack dump

  Exit codes: 0 clean, 1 findings, 2 incomplete results (bad flags or
  configuration, a file the database does not list, a translation unit
  that does not compile or times out, a crash). Interrupted (SIGINT,
  SIGTERM, SIGHUP), a run stops its translation units, removes its
  temporary files and ends by the signal.
)");

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
