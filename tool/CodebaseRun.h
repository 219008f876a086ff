//===--- CodebaseRun.h - asynclint over a whole compile_commands.json -----===//
//
// `asynclint -p build` with no source files analyses every translation unit
// of the compilation database: each in a child process of this executable
// (clang-tidy's driver with the TU's file, so every clang-tidy flag applies),
// in parallel, with results and per-TU facts cached by content; then the
// whole-program mergers run over the facts of all TUs and the findings are
// printed once. See docs/usage.md ("Whole codebases").
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_CODEBASERUN_H
#define ASYNCLINT_TOOL_CODEBASERUN_H

#include "llvm/ADT/ArrayRef.h"

namespace asynclint::tool {

/// Exit codes of a codebase run.
enum ExitCode : int {
  ExitClean = 0,    ///< no findings
  ExitFindings = 1, ///< findings reported
  ExitError = 2,    ///< bad flags or compilation database, a TU that does not
                    ///< compile, a crash: the results are incomplete
};

/// True if \p Argv asks for a codebase run: `-p DIR` without compiler flags
/// after `--` (with files or directories, the run is restricted to them), or
/// any flag only a codebase run has (`--format`, `-j`, `--baseline`, ...).
/// False inside the run of one TU that a codebase run starts.
bool isCodebaseRun(llvm::ArrayRef<const char *> Argv);

/// Runs asynclint over the compilation database; returns an ExitCode.
int runCodebase(llvm::ArrayRef<const char *> Argv);

} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_CODEBASERUN_H
