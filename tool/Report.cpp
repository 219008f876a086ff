//===--- Report.cpp - findings of a codebase run and their formats --------===//

#include "Report.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace asynclint::tool {

//===----------------------------------------------------------------------===//
// Source files
//===----------------------------------------------------------------------===//

const SourceFiles::Entry *SourceFiles::get(llvm::StringRef File) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Files.find(File);
  if (It != Files.end())
    return It->second.get();
  auto E = std::make_unique<Entry>();
  auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (Buffer) {
    E->Buffer = std::move(*Buffer);
    llvm::StringRef Text = E->Buffer->getBuffer();
    E->LineStarts.push_back(0);
    for (size_t I = 0; I < Text.size(); ++I)
      if (Text[I] == '\n')
        E->LineStarts.push_back(static_cast<unsigned>(I + 1));
  }
  const Entry *Result = E.get();
  Files[File] = std::move(E);
  return Result;
}

void SourceFiles::resolve(SourcePos &Pos) {
  Pos.Line = Pos.Column = 0;
  if (Pos.File.empty())
    return;
  const Entry *E = get(Pos.File);
  if (!E->Buffer || Pos.Offset > E->Buffer->getBufferSize())
    return;
  auto It = std::upper_bound(E->LineStarts.begin(), E->LineStarts.end(),
                             Pos.Offset);
  Pos.Line = static_cast<unsigned>(It - E->LineStarts.begin());
  Pos.Column = Pos.Offset - *(It - 1) + 1;
}

void SourceFiles::resolveOffset(SourcePos &Pos) {
  const Entry *E = Pos.File.empty() ? nullptr : get(Pos.File);
  if (!E || !E->Buffer || Pos.Line == 0 || Pos.Line > E->LineStarts.size())
    return;
  Pos.Offset = E->LineStarts[Pos.Line - 1] + (Pos.Column ? Pos.Column - 1 : 0);
}

std::string SourceFiles::lineText(llvm::StringRef File, unsigned Line) {
  const Entry *E = File.empty() ? nullptr : get(File);
  if (!E || !E->Buffer || Line == 0 || Line > E->LineStarts.size())
    return "";
  llvm::StringRef Text = E->Buffer->getBuffer().substr(E->LineStarts[Line - 1]);
  return Text.take_until([](char C) { return C == '\n'; }).rtrim('\r').str();
}

std::vector<std::string> SourceFiles::lines(llvm::StringRef File) {
  std::vector<std::string> Result;
  const Entry *E = get(File);
  if (!E->Buffer)
    return Result;
  for (unsigned L = 1; L <= E->LineStarts.size(); ++L)
    Result.push_back(lineText(File, L));
  return Result;
}

//===----------------------------------------------------------------------===//
// clang-tidy's YAML
//===----------------------------------------------------------------------===//

/// \p File as written in a diagnostic: relative paths (a compile command
/// that names `../src/a.cpp`, as meson writes them) are relative to the
/// directory of the command, \p BuildDir, not to the working directory.
static SourcePos position(llvm::StringRef File, unsigned Offset,
                          SourceFiles &Sources, llvm::StringRef BuildDir = "") {
  SourcePos Pos;
  if (!File.empty() && llvm::sys::path::is_relative(File) && !BuildDir.empty()) {
    llvm::SmallString<256> Abs(BuildDir);
    llvm::sys::path::append(Abs, File);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    File = Abs;
    Pos.File = std::string(Abs);
  } else {
    Pos.File = File.str();
  }
  Pos.Offset = Offset;
  Sources.resolve(Pos);
  return Pos;
}

static std::vector<Edit>
editsOf(const clang::tooling::DiagnosticMessage &Message, SourceFiles &Sources,
        llvm::StringRef BuildDir) {
  std::vector<Edit> Edits;
  for (const auto &FileFixes : Message.Fix)
    for (const clang::tooling::Replacement &R : FileFixes.second) {
      Edit E;
      E.Begin = position(R.getFilePath(), R.getOffset(), Sources, BuildDir);
      E.End = position(R.getFilePath(), R.getOffset() + R.getLength(), Sources,
                       BuildDir);
      E.Length = R.getLength();
      E.Text = R.getReplacementText().str();
      Edits.push_back(std::move(E));
    }
  return Edits;
}

bool readExportedFixes(llvm::StringRef Path, SourceFiles &Sources,
                       std::vector<Finding> &Out, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = "cannot read '" + Path.str() + "': " + Buffer.getError().message();
    return false;
  }
  clang::tooling::TranslationUnitDiagnostics TU;
  llvm::yaml::Input YAML((*Buffer)->getBuffer());
  YAML >> TU;
  if (YAML.error()) {
    Error = "cannot parse '" + Path.str() + "': " + YAML.error().message();
    return false;
  }
  for (const clang::tooling::Diagnostic &D : TU.Diagnostics) {
    Finding F;
    F.Check = D.DiagnosticName;
    F.Level = D.DiagLevel == clang::tooling::Diagnostic::Error ? "error"
              : D.DiagLevel == clang::tooling::Diagnostic::Remark
                  ? "remark"
                  : "warning";
    F.Message = D.Message.Message;
    F.Pos = position(D.Message.FilePath, D.Message.FileOffset, Sources,
                     D.BuildDirectory);
    F.Fixes = editsOf(D.Message, Sources, D.BuildDirectory);
    const clang::tooling::DiagnosticMessage *FixingNote = nullptr;
    unsigned NotesWithFixes = 0;
    for (const clang::tooling::DiagnosticMessage &N : D.Notes) {
      F.Notes.push_back({N.Message, position(N.FilePath, N.FileOffset, Sources,
                                             D.BuildDirectory)});
      // clang-tidy exports the fix-its of notes too (alternative fixes); they
      // are only applied with --fix-notes, so they are not the finding's fix.
      if (!N.Fix.empty()) {
        FixingNote = &N;
        ++NotesWithFixes;
      }
    }
    if (F.Fixes.empty() && NotesWithFixes == 1)
      F.NoteFixes = editsOf(*FixingNote, Sources, D.BuildDirectory);
    Out.push_back(std::move(F));
  }
  return true;
}

bool writeExportedFixes(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                        std::string &Error) {
  clang::tooling::TranslationUnitDiagnostics TU;
  for (const Finding &F : Findings) {
    clang::tooling::Diagnostic D;
    D.DiagnosticName = F.Check;
    D.DiagLevel = F.Level == "error" ? clang::tooling::Diagnostic::Error
                                     : clang::tooling::Diagnostic::Warning;
    D.Message.Message = F.Message;
    D.Message.FilePath = F.Pos.File;
    D.Message.FileOffset = F.Pos.Offset;
    for (const Edit &E : F.Fixes) {
      llvm::Error Err = D.Message.Fix[E.Begin.File].add(
          clang::tooling::Replacement(E.Begin.File, E.Begin.Offset, E.Length,
                                      E.Text));
      llvm::consumeError(std::move(Err));
    }
    for (const Finding::Note &N : F.Notes) {
      clang::tooling::DiagnosticMessage M;
      M.Message = N.Message;
      M.FilePath = N.Pos.File;
      M.FileOffset = N.Pos.Offset;
      D.Notes.push_back(std::move(M));
    }
    TU.Diagnostics.push_back(std::move(D));
  }
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    return false;
  }
  llvm::yaml::Output YAML(OS);
  YAML << TU;
  return true;
}

//===----------------------------------------------------------------------===//
// JSON (the cache and --format=json)
//===----------------------------------------------------------------------===//

static llvm::json::Object posJSON(const SourcePos &P) {
  return llvm::json::Object{
      {"file", P.File}, {"offset", P.Offset}, {"line", P.Line}, {"col", P.Column}};
}

static SourcePos posFromJSON(const llvm::json::Object *O) {
  SourcePos P;
  if (!O)
    return P;
  if (auto File = O->getString("file"))
    P.File = File->str();
  P.Offset = static_cast<unsigned>(O->getInteger("offset").value_or(0));
  P.Line = static_cast<unsigned>(O->getInteger("line").value_or(0));
  P.Column = static_cast<unsigned>(O->getInteger("col").value_or(0));
  return P;
}

static llvm::json::Array editsJSON(llvm::ArrayRef<Edit> Edits) {
  llvm::json::Array Out;
  for (const Edit &E : Edits)
    Out.push_back(llvm::json::Object{{"begin", posJSON(E.Begin)},
                                     {"end", posJSON(E.End)},
                                     {"length", E.Length},
                                     {"text", E.Text}});
  return Out;
}

static std::vector<Edit> editsFromJSON(const llvm::json::Array *Array) {
  std::vector<Edit> Out;
  if (!Array)
    return Out;
  for (const llvm::json::Value &X : *Array)
    if (const llvm::json::Object *XO = X.getAsObject()) {
      Edit E;
      E.Begin = posFromJSON(XO->getObject("begin"));
      E.End = posFromJSON(XO->getObject("end"));
      E.Length = static_cast<unsigned>(XO->getInteger("length").value_or(0));
      E.Text = XO->getString("text").value_or("").str();
      Out.push_back(std::move(E));
    }
  return Out;
}

llvm::json::Value toJSON(const Finding &F) {
  llvm::json::Array Notes;
  for (const Finding::Note &N : F.Notes)
    Notes.push_back(llvm::json::Object{{"message", N.Message}, {"pos", posJSON(N.Pos)}});
  llvm::json::Object O{{"check", F.Check},     {"level", F.Level},
                       {"message", F.Message}, {"pos", posJSON(F.Pos)},
                       {"notes", std::move(Notes)}, {"fixes", editsJSON(F.Fixes)}};
  if (!F.NoteFixes.empty())
    O["noteFixes"] = editsJSON(F.NoteFixes);
  return O;
}

bool fromJSON(const llvm::json::Value &V, Finding &F) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return false;
  F.Check = O->getString("check").value_or("").str();
  F.Level = O->getString("level").value_or("warning").str();
  F.Message = O->getString("message").value_or("").str();
  F.Pos = posFromJSON(O->getObject("pos"));
  if (const llvm::json::Array *Notes = O->getArray("notes"))
    for (const llvm::json::Value &N : *Notes)
      if (const llvm::json::Object *NO = N.getAsObject())
        F.Notes.push_back({NO->getString("message").value_or("").str(),
                           posFromJSON(NO->getObject("pos"))});
  F.Fixes = editsFromJSON(O->getArray("fixes"));
  F.NoteFixes = editsFromJSON(O->getArray("noteFixes"));
  return true;
}

static auto sortKey(const Finding &F) {
  return std::tie(F.Pos.File, F.Pos.Line, F.Pos.Column, F.Check, F.Message);
}

void sortAndUnique(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     return sortKey(A) < sortKey(B);
                   });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const Finding &A, const Finding &B) {
                               return sortKey(A) == sortKey(B);
                             }),
                 Findings.end());
}

//===----------------------------------------------------------------------===//
// Paths
//===----------------------------------------------------------------------===//

bool PathStyle::isRelative(llvm::StringRef Path) const {
  if (Absolute || Root.empty())
    return false;
  return Path.size() > Root.size() + 1 && Path.starts_with(Root) &&
         llvm::sys::path::is_separator(Path[Root.size()]);
}

std::string PathStyle::show(llvm::StringRef Path) const {
  if (isRelative(Path))
    return Path.substr(Root.size() + 1).str();
  return Path.str();
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

static void writeTextLine(llvm::raw_ostream &OS, const SourcePos &Pos,
                          llvm::StringRef Level, llvm::StringRef Message,
                          llvm::StringRef Check, const PathStyle &Paths,
                          SourceFiles &Sources, bool Color) {
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (!Pos.File.empty()) {
    OS << Paths.show(Pos.File);
    if (Pos.Line)
      OS << ":" << Pos.Line << ":" << Pos.Column;
    OS << ": ";
  }
  if (Color)
    OS.changeColor(Level == "note"      ? llvm::raw_ostream::BLACK
                   : Level == "warning" ? llvm::raw_ostream::MAGENTA
                                        : llvm::raw_ostream::RED,
                   /*Bold=*/true);
  OS << Level << ": ";
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  OS << Message;
  if (!Check.empty())
    OS << " [" << Check << "]";
  if (Color)
    OS.resetColor();
  OS << "\n";
  if (Pos.File.empty() || !Pos.Line)
    return;
  std::string Text = Sources.lineText(Pos.File, Pos.Line);
  OS << Text << "\n";
  std::string Caret;
  for (unsigned I = 0; I + 1 < Pos.Column && I < Text.size(); ++I)
    Caret += Text[I] == '\t' ? '\t' : ' ';
  if (Color)
    OS.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
  OS << Caret << "^";
  if (Color)
    OS.resetColor();
  OS << "\n";
}

void writeText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               const PathStyle &Paths, SourceFiles &Sources, bool Color) {
  // raw_ostream only colours when asked to (a file or pipe never is).
  bool WasColored = OS.colors_enabled();
  OS.enable_colors(Color);
  auto Restore = llvm::make_scope_exit([&] { OS.enable_colors(WasColored); });
  for (const Finding &F : Findings) {
    writeTextLine(OS, F.Pos, F.Level, F.Message, F.Check, Paths, Sources, Color);
    for (const Finding::Note &N : F.Notes)
      writeTextLine(OS, N.Pos, "note", N.Message, "", Paths, Sources, Color);
  }
}

//===----------------------------------------------------------------------===//
// JSON output
//===----------------------------------------------------------------------===//

static llvm::json::Object shownPos(const SourcePos &P, const PathStyle &Paths) {
  return llvm::json::Object{
      {"file", Paths.show(P.File)}, {"line", P.Line}, {"column", P.Column}};
}

void writeJSON(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               const PathStyle &Paths, const RunSummary &Summary) {
  llvm::json::Array Items;
  std::map<std::string, unsigned> PerCheck;
  for (const Finding &F : Findings) {
    ++PerCheck[F.Check];
    llvm::json::Object Item = shownPos(F.Pos, Paths);
    Item["check"] = F.Check;
    Item["level"] = F.Level;
    Item["message"] = F.Message;
    llvm::json::Array Notes, Fixes;
    for (const Finding::Note &N : F.Notes) {
      llvm::json::Object NO = shownPos(N.Pos, Paths);
      NO["message"] = N.Message;
      Notes.push_back(std::move(NO));
    }
    for (const Edit &E : F.Fixes)
      Fixes.push_back(llvm::json::Object{{"file", Paths.show(E.Begin.File)},
                                         {"begin", shownPos(E.Begin, Paths)},
                                         {"end", shownPos(E.End, Paths)},
                                         {"text", E.Text}});
    Item["notes"] = std::move(Notes);
    Item["fixes"] = std::move(Fixes);
    Items.push_back(std::move(Item));
  }
  llvm::json::Object Counts;
  for (const auto &[Check, N] : PerCheck)
    Counts[Check] = N;
  auto shownFiles = [&](llvm::ArrayRef<std::string> Files) {
    llvm::json::Array Shown;
    for (const std::string &F : Files)
      Shown.push_back(Paths.show(F));
    return Shown;
  };
  llvm::json::Object Root{
      {"version", 1},
      {"tool", llvm::json::Object{{"name", "asynclint"}, {"version", ASYNCLINT_VERSION}}},
      {"summary", llvm::json::Object{{"translationUnits", Summary.TUs},
                                     {"fromCache", Summary.FromCache},
                                     {"failedToCompile", shownFiles(Summary.FailedFiles)},
                                     {"crashed", shownFiles(Summary.CrashedFiles)},
                                     {"timedOut", shownFiles(Summary.TimedOutFiles)},
                                     {"baselineSuppressed", Summary.BaselineSuppressed},
                                     {"findings", Findings.size()},
                                     {"findingsPerCheck", std::move(Counts)}}},
      {"findings", std::move(Items)}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Root))) << "\n";
}

//===----------------------------------------------------------------------===//
// SARIF 2.1.0
//===----------------------------------------------------------------------===//

std::string percentEncodePath(llvm::StringRef Path) {
  std::string URI;
  URI.reserve(Path.size());
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C)) {
      URI += C;
      continue;
    }
    unsigned char Byte = static_cast<unsigned char>(C);
    URI += '%';
    URI += llvm::hexdigit(Byte >> 4);
    URI += llvm::hexdigit(Byte & 15);
  }
  return URI;
}

static std::string fileURI(llvm::StringRef AbsPath) {
  return "file://" + percentEncodePath(AbsPath);
}

unsigned utf16Column(llvm::StringRef Line, unsigned ByteColumn) {
  if (ByteColumn == 0)
    return 0;
  size_t Bytes = ByteColumn - 1;
  size_t End = std::min(Bytes, Line.size());
  unsigned Units = 0;
  for (size_t I = 0; I < End;) {
    unsigned char Lead = static_cast<unsigned char>(Line[I]);
    unsigned Length = Lead < 0x80           ? 1
                      : (Lead & 0xE0) == 0xC0 ? 2
                      : (Lead & 0xF0) == 0xE0 ? 3
                      : (Lead & 0xF8) == 0xF0 ? 4
                                              : 1;
    bool Valid = I + Length <= Line.size();
    for (unsigned K = 1; Valid && K < Length; ++K)
      Valid = (static_cast<unsigned char>(Line[I + K]) & 0xC0) == 0x80;
    if (!Valid)
      Length = 1;
    // Code points above U+FFFF (4-byte sequences) are surrogate pairs.
    Units += Length == 4 ? 2 : 1;
    I += Length;
  }
  // A column past the end of the line (the end of a region that takes the
  // line break) stays that far past it.
  return Units + static_cast<unsigned>(Bytes - End) + 1;
}

std::string ruleName(llvm::StringRef Check) {
  llvm::StringRef Rest = Check;
  for (llvm::StringRef Family : {"clang-analyzer-", "clang-diagnostic-"})
    if (Rest.consume_front(Family))
      break;
  if (Rest == Check && Rest.contains('-'))
    Rest = Rest.split('-').second;
  std::string Name;
  bool Upper = true;
  for (char C : Rest) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name.empty() ? Check.str() : Name;
}

/// The baseline key of \p F (defined with the baselines below).
static std::string baselineKeyText(const Finding &F, const PathStyle &Paths,
                                   SourceFiles &Sources);

static llvm::json::Object artifactLocation(llvm::StringRef File,
                                           const PathStyle &Paths) {
  if (Paths.isRelative(File))
    return llvm::json::Object{{"uri", percentEncodePath(Paths.show(File))},
                              {"uriBaseId", "%SRCROOT%"}};
  return llvm::json::Object{{"uri", fileURI(File)}};
}

/// SARIF counts columns in UTF-16 code units (the run's columnKind); clang
/// and the findings count bytes.
static unsigned sarifColumn(const SourcePos &P, SourceFiles &Sources) {
  return utf16Column(Sources.lineText(P.File, P.Line), P.Column);
}

static llvm::json::Object physicalLocation(const SourcePos &P,
                                           const PathStyle &Paths,
                                           SourceFiles &Sources) {
  llvm::json::Object Phys{{"artifactLocation", artifactLocation(P.File, Paths)}};
  if (P.Line) {
    llvm::json::Object Region{{"startLine", P.Line}};
    if (P.Column)
      Region["startColumn"] = sarifColumn(P, Sources);
    Phys["region"] = std::move(Region);
  }
  return Phys;
}

/// The check's doc page: its path, its first paragraph (the one-sentence
/// summary) and its text.
struct CheckDoc {
  std::string Page, Summary, Text;
};

static CheckDoc describeCheck(llvm::StringRef Check,
                              llvm::ArrayRef<std::string> DocDirs) {
  for (const std::string &Dir : DocDirs) {
    llvm::SmallString<256> Page(Dir);
    llvm::sys::path::append(Page, Check + ".md");
    auto Buffer = llvm::MemoryBuffer::getFile(Page);
    if (!Buffer)
      continue;
    llvm::StringRef Text = (*Buffer)->getBuffer();
    llvm::SmallVector<llvm::StringRef, 64> Lines;
    Text.split(Lines, '\n');
    std::string Summary;
    for (llvm::StringRef Line : Lines) {
      Line = Line.trim();
      if (Line.starts_with("#") || (Line.empty() && Summary.empty()))
        continue;
      if (Line.empty())
        break;
      if (!Summary.empty())
        Summary += ' ';
      Summary += Line.str();
    }
    llvm::sys::path::remove_dots(Page, /*remove_dot_dot=*/true);
    return {std::string(Page), Summary, Text.str()};
  }
  return {};
}

/// Where a check is documented: its page as found in \p Doc (the installed
/// docs, else the source tree asynclint was built from), clang's pages for
/// clang-tidy's checks and compiler warnings.
static std::string helpURI(llvm::StringRef Check, const CheckDoc &Doc) {
  if (!Doc.Page.empty())
    return fileURI(Doc.Page);
  llvm::StringRef Rest = Check;
  if (Rest.consume_front("clang-diagnostic-"))
    return "https://clang.llvm.org/docs/DiagnosticsReference.html#w" +
           llvm::StringRef(Rest).lower();
  if (Check.starts_with("async-") || Check.starts_with("events-"))
    return std::string(ASYNCLINT_HOMEPAGE) + "/blob/main/docs/checks/" +
           Check.str() + ".md";
  std::string Family, Name;
  if (Rest.consume_front("clang-analyzer-")) {
    Family = "clang-analyzer";
    Name = Rest.str();
  } else if (Check.contains('-')) {
    Family = Check.split('-').first.str();
    Name = Check.split('-').second.str();
  } else {
    return "https://clang.llvm.org/extra/clang-tidy/checks/list.html";
  }
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Family + "/" +
         Name + ".html";
}

static llvm::json::Object notification(llvm::StringRef Message,
                                       llvm::StringRef File,
                                       const PathStyle &Paths) {
  llvm::json::Object N{{"level", "error"},
                       {"message", llvm::json::Object{{"text", Message}}}};
  if (!File.empty())
    N["locations"] = llvm::json::Array{llvm::json::Object{
        {"physicalLocation",
         llvm::json::Object{{"artifactLocation", artifactLocation(File, Paths)}}}}};
  return N;
}

void writeSARIF(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
                const PathStyle &Paths, const RunSummary &Summary,
                SourceFiles &Sources, llvm::ArrayRef<std::string> DocDirs) {
  std::vector<std::string> Checks;
  for (const Finding &F : Findings)
    Checks.push_back(F.Check);
  llvm::sort(Checks);
  Checks.erase(std::unique(Checks.begin(), Checks.end()), Checks.end());

  llvm::json::Array Rules;
  llvm::StringMap<unsigned> RuleIndex;
  for (const std::string &Check : Checks) {
    RuleIndex[Check] = Rules.size();
    CheckDoc Doc = describeCheck(Check, DocDirs);
    bool Ours = llvm::StringRef(Check).starts_with("async-") ||
                llvm::StringRef(Check).starts_with("events-");
    std::string Short = Doc.Summary;
    if (Short.empty())
      Short = Ours ? "asynclint check " + Check : "clang-tidy check " + Check;
    std::string HelpURI = helpURI(Check, Doc);
    std::string Help = Doc.Text.empty() ? Short + "\n\nSee " + HelpURI : Doc.Text;
    llvm::json::Object Rule{
        {"id", Check},
        {"name", ruleName(Check)},
        {"shortDescription", llvm::json::Object{{"text", Short}}},
        {"fullDescription", llvm::json::Object{{"text", Short}}},
        {"helpUri", HelpURI},
        {"help", llvm::json::Object{{"text", Help}, {"markdown", Help}}},
        {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}},
        {"properties", llvm::json::Object{{"tags", llvm::json::Array{"concurrency"}}}}};
    Rules.push_back(std::move(Rule));
  }

  // The fingerprint is the finding's baseline key (check, file, function,
  // normalized line text) with the occurrence of that key: it does not
  // change when the finding moves to another line, so code scanning keeps
  // tracking the same alert.
  std::map<std::string, unsigned> Occurrences;
  llvm::json::Array Results;
  for (const Finding &F : Findings) {
    std::string Key = baselineKeyText(F, Paths, Sources);
    unsigned Occurrence = ++Occurrences[Key];
    std::string Fingerprint =
        llvm::toHex(llvm::SHA1::hash(llvm::arrayRefFromStringRef(Key)),
                    /*LowerCase=*/true) +
        ":" + std::to_string(Occurrence);
    llvm::json::Object Result{
        {"ruleId", F.Check},
        {"ruleIndex", RuleIndex[F.Check]},
        {"level", F.Level == "error" ? "error" : "warning"},
        {"message", llvm::json::Object{{"text", F.Message}}},
        {"locations",
         llvm::json::Array{llvm::json::Object{
             {"physicalLocation", physicalLocation(F.Pos, Paths, Sources)}}}},
        {"partialFingerprints",
         llvm::json::Object{{"asynclintBaselineKey/v1", Fingerprint}}}};
    if (!F.Notes.empty()) {
      llvm::json::Array Related;
      unsigned Id = 0;
      for (const Finding::Note &N : F.Notes)
        Related.push_back(llvm::json::Object{
            {"id", Id++},
            {"message", llvm::json::Object{{"text", N.Message}}},
            {"physicalLocation", physicalLocation(N.Pos, Paths, Sources)}});
      Result["relatedLocations"] = std::move(Related);
    }
    if (!F.Fixes.empty()) {
      std::map<std::string, llvm::json::Array> PerFile;
      for (const Edit &E : F.Fixes)
        PerFile[E.Begin.File].push_back(llvm::json::Object{
            {"deletedRegion",
             llvm::json::Object{{"startLine", E.Begin.Line},
                                {"startColumn", sarifColumn(E.Begin, Sources)},
                                {"endLine", E.End.Line},
                                {"endColumn", sarifColumn(E.End, Sources)}}},
            {"insertedContent", llvm::json::Object{{"text", E.Text}}}});
      llvm::json::Array Changes;
      for (auto &[File, Replacements] : PerFile)
        Changes.push_back(llvm::json::Object{
            {"artifactLocation", artifactLocation(File, Paths)},
            {"replacements", std::move(Replacements)}});
      Result["fixes"] = llvm::json::Array{llvm::json::Object{
          {"description", llvm::json::Object{{"text", "apply the fix-it of " + F.Check}}},
          {"artifactChanges", std::move(Changes)}}};
    }
    Results.push_back(std::move(Result));
  }

  llvm::json::Array Notifications;
  for (const std::string &File : Summary.FailedFiles)
    Notifications.push_back(
        notification("translation unit failed to compile", File, Paths));
  for (const RunSummary::Problem &P : Summary.ToolErrors)
    Notifications.push_back(notification(P.Message, P.File, Paths));

  llvm::json::Object Run{
      {"tool",
       llvm::json::Object{{"driver",
                           llvm::json::Object{{"name", "asynclint"},
                                              {"version", ASYNCLINT_VERSION},
                                              {"semanticVersion", ASYNCLINT_VERSION},
                                              {"informationUri", ASYNCLINT_HOMEPAGE},
                                              {"rules", std::move(Rules)}}}}},
      {"invocations",
       llvm::json::Array{llvm::json::Object{
           {"executionSuccessful",
            Summary.FailedFiles.empty() && Summary.ToolErrors.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"columnKind", "utf16CodeUnits"},
      {"results", std::move(Results)}};
  if (!Paths.Absolute && !Paths.Root.empty())
    Run["originalUriBaseIds"] = llvm::json::Object{
        {"%SRCROOT%", llvm::json::Object{{"uri", fileURI(Paths.Root) + "/"}}}};

  llvm::json::Object Root{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Root))) << "\n";
}

//===----------------------------------------------------------------------===//
// Baselines
//===----------------------------------------------------------------------===//

static std::string normalizeSnippet(llvm::StringRef Line) {
  std::string Result;
  bool Space = false;
  for (char C : Line.trim()) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Result.empty())
      Result += ' ';
    Space = false;
    Result += C;
  }
  return Result;
}

static unsigned indentOf(llvm::StringRef Line) {
  return static_cast<unsigned>(Line.size() - Line.ltrim().size());
}

/// The name of the function around line \p Line: the nearest line above it,
/// indented less, that looks like the head of a function definition.
static std::string enclosingFunction(const std::vector<std::string> &Lines,
                                     unsigned Line) {
  if (Line == 0 || Line > Lines.size())
    return "";
  static const llvm::Regex Head(
      "([A-Za-z_~][A-Za-z0-9_:~<>]*(operator[^(]*)?)[ \t]*\\(");
  static const llvm::StringSet<> NotFunctions = {
      "if", "for", "while", "switch", "catch", "return", "sizeof", "decltype",
      "static_assert", "alignof", "noexcept", "co_await", "co_return"};
  unsigned Limit = indentOf(Lines[Line - 1]);
  for (unsigned L = Line - 1; L > 0; --L) {
    llvm::StringRef Text = Lines[L - 1];
    llvm::StringRef Trimmed = Text.trim();
    if (Trimmed.empty() || Trimmed.starts_with("//") || Trimmed.starts_with("#") ||
        Trimmed.starts_with("*") || Trimmed.starts_with("/*"))
      continue;
    if (indentOf(Text) >= Limit && Limit > 0)
      continue;
    // Statements and lambdas opening a block are scopes inside a function.
    llvm::StringRef FirstWord = Trimmed.take_while(
        [](char C) { return llvm::isAlnum(C) || C == '_'; });
    bool Statement = NotFunctions.contains(FirstWord) || FirstWord == "else" ||
                     FirstWord == "do" || FirstWord == "case" ||
                     FirstWord == "throw" || FirstWord == "try" ||
                     Trimmed.contains('[') ||
                     Trimmed.take_until([](char C) { return C == '('; }).contains('=');
    llvm::SmallVector<llvm::StringRef, 3> M;
    if (!Statement && !Trimmed.ends_with(";") && Head.match(Trimmed, &M) &&
        !NotFunctions.contains(M[1]))
      return M[1].str();
    if (indentOf(Text) == 0)
      return "";
    Limit = indentOf(Text);
  }
  return "";
}

namespace {
struct BaselineKey {
  std::string Check, File, Function, Snippet;
  bool operator<(const BaselineKey &O) const {
    return std::tie(Check, File, Function, Snippet) <
           std::tie(O.Check, O.File, O.Function, O.Snippet);
  }
};
} // namespace

static BaselineKey keyOf(const Finding &F, const PathStyle &Paths,
                         SourceFiles &Sources) {
  std::vector<std::string> Lines = Sources.lines(F.Pos.File);
  BaselineKey K;
  K.Check = F.Check;
  K.File = Paths.show(F.Pos.File);
  K.Function = enclosingFunction(Lines, F.Pos.Line);
  K.Snippet = F.Pos.Line && F.Pos.Line <= Lines.size()
                  ? normalizeSnippet(Lines[F.Pos.Line - 1])
                  : F.Message;
  return K;
}

static std::string baselineKeyText(const Finding &F, const PathStyle &Paths,
                                   SourceFiles &Sources) {
  BaselineKey K = keyOf(F, Paths, Sources);
  std::string Text;
  for (const std::string *Part : {&K.Check, &K.File, &K.Function, &K.Snippet}) {
    Text += *Part;
    Text += '\0';
  }
  return Text;
}

bool writeBaseline(llvm::StringRef Path, llvm::ArrayRef<Finding> Findings,
                   const PathStyle &Paths, SourceFiles &Sources,
                   std::string &Error) {
  std::map<BaselineKey, unsigned> Counts;
  for (const Finding &F : Findings)
    ++Counts[keyOf(F, Paths, Sources)];
  llvm::json::Array Entries;
  for (const auto &[K, N] : Counts)
    Entries.push_back(llvm::json::Object{{"check", K.Check},
                                         {"file", K.File},
                                         {"function", K.Function},
                                         {"snippet", K.Snippet},
                                         {"count", N}});
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write baseline '" + Path.str() + "': " + EC.message();
    return false;
  }
  OS << llvm::formatv(
            "{0:2}",
            llvm::json::Value(llvm::json::Object{
                {"version", 1}, {"tool", "asynclint"}, {"findings", std::move(Entries)}}))
     << "\n";
  return true;
}

bool applyBaseline(llvm::StringRef Path, std::vector<Finding> &Findings,
                   const PathStyle &Paths, SourceFiles &Sources,
                   unsigned &Suppressed, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = "cannot read baseline '" + Path.str() + "': " +
            Buffer.getError().message();
    return false;
  }
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  const llvm::json::Object *Root = Parsed ? Parsed->getAsObject() : nullptr;
  const llvm::json::Array *Entries = Root ? Root->getArray("findings") : nullptr;
  if (!Entries) {
    if (!Parsed)
      llvm::consumeError(Parsed.takeError());
    Error = "'" + Path.str() + "' is not an asynclint baseline";
    return false;
  }
  std::map<BaselineKey, unsigned> Known;
  for (const llvm::json::Value &V : *Entries) {
    const llvm::json::Object *E = V.getAsObject();
    if (!E)
      continue;
    BaselineKey K{E->getString("check").value_or("").str(),
                  E->getString("file").value_or("").str(),
                  E->getString("function").value_or("").str(),
                  E->getString("snippet").value_or("").str()};
    Known[K] += static_cast<unsigned>(E->getInteger("count").value_or(1));
  }
  std::vector<Finding> Kept;
  Suppressed = 0;
  for (Finding &F : Findings) {
    auto It = Known.find(keyOf(F, Paths, Sources));
    if (It != Known.end() && It->second > 0) {
      --It->second;
      ++Suppressed;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  Findings = std::move(Kept);
  return true;
}

} // namespace asynclint::tool
