//===--- PluginMain.cpp - asynclint as a clang-tidy plugin ----------------===//
//
// The plugin carries the same checks as the asynclint tool (Module.cpp
// registers them). A plugin built for one clang-tidy major version loaded
// into another lists its checks and silently reports nothing, so the host's
// version is compared with the one built against when the plugin is loaded.
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.h"
#include "llvm/ADT/StringRef.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

/// Returns the major version in a string like "Debian clang version 19.1.7".
int majorVersionOf(llvm::StringRef FullVersion) {
  size_t Pos = FullVersion.find("version ");
  if (Pos == llvm::StringRef::npos)
    return -1;
  llvm::StringRef Rest = FullVersion.substr(Pos + 8);
  int Major = -1;
  if (Rest.consumeInteger(10, Major))
    return -1;
  return Major;
}

struct VersionGuard {
  VersionGuard() {
    const std::string Host = clang::getClangFullVersion();
    const int HostMajor = majorVersionOf(Host);
    if (HostMajor == ASYNCLINT_BUILT_FOR_CLANG_MAJOR)
      return;
    std::fprintf(stderr,
                 "error: asynclint-plugin.so was built for clang-tidy %d but "
                 "was loaded into %s; build asynclint with "
                 "-DASYNCLINT_LLVM_VERSION=%d or load it into clang-tidy-%d\n",
                 ASYNCLINT_BUILT_FOR_CLANG_MAJOR, Host.c_str(),
                 HostMajor > 0 ? HostMajor : ASYNCLINT_BUILT_FOR_CLANG_MAJOR,
                 ASYNCLINT_BUILT_FOR_CLANG_MAJOR);
    std::_Exit(2);
  }
};

const VersionGuard Guard;

} // namespace
