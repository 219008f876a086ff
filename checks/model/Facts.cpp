//===--- Facts.cpp - per-TU facts for whole-program analysis --------------===//

#include "model/Facts.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>

namespace asynclint::model {

FactsRecorder *FactsRecorder::get() {
  static std::unique_ptr<FactsRecorder> Instance = []() {
    const char *Path = std::getenv("ASYNCLINT_FACTS_FILE");
    if (!Path || !*Path)
      return std::unique_ptr<FactsRecorder>();
    return std::unique_ptr<FactsRecorder>(new FactsRecorder(Path));
  }();
  return Instance.get();
}

void FactsRecorder::add(llvm::StringRef Family, llvm::json::Value Record) {
  llvm::json::Value &Slot = Records[Family];
  if (!Slot.getAsArray())
    Slot = llvm::json::Array();
  Slot.getAsArray()->push_back(std::move(Record));
  Dirty = true;
}

bool FactsRecorder::flush() {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    llvm::errs() << "error: asynclint: cannot write facts to '" << Path
                 << "': " << EC.message() << "\n";
    return false;
  }
  llvm::json::Object Root;
  Root["version"] = 1;
  Root["records"] = llvm::json::Object(Records);
  OS << llvm::json::Value(std::move(Root));
  Dirty = false;
  return true;
}

FactsRecorder::~FactsRecorder() {
  if (Dirty || !llvm::sys::fs::exists(Path))
    flush();
}

static std::vector<std::pair<std::string, FamilyMerger>> &mergerTable() {
  static std::vector<std::pair<std::string, FamilyMerger>> Table;
  return Table;
}

bool registerFamilyMerger(llvm::StringRef Family, FamilyMerger Merger) {
  mergerTable().emplace_back(Family.str(), std::move(Merger));
  return true;
}

const std::vector<std::pair<std::string, FamilyMerger>> &familyMergers() {
  return mergerTable();
}

llvm::json::Value writeLocation(llvm::StringRef File, unsigned Line,
                                unsigned Column) {
  return llvm::json::Array{File.str(), Line, Column};
}

llvm::json::Value writeLocation(const clang::SourceManager &SM,
                                clang::SourceLocation Loc) {
  clang::PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return nullptr;
  llvm::SmallString<256> File(P.getFilename());
  llvm::sys::fs::make_absolute(File);
  llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  return writeLocation(File, P.getLine(), P.getColumn());
}

FindingLocation findingLocation(const clang::SourceManager &SM,
                                clang::SourceLocation Loc) {
  llvm::json::Value V = writeLocation(SM, Loc);
  return readLocation(&V);
}

std::string locationKey(const FindingLocation &Loc) {
  return Loc.File + ":" + std::to_string(Loc.Line) + ":" + std::to_string(Loc.Column);
}

FindingLocation readLocation(const llvm::json::Value *Value) {
  if (!Value)
    return {};
  if (const llvm::json::Object *Record = Value->getAsObject())
    return readLocation(Record);
  FindingLocation Loc;
  const llvm::json::Array *Parts = Value->getAsArray();
  if (!Parts || Parts->size() != 3)
    return Loc;
  if (auto File = (*Parts)[0].getAsString())
    Loc.File = File->str();
  if (auto Line = (*Parts)[1].getAsInteger())
    Loc.Line = static_cast<unsigned>(*Line);
  if (auto Col = (*Parts)[2].getAsInteger())
    Loc.Column = static_cast<unsigned>(*Col);
  return Loc;
}

FindingLocation readLocation(const llvm::json::Object *Record) {
  FindingLocation Loc;
  if (!Record)
    return Loc;
  if (auto File = Record->getString("file"))
    Loc.File = File->str();
  if (auto Line = Record->getInteger("line"))
    Loc.Line = static_cast<unsigned>(*Line);
  if (auto Col = Record->getInteger("col"))
    Loc.Column = static_cast<unsigned>(*Col);
  return Loc;
}

} // namespace asynclint::model
