//===--- DefaultArgs.h - asynclint's defaults on clang-tidy's command line ===//
//
// clang-tidy's driver has no hook for default checks or a compiled-in
// resource directory, so asynclint adds them to the command line before
// handing it to clangTidyMain.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_DEFAULTARGS_H
#define ASYNCLINT_TOOL_DEFAULTARGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace asynclint::tool {

/// The checks that run when neither the command line nor a .clang-tidy file
/// chooses any.
inline constexpr llvm::StringLiteral DefaultChecks = "-*,async-*,events-*";

/// Returns \p Argv with asynclint's defaults added: `--checks=` with
/// DefaultChecks when no `--checks`, `--config` or `--config-file` is given and
/// no .clang-tidy with a `Checks:` key is found above any input file (or the
/// working directory when there is none), and `-resource-dir` for Clang's
/// builtin headers when the user gave none and \p ResourceDir exists.
std::vector<std::string> addDefaultArguments(llvm::ArrayRef<const char *> Argv,
                                             llvm::StringRef ResourceDir);

/// True if clang-tidy's option \p Option (as written, e.g. `--checks`) takes
/// its value from the next argument.
bool takesSeparateValue(llvm::StringRef Option);

/// True if some .clang-tidy above \p Path (a file or directory) sets Checks,
/// following InheritParentConfig up the tree as clang-tidy does.
bool clangTidyFileSetsChecks(llvm::StringRef Path);

} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_DEFAULTARGS_H
