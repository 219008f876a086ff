//===--- Facts.h - per-TU facts for whole-program analysis ----------------===//
//
// Some bugs cross translation units: a pool task in a.cpp calls a blocking
// helper defined in b.cpp; a constructor in a.cpp registers a handler that the
// destructor in b.cpp undoes. In a codebase run (`asynclint -p build` with no
// files) every TU is analysed in its own process with ASYNCLINT_FACTS_FILE
// set; checks record what other TUs may need as JSON records under their
// family ("async", "events"), and one final step merges the records of all
// TUs by calling each family's merger, which returns the findings that only
// the whole program shows. Findings a TU shows on its own are reported by the
// checks as usual; mergers never repeat them.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_FACTS_H
#define ASYNCLINT_MODEL_FACTS_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <functional>
#include <string>
#include <vector>

namespace asynclint::model {

/// Records this process's facts; written to ASYNCLINT_FACTS_FILE at exit.
class FactsRecorder {
public:
  /// The recorder of this process, or null when no facts are wanted (a run
  /// on single files, or the clang-tidy plugin): checks skip the work then.
  static FactsRecorder *get();

  /// Adds one record for \p Family. Records must be self-contained: file
  /// paths absolute, locations written with writeLocation. Arrays load
  /// several times faster than objects in the merge step (an object costs a
  /// hash table), so families with many records write arrays.
  void add(llvm::StringRef Family, llvm::json::Value Record);

  /// Writes `{"version": 1, "records": {"<family>": [...]}}` to the file now
  /// (also done at exit). Returns false and prints why on failure.
  bool flush();

  ~FactsRecorder();

private:
  explicit FactsRecorder(std::string Path) : Path(std::move(Path)) {}
  std::string Path;
  llvm::json::Object Records;
  bool Dirty = false;
};

/// A source position in a finding.
struct FindingLocation {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// A diagnostic produced by a family merger: a warning with its notes.
struct Finding {
  std::string Check;   ///< e.g. "async-blocking-wait-in-pool"
  std::string Message; ///< the warning text, clang style
  FindingLocation Location;
  struct Note {
    std::string Message;
    FindingLocation Location;
  };
  std::vector<Note> Notes;
};

/// Merges the records of one family from every TU (each element is one TU's
/// array of records) into whole-program findings.
using FamilyMerger = std::function<std::vector<Finding>(
    llvm::ArrayRef<const llvm::json::Array *> RecordsPerTU)>;

/// Registers \p Merger for \p Family; called from a static initializer of the
/// family's code.
bool registerFamilyMerger(llvm::StringRef Family, FamilyMerger Merger);

/// Every registered family and its merger.
const std::vector<std::pair<std::string, FamilyMerger>> &familyMergers();

/// A location as a compact `[file, line, col]` array. Facts of a large
/// codebase hold hundreds of thousands of locations; arrays parse several
/// times faster than objects in the merge step.
llvm::json::Value writeLocation(llvm::StringRef File, unsigned Line,
                                unsigned Column);

/// The location written with writeLocation for \p Loc (its expansion
/// location, with an absolute, normalized file path); null if invalid.
llvm::json::Value writeLocation(const clang::SourceManager &SM,
                                clang::SourceLocation Loc);

/// \p Loc as a finding location (expansion location, absolute path).
FindingLocation findingLocation(const clang::SourceManager &SM,
                                clang::SourceLocation Loc);

/// `file:line:col`, for sets of locations.
std::string locationKey(const FindingLocation &Loc);

/// Reads a location written by writeLocation, or an object
/// {"file", "line", "col"}.
FindingLocation readLocation(const llvm::json::Value *Value);
FindingLocation readLocation(const llvm::json::Object *Record);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_FACTS_H
