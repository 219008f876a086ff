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
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace asynclint::tool {

/// The checks that run when neither the command line nor a .clang-tidy file
/// chooses any.
inline constexpr llvm::StringLiteral DefaultChecks = "-*,async-*,events-*";

/// Returns \p Argv with asynclint's defaults added: `--checks=` with
/// DefaultChecks when no `--checks` is given and neither `--config`,
/// `--config-file` nor a .clang-tidy found above any input file (or the
/// working directory when there is none) has a `Checks:` key, and
/// `-resource-dir` for Clang's builtin headers when the user gave none and
/// \p ResourceDir exists. Fails, with a message naming the culprit, where
/// clang-tidy would go on silently: a configuration that does not parse, a
/// missing `--config-file`, or a check pattern that names no check.
llvm::Expected<std::vector<std::string>>
addDefaultArguments(llvm::ArrayRef<const char *> Argv, llvm::StringRef ResourceDir);

/// True if clang-tidy's option \p Option (as written, e.g. `--checks`) takes
/// its value from the next argument.
bool takesSeparateValue(llvm::StringRef Option);

} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_DEFAULTARGS_H
