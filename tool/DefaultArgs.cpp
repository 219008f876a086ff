//===--- DefaultArgs.cpp - asynclint's defaults on clang-tidy's command line //

#include "DefaultArgs.h"

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace asynclint::tool {

/// clang-tidy options that take their value as the next argument when written
/// without '=' (llvm::cl accepts both `-p build` and `-p=build`).
bool takesSeparateValue(llvm::StringRef Option) {
  static const llvm::StringSet<> Names = {
      "p",           "checks",           "config",
      "config-file", "header-filter",    "exclude-header-filter",
      "line-filter", "export-fixes",     "extra-arg",
      "extra-arg-before", "format-style", "vfsoverlay",
      "store-check-profile", "warnings-as-errors", "load"};
  Option = Option.ltrim('-');
  return !Option.contains('=') && Names.contains(Option);
}

static bool isOption(llvm::StringRef Arg, llvm::StringRef Name) {
  Arg = Arg.ltrim('-');
  return Arg == Name || Arg.starts_with((Name + "=").str());
}

bool clangTidyFileSetsChecks(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  for (llvm::StringRef Cur = Dir; !Cur.empty();
       Cur = llvm::sys::path::parent_path(Cur)) {
    llvm::SmallString<256> Config(Cur);
    llvm::sys::path::append(Config, ".clang-tidy");
    auto Buffer = llvm::MemoryBuffer::getFile(Config);
    if (!Buffer)
      continue;
    auto Parsed = clang::tidy::parseConfiguration((*Buffer)->getMemBufferRef());
    // A file clang-tidy cannot parse is reported by clang-tidy itself; adding
    // checks on top of it would only hide that error.
    if (!Parsed)
      return true;
    if (Parsed->Checks)
      return true;
    if (!Parsed->InheritParentConfig.value_or(false))
      return false;
  }
  return false;
}

std::vector<std::string> addDefaultArguments(llvm::ArrayRef<const char *> Argv,
                                             llvm::StringRef ResourceDir) {
  std::vector<std::string> Result(Argv.begin(), Argv.end());
  if (Argv.empty())
    return Result;

  bool ChecksChosen = false;
  bool HasResourceDir = false;
  std::vector<llvm::StringRef> Inputs;
  for (size_t I = 1; I < Argv.size(); ++I) {
    llvm::StringRef Arg = Argv[I];
    if (Arg == "--") {
      for (size_t J = I + 1; J < Argv.size(); ++J)
        HasResourceDir |= llvm::StringRef(Argv[J]).contains("-resource-dir");
      break;
    }
    if (!Arg.starts_with("-")) {
      Inputs.push_back(Arg);
      continue;
    }
    if (isOption(Arg, "checks") || isOption(Arg, "config") ||
        isOption(Arg, "config-file"))
      ChecksChosen = true;
    if ((isOption(Arg, "extra-arg") || isOption(Arg, "extra-arg-before")) &&
        Arg.contains("-resource-dir"))
      HasResourceDir = true;
    if (takesSeparateValue(Arg) && I + 1 < Argv.size()) {
      llvm::StringRef Value = Argv[++I];
      HasResourceDir |= Value.contains("-resource-dir");
    }
  }

  if (Inputs.empty())
    Inputs.push_back(".");
  if (!ChecksChosen) {
    bool Configured = false;
    for (llvm::StringRef Input : Inputs)
      Configured |= clangTidyFileSetsChecks(Input);
    if (!Configured)
      Result.insert(Result.begin() + 1, ("--checks=" + DefaultChecks).str());
  }
  if (!HasResourceDir && !ResourceDir.empty() &&
      llvm::sys::fs::is_directory(ResourceDir))
    Result.insert(Result.begin() + 1,
                  ("--extra-arg-before=-resource-dir=" + ResourceDir).str());
  return Result;
}

} // namespace asynclint::tool
