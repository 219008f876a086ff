//===--- Report.h - findings of a codebase run and their formats ----------===//
//
// A codebase run gathers clang-tidy's diagnostics from every translation unit
// (through --export-fixes YAML), adds the findings of the whole-program
// mergers, and prints them once, sorted, as clang-style text, JSON or SARIF.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_REPORT_H
#define ASYNCLINT_TOOL_REPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace asynclint::tool {

/// A position in a source file: the byte offset clang-tidy exports and the
/// 1-based line and column (in bytes, as clang prints them).
struct SourcePos {
  std::string File; ///< absolute path; empty for diagnostics without a place
  unsigned Offset = 0;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// One replacement of a fix-it.
struct Edit {
  SourcePos Begin;
  SourcePos End;
  unsigned Length = 0;
  std::string Text;
};

/// A diagnostic with its notes and fix-it.
struct Finding {
  std::string Check;             ///< e.g. "async-blocking-wait-in-pool"
  std::string Level = "warning"; ///< "warning" or "error"
  std::string Message;
  SourcePos Pos;
  struct Note {
    std::string Message;
    SourcePos Pos;
  };
  std::vector<Note> Notes;
  std::vector<Edit> Fixes;
  /// The fix-it of the one note that has one, when the finding itself has
  /// none (what clang-tidy's --fix-notes applies).
  std::vector<Edit> NoteFixes;
  /// Set for findings of a TU that did not compile: as clang-tidy does,
  /// their fix-its are applied only with --fix-errors. Not serialised.
  bool FromFailedTU = false;

  /// True for compiler errors (`clang-diagnostic-*` at error level): the TU
  /// did not compile, which is an input error rather than a finding.
  bool isCompileError() const {
    return Level == "error" && llvm::StringRef(Check).starts_with("clang-diagnostic-");
  }
};

/// Reads source files once and converts offsets to lines and columns.
/// Thread-safe.
class SourceFiles {
public:
  /// Fills Line and Column of \p Pos from its File and Offset (both 0 if the
  /// file cannot be read).
  void resolve(SourcePos &Pos);
  /// Fills Offset from Line and Column.
  void resolveOffset(SourcePos &Pos);
  /// The text of 1-based \p Line of \p File, without its line break.
  std::string lineText(llvm::StringRef File, unsigned Line);
  /// Every line of \p File (empty if unreadable).
  std::vector<std::string> lines(llvm::StringRef File);

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  const Entry *get(llvm::StringRef File);
  std::mutex Mutex;
  llvm::StringMap<std::unique_ptr<Entry>> Files;
};

/// Reads a clang-tidy `--export-fixes` YAML file into \p Out. Returns false
/// with \p Error set if the file cannot be read or parsed.
bool readExportedFixes(llvm::StringRef Path, SourceFiles &Sources,
                       std::vector<Finding> &Out, std::string &Error);

/// Writes \p Findings as one clang-tidy `--export-fixes` YAML document.
bool writeExportedFixes(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                        std::string &Error);

llvm::json::Value toJSON(const Finding &F);
bool fromJSON(const llvm::json::Value &V, Finding &F);

/// Sorts by file, line, column, check and message, and drops duplicates (a
/// warning in a header reported by every TU that includes it).
void sortAndUnique(std::vector<Finding> &Findings);

/// How paths are shown: relative to Root when below it, else absolute.
struct PathStyle {
  std::string Root; ///< absolute, without trailing separator
  bool Absolute = false;
  std::string show(llvm::StringRef Path) const;
  bool isRelative(llvm::StringRef Path) const;
};

/// Facts about the run that the outputs mention.
struct RunSummary {
  unsigned TUs = 0;
  unsigned FromCache = 0;
  unsigned Failed = 0;
  unsigned BaselineSuppressed = 0;
  double Seconds = 0;
  std::vector<std::string> FailedFiles;   ///< TUs that did not compile
  std::vector<std::string> CrashedFiles;  ///< TUs whose analysis crashed
  std::vector<std::string> TimedOutFiles; ///< TUs stopped by --timeout-per-tu
  /// What went wrong besides compile errors (crashes, timeouts, tool
  /// errors), with the TU it happened on (empty when not about one TU).
  struct Problem {
    std::string File;
    std::string Message;
  };
  std::vector<Problem> ToolErrors;
};

enum class OutputFormat { Text, JSON, SARIF };

void writeText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               const PathStyle &Paths, SourceFiles &Sources, bool Color);
void writeJSON(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               const PathStyle &Paths, const RunSummary &Summary);
/// SARIF 2.1.0 as GitHub code scanning accepts it: URIs percent-encoded
/// (RFC 3986), columns in UTF-16 code units, the baseline key of each
/// finding as its partial fingerprint. \p DocDirs are searched, in order,
/// for `<check>.md` pages to describe the rules and link them (`helpUri`).
void writeSARIF(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
                const PathStyle &Paths, const RunSummary &Summary,
                SourceFiles &Sources, llvm::ArrayRef<std::string> DocDirs);

/// \p Path as the path of a URI: every byte but RFC 3986's unreserved
/// characters and `/` percent-encoded (UTF-8 bytes one by one).
std::string percentEncodePath(llvm::StringRef Path);

/// The UTF-16 column of 1-based byte column \p ByteColumn of \p Line (UTF-8;
/// a byte that does not start a valid sequence counts as one code unit).
unsigned utf16Column(llvm::StringRef Line, unsigned ByteColumn);

/// A SARIF rule name for check \p Check: its part after the family, in
/// UpperCamelCase, as the check's class is named (`async-blocking-wait-in-pool`
/// is `BlockingWaitInPool`).
std::string ruleName(llvm::StringRef Check);

/// Baselines: findings keyed by check, file, enclosing function and the
/// normalized text of the reported line, with counts, so that a baseline
/// survives code moving up and down.
bool writeBaseline(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                   const PathStyle &Paths, SourceFiles &Sources,
                   std::string &Error);
/// Removes from \p Findings those \p Path records; returns how many.
bool applyBaseline(llvm::StringRef Path, std::vector<Finding> &Findings,
                   const PathStyle &Paths, SourceFiles &Sources,
                   unsigned &Suppressed, std::string &Error);


} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_REPORT_H
