//===--- Fixes.h - applying the fix-its of a codebase run once -----------===//
//
// In a codebase run every TU is analysed by its own clang-tidy process, and
// a header included by several TUs gets the same fix-it from each of them.
// The TU processes only export their fix-its; the codebase run applies them
// here, once, as clang-apply-replacements does for run-clang-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_FIXES_H
#define ASYNCLINT_TOOL_FIXES_H

#include "Report.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace asynclint::tool {

struct FixResult {
  unsigned Suggested = 0; ///< findings with a fix-it to apply
  unsigned Applied = 0;   ///< of those, the ones applied
  std::vector<std::string> FilesChanged;
  /// One line per fix-it not applied (conflict, stale offset, I/O error).
  std::vector<std::string> Problems;
};

/// Applies the fix-its of \p Findings to the files on disk. Identical edits
/// (the same fix-it reported through several TUs) are applied once; a
/// finding whose edits overlap an edit of an earlier finding is not applied
/// at all, as clang-tidy rejects conflicting fixes. \p Paths formats the paths
/// of the problem lines.
/// With \p FixNotes, a finding without a fix-it of its own contributes the
/// fix-it of its one note that has one; without \p FixErrors, findings of
/// TUs that did not compile contribute none (clang-tidy's --fix-notes and
/// --fix-errors).
FixResult applyFixes(llvm::ArrayRef<Finding> Findings, const PathStyle &Paths,
                     bool FixNotes, bool FixErrors);

} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_FIXES_H
