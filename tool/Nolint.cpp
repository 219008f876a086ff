//===--- Nolint.cpp - NOLINT comments for whole-program findings ---------===//

#include "Nolint.h"

#include "clang-tidy/NoLintDirectiveHandler.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"

#include <algorithm>

namespace asynclint::tool {

namespace {

/// Receives the one diagnostic reported for a finding and asks clang-tidy's
/// handler whether a NOLINT comment covers it.
class Asker : public clang::DiagnosticConsumer {
public:
  llvm::StringRef Check;
  bool Suppressed = false;

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Diag) override {
    llvm::SmallVector<clang::tooling::Diagnostic, 1> Misplaced;
    // Misplaced NOLINTBEGIN/END are reported by the TU's own run.
    Suppressed = Handler.shouldSuppress(Level, Diag, Check, Misplaced,
                                        /*AllowIO=*/true,
                                        /*EnableNoLintBlocks=*/true);
  }

private:
  clang::tidy::NoLintDirectiveHandler Handler;
};

} // namespace

class NolintFilter::Impl {
public:
  Impl()
      : Files(clang::FileSystemOptions()),
#if LLVM_VERSION_MAJOR >= 21
        Diags(llvm::makeIntrusiveRefCnt<clang::DiagnosticIDs>(), DiagOpts,
              &Ask, /*ShouldOwnClient=*/false),
#else
        Diags(llvm::makeIntrusiveRefCnt<clang::DiagnosticIDs>(),
              llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>(), &Ask,
              /*ShouldOwnClient=*/false),
#endif
        Sources(Diags, Files) {
    Diags.setSourceManager(&Sources);
    ID = Diags.getCustomDiagID(clang::DiagnosticsEngine::Warning, "%0");
  }

  bool suppresses(const Finding &F) {
    if (F.Pos.File.empty() || F.Pos.Line == 0)
      return false;
    clang::FileID File = fileOf(F.Pos.File);
    if (File.isInvalid())
      return false;
    clang::SourceLocation Loc =
        Sources.translateLineCol(File, F.Pos.Line, std::max(1u, F.Pos.Column));
    if (Loc.isInvalid())
      return false;
    Ask.Check = F.Check;
    Ask.Suppressed = false;
    // Asked as a warning: --warnings-as-errors applies after NOLINT, as in
    // clang-tidy.
    Diags.Report(Loc, ID) << F.Message;
    return Ask.Suppressed;
  }

private:
  clang::FileID fileOf(llvm::StringRef Path) {
    auto [It, Inserted] = IDs.try_emplace(Path);
    if (Inserted) {
      if (llvm::Expected<clang::FileEntryRef> Entry = Files.getFileRef(Path))
        It->second = Sources.createFileID(*Entry, clang::SourceLocation(),
                                          clang::SrcMgr::C_User);
      else
        llvm::consumeError(Entry.takeError());
    }
    return It->second;
  }

  Asker Ask;
  clang::FileManager Files;
#if LLVM_VERSION_MAJOR >= 21
  clang::DiagnosticOptions DiagOpts;
#endif
  clang::DiagnosticsEngine Diags;
  clang::SourceManager Sources;
  unsigned ID = 0;
  llvm::StringMap<clang::FileID> IDs;
};

NolintFilter::NolintFilter() : PImpl(std::make_unique<Impl>()) {}
NolintFilter::~NolintFilter() = default;

bool NolintFilter::suppresses(const Finding &F) { return PImpl->suppresses(F); }

} // namespace asynclint::tool
