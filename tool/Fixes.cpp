//===--- Fixes.cpp - applying the fix-its of a codebase run once ---------===//

#include "Fixes.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>

namespace asynclint::tool {

namespace {

using EditKey = std::tuple<std::string, unsigned, unsigned, std::string>;

EditKey keyOf(const Edit &E) {
  return {E.Begin.File, E.Begin.Offset, E.Length, E.Text};
}

std::string where(const Finding &F, const PathStyle &Paths) {
  return Paths.show(F.Pos.File) + ":" + std::to_string(F.Pos.Line) + ":" +
         std::to_string(F.Pos.Column) + " [" + F.Check + "]";
}

} // namespace

FixResult applyFixes(llvm::ArrayRef<Finding> Findings, const PathStyle &Paths,
                     bool FixNotes, bool FixErrors) {
  FixResult Result;
  std::set<EditKey> Seen;
  std::map<std::string, clang::tooling::Replacements> PerFile;

  for (const Finding &F : Findings) {
    const std::vector<Edit> &Edits =
        F.Fixes.empty() && FixNotes ? F.NoteFixes : F.Fixes;
    if (Edits.empty() || (F.FromFailedTU && !FixErrors))
      continue;
    ++Result.Suggested;
    // The edits of this finding not yet staged by an earlier one.
    std::vector<const Edit *> New;
    for (const Edit &E : Edits)
      if (!Seen.count(keyOf(E)))
        New.push_back(&E);
    // All or nothing: stage on copies, commit if every edit fits.
    std::map<std::string, clang::tooling::Replacements> Staged;
    bool Conflict = false;
    for (const Edit *E : New) {
      auto [It, Inserted] = Staged.try_emplace(E->Begin.File);
      if (Inserted)
        It->second = PerFile[E->Begin.File];
      if (llvm::Error Err = It->second.add(clang::tooling::Replacement(
              E->Begin.File, E->Begin.Offset, E->Length, E->Text))) {
        llvm::consumeError(std::move(Err));
        Conflict = true;
        break;
      }
    }
    if (Conflict) {
      Result.Problems.push_back("fix-it of " + where(F, Paths) +
                                " not applied: it overlaps another fix-it");
      continue;
    }
    for (auto &[File, Replacements] : Staged)
      PerFile[File] = std::move(Replacements);
    for (const Edit *E : New)
      Seen.insert(keyOf(*E));
    ++Result.Applied;
  }

  for (auto &[File, Replacements] : PerFile) {
    if (Replacements.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      Result.Problems.push_back("cannot read '" + Paths.show(File) +
                                "': " + Buffer.getError().message());
      continue;
    }
    llvm::Expected<std::string> Code =
        clang::tooling::applyAllReplacements((*Buffer)->getBuffer(), Replacements);
    if (!Code) {
      Result.Problems.push_back("fix-its for '" + Paths.show(File) +
                                "' not applied: " + llvm::toString(Code.takeError()));
      continue;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_None);
    if (EC) {
      Result.Problems.push_back("cannot write '" + Paths.show(File) +
                                "': " + EC.message());
      continue;
    }
    OS << *Code;
    OS.close();
    if (OS.has_error()) {
      Result.Problems.push_back("cannot write '" + Paths.show(File) +
                                "': " + OS.error().message());
      OS.clear_error();
      continue;
    }
    Result.FilesChanged.push_back(File);
  }
  return Result;
}

} // namespace asynclint::tool
