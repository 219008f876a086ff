//===--- DefaultArgs.cpp - asynclint's defaults on clang-tidy's command line //

#include "DefaultArgs.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <optional>

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

static llvm::Error configError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

namespace {
/// The `Checks:` strings the run will use and where each came from.
struct ChosenChecks {
  std::vector<std::pair<std::string, std::string>> Lists; ///< list, origin
  bool Any = false;
};
} // namespace

/// Parses the configuration \p Text from \p Origin, adding its Checks.
static llvm::Error readConfiguration(llvm::MemoryBufferRef Text,
                                     llvm::StringRef Origin, ChosenChecks &Chosen,
                                     bool *InheritsParent = nullptr) {
  std::string Problem;
  auto Parsed = clang::tidy::parseConfigurationWithDiags(
      Text, [&](const llvm::SMDiagnostic &D) {
        if (Problem.empty() && D.getKind() == llvm::SourceMgr::DK_Error)
          Problem = (llvm::Twine(D.getLineNo()) + ":" +
                     llvm::Twine(D.getColumnNo() + 1) + ": " + D.getMessage())
                        .str();
      });
  if (!Parsed)
    return configError(Origin + ":" + (Problem.empty() ? " " : Problem) +
                       (Problem.empty() ? Parsed.getError().message() : "") +
                       " (not a valid clang-tidy configuration)");
  if (Parsed->Checks) {
    Chosen.Any = true;
    Chosen.Lists.emplace_back(*Parsed->Checks, Origin.str());
  }
  if (InheritsParent)
    *InheritsParent = Parsed->InheritParentConfig.value_or(false);
  return llvm::Error::success();
}

/// Reads the .clang-tidy files clang-tidy would use for \p Path (a file or
/// directory), following InheritParentConfig up the tree.
static llvm::Error readClangTidyFiles(llvm::StringRef Path, ChosenChecks &Chosen) {
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
    bool Inherits = false;
    if (llvm::Error E = readConfiguration((*Buffer)->getMemBufferRef(), Config,
                                          Chosen, &Inherits))
      return E;
    if (!Inherits)
      return llvm::Error::success();
  }
  return llvm::Error::success();
}

/// The name of every check clang-tidy knows, asynclint's included.
static llvm::StringSet<> allCheckNames() {
#if LLVM_VERSION_MAJOR >= 22
  return clang::tidy::getAllChecksAndOptions(
             /*AllowEnablingAnalyzerAlphaCheckers=*/true,
             /*ExperimentalCustomChecks=*/false)
      .Checks;
#else
  return clang::tidy::getAllChecksAndOptions(
             /*AllowEnablingAnalyzerAlphaCheckers=*/true)
      .Names;
#endif
}

/// Fails if a pattern of a checks list enables no check: a misspelt name
/// would otherwise only make the run quietly find nothing.
static llvm::Error verifyCheckNames(const ChosenChecks &Chosen) {
  std::optional<llvm::StringSet<>> Known;
  for (const auto &[List, Origin] : Chosen.Lists) {
    llvm::SmallVector<llvm::StringRef> Globs;
    llvm::StringRef(List).split(Globs, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef Glob : Globs) {
      Glob = Glob.trim();
      if (Glob.empty() || Glob.starts_with("-"))
        continue;
      auto Pattern = llvm::GlobPattern::create(Glob);
      if (!Pattern) {
        llvm::consumeError(Pattern.takeError());
        return configError("invalid check pattern '" + Glob + "' in " + Origin);
      }
      if (!Known)
        Known = allCheckNames();
      if (llvm::none_of(Known->keys(),
                        [&](llvm::StringRef Name) { return Pattern->match(Name); }))
        return configError("'" + Glob + "' in " + Origin +
                           " names no check (asynclint --list-checks "
                           "--checks='*' lists them)");
    }
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::string>>
addDefaultArguments(llvm::ArrayRef<const char *> Argv, llvm::StringRef ResourceDir) {
  std::vector<std::string> Result(Argv.begin(), Argv.end());
  if (Argv.empty())
    return Result;

  ChosenChecks Chosen;
  bool ChecksFlag = false, ConfigFlag = false;
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
    if ((isOption(Arg, "extra-arg") || isOption(Arg, "extra-arg-before")) &&
        Arg.contains("-resource-dir"))
      HasResourceDir = true;
    std::optional<llvm::StringRef> Value;
    if (takesSeparateValue(Arg) && I + 1 < Argv.size()) {
      Value = Argv[++I];
      HasResourceDir |= Value->contains("-resource-dir");
    } else if (Arg.contains('=')) {
      Value = Arg.split('=').second;
    }
    if (!Value)
      continue;
    if (isOption(Arg, "checks")) {
      ChecksFlag = true;
      Chosen.Lists.emplace_back(Value->str(), "--checks");
    } else if (isOption(Arg, "config")) {
      ConfigFlag = true;
      if (llvm::Error E = readConfiguration(
              llvm::MemoryBufferRef(*Value, "--config"), "--config", Chosen))
        return E;
    } else if (isOption(Arg, "config-file")) {
      ConfigFlag = true;
      auto Buffer = llvm::MemoryBuffer::getFile(*Value);
      if (!Buffer)
        return configError("cannot read --config-file '" + *Value +
                           "': " + Buffer.getError().message());
      if (llvm::Error E = readConfiguration((*Buffer)->getMemBufferRef(),
                                            *Value, Chosen))
        return E;
    }
  }

  if (Inputs.empty())
    Inputs.push_back(".");
  // --config and --config-file replace the .clang-tidy files.
  if (!ConfigFlag)
    for (llvm::StringRef Input : Inputs)
      if (llvm::Error E = readClangTidyFiles(Input, Chosen))
        return E;
  if (llvm::Error E = verifyCheckNames(Chosen))
    return E;
  // Whatever else a configuration says, asynclint's checks run unless one
  // chooses the checks.
  if (!ChecksFlag && !Chosen.Any)
    Result.insert(Result.begin() + 1, ("--checks=" + DefaultChecks).str());
  if (!HasResourceDir && !ResourceDir.empty() &&
      llvm::sys::fs::is_directory(ResourceDir))
    Result.insert(Result.begin() + 1,
                  ("--extra-arg-before=-resource-dir=" + ResourceDir).str());
  return Result;
}

} // namespace asynclint::tool
