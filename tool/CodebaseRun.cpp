//===--- CodebaseRun.cpp - asynclint over a whole compile_commands.json ---===//

#include "CodebaseRun.h"
#include "DefaultArgs.h"
#include "Fixes.h"
#include "Nolint.h"
#include "Report.h"

#include "model/Facts.h"

#include "clang-tidy/GlobList.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace asynclint::tool {
namespace {

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

struct Options {
  std::string BuildDir;             ///< -p
  std::vector<std::string> Paths;   ///< positional: files or directories
  std::string FilesRegex;
  unsigned Jobs = 0;                ///< 0: all cores
  bool Quiet = false;
  bool Verbose = false; ///< the stack dump of a crashed TU's process
  std::optional<bool> UseColor; ///< clang-tidy's --use-color; unset: auto
  OutputFormat Format = OutputFormat::Text;
  std::string Output;
  std::string Baseline, WriteBaseline;
  std::string CacheDir;
  bool NoCache = false;
  unsigned ShardIndex = 0, ShardCount = 0; ///< --shard K/N: K in [1, N]
  bool MergeOnly = false;
  /// A named file the database does not list is analysed with the command
  /// of a file in its directory (clang's interpolation).
  bool GuessNewFiles = false;
  /// Remove the cache entries no TU of the database uses with these flags.
  bool CachePrune = false;
  bool PrintCacheEntries = false; ///< list `<TU> <cache entry>` and stop
  bool AbsolutePaths = false;
  std::string SourceRoot;
  std::string ExportFixes;
  std::string WarningsAsErrors;
  bool Fix = false;       ///< --fix, --fix-errors or --fix-notes
  bool FixErrors = false; ///< --fix-errors
  bool FixNotes = false;  ///< --fix-notes
  unsigned TimeoutPerTU = 600; ///< seconds; 0: none
  std::vector<std::string> PassThrough; ///< clang-tidy's flags, for every TU
};

/// asynclint's own flags, all with values except the listed booleans.
const llvm::StringSet<> ValueFlags = {
    "files-regex", "j", "jobs", "format", "output", "baseline",
    "write-baseline", "cache-dir", "shard", "source-root", "timeout-per-tu"};
const llvm::StringSet<> BoolFlags = {"no-cache", "merge-only", "absolute-paths",
                                     "print-cache-entries", "verbose",
                                     "guess-flags-for-new-files", "cache-prune"};
/// Flags that make a run a codebase run even with files.
const llvm::StringSet<> DriverOnlyFlags = {
    "list-checks", "dump-config", "explain-config", "verify-config", "help",
    "help-hidden", "help-list", "version"};

/// Splits `--name=value`, `-name value`, `-j8` into name and value.
struct ParsedArg {
  llvm::StringRef Name;
  std::optional<std::string> Value;
};

ParsedArg parseFlag(llvm::StringRef Arg) {
  ParsedArg P;
  llvm::StringRef Body = Arg.ltrim('-');
  auto [Name, Value] = Body.split('=');
  P.Name = Name;
  if (Body.contains('='))
    P.Value = Value.str();
  else if (Name.size() > 1 && Name[0] == 'j' && llvm::all_of(Name.drop_front(), llvm::isDigit)) {
    P.Name = "j";
    P.Value = Name.drop_front().str();
  }
  return P;
}

bool fail(const llvm::Twine &Message) {
  llvm::errs() << "asynclint: error: " << Message << "\n";
  return false;
}

bool parseOptions(llvm::ArrayRef<const char *> Argv, Options &O) {
  for (size_t I = 1; I < Argv.size(); ++I) {
    llvm::StringRef Arg = Argv[I];
    if (Arg == "--")
      return fail("compiler flags after '--' replace the compilation database; "
                  "in a codebase run use --extra-arg=FLAG");
    if (!Arg.starts_with("-") || Arg == "-") {
      O.Paths.push_back(Arg.str());
      continue;
    }
    ParsedArg P = parseFlag(Arg);
    auto value = [&]() -> std::optional<std::string> {
      if (P.Value)
        return P.Value;
      if (I + 1 < Argv.size())
        return std::string(Argv[++I]);
      fail("option '" + Arg + "' needs a value");
      return std::nullopt;
    };
    if (P.Name == "p") {
      auto V = value();
      if (!V)
        return false;
      O.BuildDir = *V;
      continue;
    }
    if (P.Name == "quiet") {
      O.Quiet = true;
      continue;
    }
    if (BoolFlags.contains(P.Name)) {
      O.NoCache |= P.Name == "no-cache";
      O.MergeOnly |= P.Name == "merge-only";
      O.AbsolutePaths |= P.Name == "absolute-paths";
      O.PrintCacheEntries |= P.Name == "print-cache-entries";
      O.Verbose |= P.Name == "verbose";
      O.GuessNewFiles |= P.Name == "guess-flags-for-new-files";
      O.CachePrune |= P.Name == "cache-prune";
      continue;
    }
    if (P.Name == "export-fixes") {
      auto V = value();
      if (!V)
        return false;
      O.ExportFixes = *V;
      continue;
    }
    if (ValueFlags.contains(P.Name)) {
      auto V = value();
      if (!V)
        return false;
      if (P.Name == "files-regex")
        O.FilesRegex = *V;
      else if (P.Name == "j" || P.Name == "jobs") {
        if (llvm::StringRef(*V).getAsInteger(10, O.Jobs))
          return fail("'-j' needs a number, not '" + *V + "'");
      } else if (P.Name == "format") {
        if (*V == "text")
          O.Format = OutputFormat::Text;
        else if (*V == "json")
          O.Format = OutputFormat::JSON;
        else if (*V == "sarif")
          O.Format = OutputFormat::SARIF;
        else
          return fail("unknown --format '" + *V + "' (text, json or sarif)");
      } else if (P.Name == "output")
        O.Output = *V;
      else if (P.Name == "baseline")
        O.Baseline = *V;
      else if (P.Name == "write-baseline")
        O.WriteBaseline = *V;
      else if (P.Name == "cache-dir")
        O.CacheDir = *V;
      else if (P.Name == "source-root")
        O.SourceRoot = *V;
      else if (P.Name == "timeout-per-tu") {
        if (llvm::StringRef(*V).getAsInteger(10, O.TimeoutPerTU))
          return fail("'--timeout-per-tu' needs a number of seconds (0: none), "
                      "not '" + *V + "'");
      }
      else if (P.Name == "shard") {
        auto [K, N] = llvm::StringRef(*V).split('/');
        if (K.getAsInteger(10, O.ShardIndex) || N.getAsInteger(10, O.ShardCount) ||
            O.ShardCount == 0 || O.ShardIndex == 0 || O.ShardIndex > O.ShardCount)
          return fail("--shard needs K/N with 1 <= K <= N, not '" + *V + "'");
      }
      continue;
    }
    // Fix-its are exported by every TU's run and applied once, at the end:
    // a header's fix-it comes from every TU that includes it.
    if (P.Name == "fix" || P.Name == "fix-errors" || P.Name == "fix-notes") {
      O.Fix = true;
      O.FixErrors |= P.Name == "fix-errors";
      O.FixNotes |= P.Name == "fix-notes";
      continue;
    }
    // Everything else is clang-tidy's and goes to every TU's run.
    O.PassThrough.push_back(Arg.str());
    if (P.Name == "warnings-as-errors" && P.Value)
      O.WarningsAsErrors = *P.Value;
    // clang-tidy's --use-color[=BOOL] (llvm::cl's spellings of a boolean).
    if (P.Name == "use-color") {
      llvm::StringRef V = P.Value ? llvm::StringRef(*P.Value) : "true";
      if (V == "true" || V == "TRUE" || V == "True" || V == "1")
        O.UseColor = true;
      else if (V == "false" || V == "FALSE" || V == "False" || V == "0")
        O.UseColor = false;
      else
        return fail("'--use-color' needs true or false, not '" + V + "'");
    }
    if (!P.Value && takesSeparateValue(Arg) && I + 1 < Argv.size()) {
      O.PassThrough.push_back(Argv[++I]);
      if (P.Name == "warnings-as-errors")
        O.WarningsAsErrors = Argv[I];
    }
  }
  if (O.BuildDir.empty())
    return fail("a codebase run needs the build directory with "
                "compile_commands.json: -p DIR");
  if (O.MergeOnly && O.ShardCount)
    return fail("--shard and --merge-only exclude each other");
  if ((O.MergeOnly || O.ShardCount) && O.NoCache)
    return fail("--shard and --merge-only work through the cache; drop --no-cache");
  if (O.Fix && (O.MergeOnly || O.ShardCount))
    return fail("--fix cannot be combined with --shard or --merge-only");
  if (O.CachePrune && (O.NoCache || O.Fix))
    return fail("--cache-prune needs the cache, which --no-cache and --fix "
                "turn off");
  if (O.CachePrune && O.ShardCount)
    return fail("--cache-prune cannot be combined with --shard: a shard "
                "knows only its own translation units; prune in the "
                "--merge-only job");
  return true;
}

//===----------------------------------------------------------------------===//
// Translation units and the cache
//===----------------------------------------------------------------------===//

struct TranslationUnit {
  std::string File; ///< absolute
  std::vector<clang::tooling::CompileCommand> Commands;
  std::string Identity; ///< hash of everything but file contents
  /// Named on the command line (or the run is not restricted). A restricted
  /// run analyses the other TUs too, for their whole-program facts only.
  bool Selected = true;
  std::string GuessedFrom; ///< the database's file whose flags it takes
};

/// The result of one TU, as stored in the cache.
struct TUResult {
  enum Status { Clean, CompileError, Crash, TimedOut, ToolError } State = Clean;
  std::vector<Finding> Findings;  ///< check findings and compile errors
  llvm::json::Value Facts = nullptr; ///< {"<family>": [records]} or null
  std::vector<std::pair<std::string, uint64_t>> Deps;
  std::string Stderr;
  std::string Signal; ///< how a crashed process ended ("Segmentation fault")
  int KilledBy = 0;   ///< the signal that ended the TU's process, if one did
  bool FromCache = false;
};

std::string hex(uint64_t V) { return llvm::utohexstr(V, /*LowerCase=*/true, 16); }

/// Hashes of file contents, each file read once per run.
class ContentHashes {
public:
  std::optional<uint64_t> get(llvm::StringRef Path) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      auto It = Hashes.find(Path);
      if (It != Hashes.end())
        return It->second;
    }
    std::optional<uint64_t> H;
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path, false, false))
      H = llvm::xxh3_64bits((*Buffer)->getBuffer());
    std::lock_guard<std::mutex> Lock(Mutex);
    Hashes[Path] = H;
    return H;
  }

private:
  std::mutex Mutex;
  llvm::StringMap<std::optional<uint64_t>> Hashes;
};

/// Reads a Makefile-style dependency file (`target: dep dep \`).
std::vector<std::string> readDepFile(llvm::StringRef Path) {
  std::vector<std::string> Deps;
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return Deps;
  llvm::StringRef Text = (*Buffer)->getBuffer();
  size_t Colon = Text.find(": ");
  if (Colon == llvm::StringRef::npos)
    return Deps;
  Text = Text.substr(Colon + 2);
  std::string Cur;
  auto flush = [&] {
    if (!Cur.empty())
      Deps.push_back(Cur);
    Cur.clear();
  };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\' && I + 1 < Text.size()) {
      char N = Text[I + 1];
      if (N == '\n' || N == '\r') {
        flush();
        ++I;
        continue;
      }
      if (N == ' ' || N == '#' || N == '\\') {
        Cur += N;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '$') {
      Cur += '$';
      ++I;
      continue;
    }
    if (llvm::isSpace(C)) {
      flush();
      continue;
    }
    Cur += C;
  }
  flush();
  llvm::StringSet<> Seen;
  std::vector<std::string> Unique;
  for (std::string &D : Deps) {
    llvm::SmallString<256> Abs(D);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/false);
    if (Seen.insert(Abs).second)
      Unique.push_back(std::string(Abs));
  }
  return Unique;
}

class Cache {
public:
  explicit Cache(std::string Dir) : Dir(std::move(Dir)) {}
  bool enabled() const { return !Dir.empty(); }
  const std::string &dir() const { return Dir; }

  std::string entryPath(const TranslationUnit &TU) const {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, TU.Identity + ".json");
    return std::string(P);
  }

  /// Loads the entry of \p TU; with \p Validate, only if no dependency
  /// changed.
  std::optional<TUResult> load(const TranslationUnit &TU, bool Validate,
                               ContentHashes &Hashes) const {
    auto Buffer = llvm::MemoryBuffer::getFile(entryPath(TU));
    if (!Buffer)
      return std::nullopt;
    auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
    if (!Parsed) {
      llvm::consumeError(Parsed.takeError());
      return std::nullopt;
    }
    llvm::json::Object *Root = Parsed->getAsObject();
    if (!Root || Root->getInteger("version") != 1)
      return std::nullopt;
    TUResult R;
    R.FromCache = true;
    if (const llvm::json::Array *Deps = Root->getArray("deps"))
      for (const llvm::json::Value &D : *Deps) {
        const llvm::json::Array *Pair = D.getAsArray();
        if (!Pair || Pair->size() != 2)
          return std::nullopt;
        auto Path = (*Pair)[0].getAsString();
        auto Hash = (*Pair)[1].getAsString();
        if (!Path || !Hash)
          return std::nullopt;
        if (Validate) {
          std::optional<uint64_t> Now = Hashes.get(*Path);
          if (!Now || hex(*Now) != *Hash)
            return std::nullopt;
        }
      }
    std::optional<llvm::StringRef> Status = Root->getString("status");
    R.State = Status == "compile-error" ? TUResult::CompileError
              : Status == "crash"       ? TUResult::Crash
                                        : TUResult::Clean;
    if (R.State == TUResult::Crash) {
      R.Signal = Root->getString("signal").value_or("").str();
      R.Stderr = Root->getString("stderr").value_or("").str();
      R.KilledBy = static_cast<int>(Root->getInteger("killedBy").value_or(0));
    }
    if (const llvm::json::Array *Findings = Root->getArray("findings"))
      for (const llvm::json::Value &V : *Findings) {
        Finding F;
        if (fromJSON(V, F))
          R.Findings.push_back(std::move(F));
      }
    if (llvm::json::Value *Facts = Root->get("facts"))
      R.Facts = std::move(*Facts);
    return R;
  }

  /// Stores the result of \p TU. A crash is stored too (the same key would
  /// crash again), unless the process was killed from outside; a timeout or
  /// a tool error is not.
  void store(const TranslationUnit &TU, const TUResult &R) const {
    bool External = R.KilledBy == SIGKILL || R.KilledBy == SIGINT ||
                    R.KilledBy == SIGTERM || R.KilledBy == SIGHUP;
    if (R.State == TUResult::TimedOut || R.State == TUResult::ToolError ||
        (R.State == TUResult::Crash && External))
      return;
    llvm::json::Array Deps, Findings;
    for (const auto &[Path, Hash] : R.Deps)
      Deps.push_back(llvm::json::Array{Path, hex(Hash)});
    for (const Finding &F : R.Findings)
      Findings.push_back(toJSON(F));
    llvm::json::Object Root{
        {"version", 1},
        {"file", TU.File},
        {"status", R.State == TUResult::CompileError ? "compile-error"
                   : R.State == TUResult::Crash      ? "crash"
                                                     : "ok"},
        {"deps", std::move(Deps)},
        {"findings", std::move(Findings)},
        {"facts", R.Facts}};
    if (R.State == TUResult::Crash) {
      Root["signal"] = R.Signal;
      Root["stderr"] = R.Stderr;
      Root["killedBy"] = R.KilledBy;
    }
    // Written under a temporary name and renamed, so that a concurrent or
    // interrupted run never sees half an entry.
    std::string Path = entryPath(TU);
    std::string Temp = Path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(Temp, EC, llvm::sys::fs::OF_Text);
      if (EC)
        return;
      OS << llvm::json::Value(std::move(Root));
    }
    llvm::sys::fs::rename(Temp, Path);
  }

private:
  std::string Dir;
};

//===----------------------------------------------------------------------===//
// Interruptions
//===----------------------------------------------------------------------===//

/// While the TUs run, SIGINT, SIGTERM and SIGHUP stop their processes,
/// remove the run's temporary files (the TUs' directory under the system's
/// temporary directory, half-written cache entries) and end the run as the
/// signal would have. The signal handler only writes the signal's number to
/// a pipe; a thread does the work outside of signal context.
class Interruptions {
public:
  Interruptions(std::string TempDir, std::string CacheDir)
      : TempDir(std::move(TempDir)), CacheDir(std::move(CacheDir)) {
    if (::pipe(Pipe) != 0) {
      Pipe[0] = Pipe[1] = -1;
      return;
    }
    ::fcntl(Pipe[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(Pipe[1], F_SETFD, FD_CLOEXEC);
    WritePipe = Pipe[1];
    Watcher = std::thread([this] { watch(); });
    struct sigaction Action = {};
    Action.sa_handler = &Interruptions::onSignal;
    sigemptyset(&Action.sa_mask);
    for (size_t I = 0; I < std::size(Signals); ++I)
      ::sigaction(Signals[I], &Action, &Previous[I]);
  }

  ~Interruptions() {
    for (size_t I = 0; I < std::size(Signals); ++I)
      ::sigaction(Signals[I], &Previous[I], nullptr);
    if (Pipe[1] < 0)
      return;
    char Stop = 0;
    (void)!::write(Pipe[1], &Stop, 1);
    Watcher.join();
    WritePipe = -1;
    ::close(Pipe[0]);
    ::close(Pipe[1]);
  }

  /// Starts a TU's process, unless the run is being interrupted.
  llvm::sys::ProcessInfo spawn(llvm::StringRef Exe,
                               llvm::ArrayRef<llvm::StringRef> Args,
                               llvm::ArrayRef<llvm::StringRef> Env,
                               llvm::ArrayRef<std::optional<llvm::StringRef>> Redirects,
                               std::string &ErrMsg, bool &ExecFailed) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Interrupted)
      return {};
    llvm::sys::ProcessInfo Child = llvm::sys::ExecuteNoWait(
        Exe, Args, Env, Redirects, 0, &ErrMsg, &ExecFailed);
    if (Child.Pid != llvm::sys::ProcessInfo::InvalidPid)
      Children.push_back(Child.Pid);
    return Child;
  }

  /// True once a signal has stopped the run: what the TUs' processes report
  /// from then on (killed by the terminal's SIGINT too) is not news.
  bool interrupted() const { return Stopping; }

  /// Reaps \p Child, which has ended, and forgets it (under the lock, so a
  /// signal never kills a process id the system has given to another).
  int reap(llvm::sys::ProcessInfo Child, std::string &ErrMsg) {
    std::lock_guard<std::mutex> Lock(Mutex);
    llvm::erase(Children, Child.Pid);
    return llvm::sys::Wait(Child, std::nullopt, &ErrMsg).ReturnCode;
  }

private:
  static constexpr int Signals[] = {SIGINT, SIGTERM, SIGHUP};
  static inline std::atomic<int> WritePipe{-1};

  static void onSignal(int Sig) {
    int FD = WritePipe.load();
    unsigned char Byte = static_cast<unsigned char>(Sig);
    if (FD >= 0)
      (void)!::write(FD, &Byte, 1);
  }

  void watch() {
    unsigned char Sig = 0;
    for (;;) {
      ssize_t N = ::read(Pipe[0], &Sig, 1);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0 || Sig == 0)
        return;
      break;
    }
    Stopping = true;
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Interrupted = true;
      for (llvm::sys::procid_t Pid : Children)
        ::kill(Pid, SIGKILL);
      // Dead, not reaped (a worker thread does that): nothing more can
      // appear in the temporary directory.
      for (llvm::sys::procid_t Pid : Children) {
        siginfo_t Info;
        while (::waitid(P_PID, Pid, &Info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
        }
      }
      llvm::sys::fs::remove_directories(TempDir);
      removePartialCacheEntries();
      llvm::errs() << "asynclint: interrupted by " << ::strsignal(Sig)
                   << "; stopped " << Children.size()
                   << " running translation unit(s), temporary files removed\n";
      llvm::errs().flush();
      // Ends the process as the signal would have, with the lock held so
      // that no worker starts another process meanwhile.
      for (size_t I = 0; I < std::size(Signals); ++I)
        ::sigaction(Signals[I], &Previous[I], nullptr);
      ::signal(Sig, SIG_DFL);
      ::raise(Sig);
      ::_exit(128 + Sig);
    }
  }

  /// Cache entries are written as `<entry>.tmp<pid>` and renamed.
  void removePartialCacheEntries() {
    if (CacheDir.empty())
      return;
    std::string Suffix = ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(CacheDir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(Suffix))
        llvm::sys::fs::remove(It->path());
  }

  std::string TempDir, CacheDir;
  int Pipe[2] = {-1, -1};
  std::thread Watcher;
  struct sigaction Previous[std::size(Signals)] = {};
  std::mutex Mutex;
  bool Interrupted = false;
  std::atomic<bool> Stopping{false};
  std::vector<llvm::sys::procid_t> Children;
};

//===----------------------------------------------------------------------===//
// Running one TU
//===----------------------------------------------------------------------===//

class Runner {
  /// Runs one TU's process; stops it after --timeout-per-tu seconds. (Not
  /// ExecuteAndWait's timeout: it uses the process-wide alarm, which the
  /// worker threads would share.)
  int run(llvm::ArrayRef<llvm::StringRef> Args, llvm::ArrayRef<llvm::StringRef> Env,
          llvm::ArrayRef<std::optional<llvm::StringRef>> Redirects,
          std::string &ErrMsg, bool &ExecFailed, bool &TimedOut,
          int &KilledBy) const {
    llvm::sys::ProcessInfo Child =
        Signals.spawn(Exe, Args, Env, Redirects, ErrMsg, ExecFailed);
    if (ExecFailed || Child.Pid == llvm::sys::ProcessInfo::InvalidPid)
      return -1;
    // Waits without reaping (WNOWAIT); Interruptions::reap reaps.
    auto ended = [&](bool Block) {
      siginfo_t Info;
      Info.si_pid = 0;
      int Flags = WEXITED | WNOWAIT | (Block ? 0 : WNOHANG);
      while (::waitid(P_PID, Child.Pid, &Info, Flags) != 0)
        if (errno != EINTR)
          return true;
      if (Info.si_pid != 0 &&
          (Info.si_code == CLD_KILLED || Info.si_code == CLD_DUMPED))
        KilledBy = Info.si_status;
      return Info.si_pid != 0;
    };
    if (!O.TimeoutPerTU) {
      ended(/*Block=*/true);
      return Signals.reap(Child, ErrMsg);
    }
    auto Deadline = std::chrono::steady_clock::now() +
                    std::chrono::seconds(O.TimeoutPerTU);
    std::chrono::milliseconds Pause(5);
    for (;;) {
      if (ended(/*Block=*/false))
        return Signals.reap(Child, ErrMsg);
      if (std::chrono::steady_clock::now() >= Deadline) {
        ::kill(Child.Pid, SIGKILL);
        ended(/*Block=*/true);
        Signals.reap(Child, ErrMsg);
        TimedOut = true;
        return -2;
      }
      std::this_thread::sleep_for(Pause);
      Pause = std::min(Pause * 2, std::chrono::milliseconds(100));
    }
  }

public:
  Runner(const Options &O, std::string Exe, std::string TempDir,
         Interruptions &Signals)
      : O(O), Exe(std::move(Exe)), TempDir(std::move(TempDir)), Signals(Signals) {
    for (char **E = environ; E && *E; ++E)
      if (!llvm::StringRef(*E).starts_with("ASYNCLINT_FACTS_FILE="))
        Env.push_back(*E);
  }

  TUResult run(const TranslationUnit &TU, unsigned Index, SourceFiles &Sources,
               ContentHashes &Hashes) const {
    TUResult R;
    llvm::SmallString<256> Base(TempDir);
    llvm::sys::path::append(Base, std::to_string(Index));
    std::string Yaml = (Base + ".yaml").str(), Deps = (Base + ".d").str(),
                Facts = (Base + ".facts.json").str(), Err = (Base + ".stderr").str();

    std::vector<std::string> Args = {Exe};
    Args.insert(Args.end(), O.PassThrough.begin(), O.PassThrough.end());
    Args.push_back("-p");
    Args.push_back(O.BuildDir);
    Args.push_back("--export-fixes=" + Yaml);
    // clang-tidy strips -MD/-MF from compile commands but not the
    // preprocessor's own spelling: the TU's include list, for the cache.
    Args.push_back("--extra-arg=-Wp,-MD," + Deps);
    // A warning of the build's is not a failure to compile here: -Werror
    // and each -Werror=GROUP of the compile command are turned back into
    // warnings.
    std::vector<std::string> NoErrors = {"-Wno-error"};
    for (const clang::tooling::CompileCommand &Command : TU.Commands)
      for (llvm::StringRef Flag : Command.CommandLine)
        if (Flag.consume_front("-Werror=") && !Flag.empty() &&
            !llvm::is_contained(NoErrors, ("-Wno-error=" + Flag).str()))
          NoErrors.push_back(("-Wno-error=" + Flag).str());
    for (const std::string &Flag : NoErrors)
      Args.push_back("--extra-arg=" + Flag);
    Args.push_back(TU.File);
    std::vector<llvm::StringRef> ArgRefs(Args.begin(), Args.end());

    std::vector<llvm::StringRef> ChildEnv(Env.begin(), Env.end());
    std::string FactsVar = "ASYNCLINT_FACTS_FILE=" + Facts;
    ChildEnv.push_back(FactsVar);

    std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                  llvm::StringRef(""),
                                                  llvm::StringRef(Err)};
    std::string ErrMsg;
    bool ExecFailed = false;
    bool TimedOut = false;
    int RC = run(ArgRefs, ChildEnv, Redirects, ErrMsg, ExecFailed, TimedOut,
                 R.KilledBy);
    if (auto Buffer = llvm::MemoryBuffer::getFile(Err))
      R.Stderr = (*Buffer)->getBuffer().rtrim().str();
    if (ExecFailed || RC == -1) {
      R.State = TUResult::ToolError;
      R.Stderr = "cannot run '" + Exe + "': " + ErrMsg;
      return R;
    }
    if (TimedOut) {
      R.State = TUResult::TimedOut;
      return R;
    }
    if (RC < 0) {
      R.State = TUResult::Crash;
      R.Signal = ErrMsg;
      // The key of the cached crash: the TU's file, and its includes if
      // clang got as far as writing them.
      for (const std::string &D : readDepFile(Deps))
        if (std::optional<uint64_t> H = Hashes.get(D))
          R.Deps.emplace_back(D, *H);
      if (std::optional<uint64_t> H = Hashes.get(TU.File);
          H && !llvm::is_contained(R.Deps, std::make_pair(TU.File, *H)))
        R.Deps.emplace_back(TU.File, *H);
      for (llvm::StringRef F : {Yaml, Deps, Facts, Err})
        llvm::sys::fs::remove(F);
      return R;
    }
    bool HaveYaml = llvm::sys::fs::exists(Yaml);
    if (HaveYaml) {
      std::string Error;
      if (!readExportedFixes(Yaml, Sources, R.Findings, Error)) {
        R.State = TUResult::ToolError;
        R.Stderr = Error;
        return R;
      }
    }
    bool CompileErrors = llvm::any_of(R.Findings, [](const Finding &F) {
      return F.isCompileError();
    });
    bool CheckErrors = llvm::any_of(R.Findings, [](const Finding &F) {
      return F.Level == "error" && !F.isCompileError();
    });
    if (CompileErrors)
      R.State = TUResult::CompileError;
    else if (RC != 0 && !CheckErrors) {
      // clang-tidy failed before analysing anything: bad flags or config.
      R.State = TUResult::ToolError;
      return R;
    }
    if (auto Buffer = llvm::MemoryBuffer::getFile(Facts)) {
      auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
      if (Parsed) {
        if (llvm::json::Object *Root = Parsed->getAsObject())
          if (llvm::json::Value *Records = Root->get("records"))
            R.Facts = std::move(*Records);
      } else {
        llvm::consumeError(Parsed.takeError());
      }
    }
    for (const std::string &D : readDepFile(Deps))
      if (std::optional<uint64_t> H = Hashes.get(D))
        R.Deps.emplace_back(D, *H);
    // A TU whose include list is unknown is never served from the cache.
    if (R.Deps.empty())
      R.Deps.emplace_back(TU.File, 0);
    for (llvm::StringRef F : {Yaml, Deps, Facts, Err})
      llvm::sys::fs::remove(F);
    return R;
  }

private:
  const Options &O;
  std::string Exe;
  std::string TempDir;
  Interruptions &Signals;
  std::vector<std::string> Env;
};

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "") {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    if (!Base.empty()) {
      llvm::SmallString<256> B(Base);
      llvm::sys::path::append(B, P);
      P = B;
    } else {
      llvm::sys::fs::make_absolute(P);
    }
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// The project's source root: CMake's source directory when -p is a CMake
/// build tree, else the working directory.
std::string sourceRoot(const Options &O) {
  if (!O.SourceRoot.empty())
    return absolutePath(O.SourceRoot);
  llvm::SmallString<256> CacheFile(O.BuildDir);
  llvm::sys::path::append(CacheFile, "CMakeCache.txt");
  if (auto Buffer = llvm::MemoryBuffer::getFile(CacheFile)) {
    llvm::SmallVector<llvm::StringRef, 0> Lines;
    (*Buffer)->getBuffer().split(Lines, '\n');
    for (llvm::StringRef Line : Lines)
      if (Line.consume_front("CMAKE_HOME_DIRECTORY:INTERNAL="))
        return absolutePath(Line.trim());
  }
  return absolutePath(".");
}

std::string toolStamp(llvm::StringRef Exe) {
  std::string Stamp = ASYNCLINT_VERSION;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Exe, false, false))
    Stamp += "-" + hex(llvm::xxh3_64bits((*Buffer)->getBuffer()));
  return Stamp;
}

/// The text of every configuration file that can change a TU's result:
/// the .clang-tidy files above each directory (read once per directory)
/// and the --config-file given.
class ConfigTexts {
public:
  explicit ConfigTexts(llvm::ArrayRef<std::string> PassThrough) {
    for (size_t I = 0; I < PassThrough.size(); ++I) {
      llvm::StringRef Arg = PassThrough[I];
      llvm::StringRef Name = Arg.ltrim('-');
      std::optional<std::string> Path;
      if (Name.starts_with("config-file="))
        Path = Name.split('=').second.str();
      else if (Name == "config-file" && I + 1 < PassThrough.size())
        Path = PassThrough[I + 1];
      if (Path)
        Fixed += read(*Path);
    }
  }

  /// Everything configuration says for \p File.
  std::string forFile(llvm::StringRef File) {
    std::string Text = Fixed;
    for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
         Dir = llvm::sys::path::parent_path(Dir)) {
      auto [It, Inserted] = ByDir.try_emplace(Dir);
      if (Inserted) {
        llvm::SmallString<256> Config(Dir);
        llvm::sys::path::append(Config, ".clang-tidy");
        It->second = read(Config);
      }
      Text += It->second;
    }
    return Text;
  }

private:
  static std::string read(llvm::StringRef Path) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer)
      return "";
    return (Path + "\n" + (*Buffer)->getBuffer() + "\n").str();
  }
  std::string Fixed;
  llvm::StringMap<std::string> ByDir;
};

std::string identityOf(const TranslationUnit &TU, llvm::StringRef Stamp,
                       llvm::ArrayRef<std::string> PassThrough,
                       ConfigTexts &Configs) {
  llvm::SHA1 H;
  auto add = [&](llvm::StringRef S) {
    H.update(S);
    H.update(llvm::StringRef("\0", 1));
  };
  add(Stamp);
  add(TU.File);
  add(Configs.forFile(TU.File));
  for (const clang::tooling::CompileCommand &C : TU.Commands) {
    add(C.Directory);
    for (const std::string &A : C.CommandLine)
      add(A);
  }
  for (const std::string &A : PassThrough)
    add(A);
  return llvm::toHex(H.final(), /*LowerCase=*/true);
}

bool pathSelected(llvm::StringRef File, llvm::ArrayRef<std::string> Paths) {
  if (Paths.empty())
    return true;
  for (const std::string &P : Paths)
    if (File == P || (File.starts_with(P) && File.size() > P.size() &&
                      llvm::sys::path::is_separator(File[P.size()])))
      return true;
  return false;
}

/// One line on a TU whose process crashed, from LLVM's crash report on its
/// stderr: the pretty stack trace (`Stack dump:`, `N.<tab>what it did`) and
/// the frames (` #N 0x... symbol`). A crash while a check's matcher callback
/// ran (clang-tidy's `ASTMatcher: Processing '<check>'`) or with asynclint's
/// code on the stack is the check's or asynclint's; any other is a crash of
/// clang's front end, most often a stack overflow on deeply nested code.
std::string describeCrash(const TUResult &R, llvm::StringRef Shown,
                          const PathStyle &Paths) {
  static const llvm::Regex Entry("^([0-9]+)\\.\t(.*)$");
  static const llvm::Regex Frame("^ *#[0-9]+ 0x[0-9a-fA-F]+ (.*)$");
  static const llvm::Regex Matcher("ASTMatcher: [A-Za-z]+ '([^']+)'");
  static const llvm::Regex Located("^.+:[0-9]+:[0-9]+: ");
  std::string Check, Activity;
  bool OursOnStack = false, ParserPlace = false;
  unsigned Frames = 0;
  llvm::StringMap<unsigned> FrameCounts;
  unsigned MostRepeated = 0;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  llvm::StringRef(R.Stderr).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.rtrim('\r');
    llvm::SmallVector<llvm::StringRef, 3> M;
    if (Frame.match(Line, &M)) {
      ++Frames;
      OursOnStack |= M[1].contains("asynclint::");
      // The same function over and over: recursion that ran out of stack.
      llvm::StringRef Where = M[1].split(" (").first;
      MostRepeated = std::max(MostRepeated, ++FrameCounts[Where]);
      continue;
    }
    if (!Entry.match(Line, &M))
      continue;
    llvm::SmallVector<llvm::StringRef, 2> C;
    if (Matcher.match(M[2], &C)) {
      Check = C[1].str();
      continue;
    }
    // The parser's entry says where in the file it was; else the innermost
    // (last) entry with a place says what clang was doing there.
    llvm::StringRef What = M[2].trim();
    if (What.starts_with("Program arguments:") || !Located.match(What) ||
        ParserPlace)
      continue;
    ParserPlace = What.contains("current parser token");
    Activity = What.str();
  }
  std::string Signal = R.Signal.empty() ? "a fatal signal" : R.Signal;
  std::string Verbose = "--verbose shows the stack dump";
  // Killed from outside (the out-of-memory killer's SIGKILL, a signal sent
  // to the TU's process alone): no crash report, nobody's bug.
  bool External = R.KilledBy == SIGKILL || R.KilledBy == SIGINT ||
                  R.KilledBy == SIGTERM || R.KilledBy == SIGHUP;
  if (External && !llvm::StringRef(R.Stderr).contains("Stack dump:"))
    return "the process analysing " + Shown.str() + " was killed (" + Signal +
           ") from outside asynclint, e.g. by the out-of-memory killer; its "
           "findings are missing";
  if (!Check.empty()) {
    bool Ours = llvm::StringRef(Check).starts_with("async-") ||
                llvm::StringRef(Check).starts_with("events-");
    return (Ours ? "asynclint's check '" : "clang-tidy's check '") + Check +
           "' crashed on " + Shown.str() + " (" + Signal + "); its findings are "
           "missing (a bug in " + (Ours ? "asynclint" : "clang-tidy") +
           "; please report it with the output of --verbose)";
  }
  if (OursOnStack)
    return "asynclint crashed on " + Shown.str() + " (" + Signal +
           "); its findings are missing (a bug in asynclint; please report it "
           "with the output of --verbose)";
  // Paths in clang's trace are absolute; show them as the findings are.
  if (!Paths.Absolute && !Paths.Root.empty()) {
    std::string Prefix = Paths.Root + "/";
    for (size_t At; (At = Activity.find(Prefix)) != std::string::npos;)
      Activity.erase(At, Prefix.size());
  }
  bool Overflow = Frames >= 128 && MostRepeated * 4 >= Frames;
  std::string Message = "the compiler front end (clang) crashed on " + Shown.str() +
                        " (" + Signal +
                        (Overflow ? ", a stack overflow in deeply recursive code" : "") +
                        ")";
  if (!Activity.empty())
    Message += " at: " + Activity;
  return Message + "; its findings are missing (" + Verbose + ")";
}

/// Prints one error about a TU that produced no results.
void reportFailure(const TranslationUnit &TU, const TUResult &R,
                   const Options &Opts, const PathStyle &Paths,
                   SourceFiles &Sources, RunSummary &Summary) {
  std::string Shown = Paths.show(TU.File);
  if (R.State == TUResult::CompileError) {
    llvm::errs() << "asynclint: error: " << Shown
                 << ": translation unit does not compile; its findings are "
                    "incomplete:\n";
    std::vector<Finding> Errors;
    for (const Finding &F : R.Findings)
      if (F.isCompileError())
        Errors.push_back(F);
    writeText(llvm::errs(), Errors, Paths, Sources,
              Opts.UseColor.value_or(llvm::sys::Process::StandardErrHasColors()));
    Summary.FailedFiles.push_back(TU.File);
    return;
  }
  if (R.State == TUResult::TimedOut) {
    std::string Message = "analysing " + Shown + " took longer than " +
                          std::to_string(Opts.TimeoutPerTU) +
                          " s (--timeout-per-tu) and was stopped; its findings "
                          "are missing";
    llvm::errs() << "asynclint: error: " << Message << "\n";
    Summary.TimedOutFiles.push_back(TU.File);
    Summary.ToolErrors.push_back({TU.File, Message});
    return;
  }
  if (R.State == TUResult::Crash) {
    std::string Message = describeCrash(R, Shown, Paths);
    llvm::errs() << "asynclint: error: " << Message << "\n";
    if (Opts.Verbose && !R.Stderr.empty())
      llvm::errs() << R.Stderr << "\n";
    Summary.CrashedFiles.push_back(TU.File);
    Summary.ToolErrors.push_back({TU.File, Message});
    return;
  }
  std::string Message = "analysing " + Shown + " failed";
  llvm::errs() << "asynclint: error: " << Message;
  if (!R.Stderr.empty())
    llvm::errs() << ":\n" << R.Stderr;
  llvm::errs() << "\n";
  Summary.ToolErrors.push_back({TU.File, Message});
}

/// Runs every family merger over the facts of all TUs.
std::vector<Finding> mergeFacts(const std::vector<TUResult> &Results,
                                SourceFiles &Sources, double &Seconds) {
  auto Start = std::chrono::steady_clock::now();
  std::vector<Finding> Out;
  for (const auto &[Family, Merger] : model::familyMergers()) {
    std::vector<const llvm::json::Array *> PerTU;
    for (const TUResult &R : Results)
      if (const llvm::json::Object *Facts = R.Facts.getAsObject())
        if (const llvm::json::Array *Records = Facts->getArray(Family))
          PerTU.push_back(Records);
    if (PerTU.empty())
      continue;
    for (const model::Finding &MF : Merger(PerTU)) {
      Finding F;
      F.Check = MF.Check;
      F.Message = MF.Message;
      F.Pos.File = MF.Location.File;
      F.Pos.Line = MF.Location.Line;
      F.Pos.Column = MF.Location.Column;
      Sources.resolveOffset(F.Pos);
      for (const model::Finding::Note &N : MF.Notes) {
        SourcePos P{N.Location.File, 0, N.Location.Line, N.Location.Column};
        Sources.resolveOffset(P);
        F.Notes.push_back({N.Message, P});
      }
      Out.push_back(std::move(F));
    }
  }
  Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  return Out;
}

} // namespace

bool isCodebaseRun(llvm::ArrayRef<const char *> Argv) {
  // One TU of a codebase run, started by the run itself.
  if (std::getenv("ASYNCLINT_FACTS_FILE"))
    return false;
  bool HasBuildDir = false, HasFiles = false, OwnFlag = false, Dashes = false;
  for (size_t I = 1; I < Argv.size(); ++I) {
    llvm::StringRef Arg = Argv[I];
    if (Arg == "--") {
      Dashes = true;
      break;
    }
    if (!Arg.starts_with("-")) {
      HasFiles = true;
      continue;
    }
    ParsedArg P = parseFlag(Arg);
    if (DriverOnlyFlags.contains(P.Name))
      return false;
    if (P.Name == "p")
      HasBuildDir = true;
    if (ValueFlags.contains(P.Name) || BoolFlags.contains(P.Name))
      OwnFlag = true;
    if (!P.Value && (takesSeparateValue(Arg) || ValueFlags.contains(P.Name)))
      ++I;
  }
  // Files (or directories) with -p and no compiler flags: the codebase run
  // restricted to them, with the same exit codes, formats and merge.
  return OwnFlag || (HasBuildDir && (!HasFiles || !Dashes));
}

int runCodebase(llvm::ArrayRef<const char *> Argv) {
  auto Start = std::chrono::steady_clock::now();
  Options O;
  if (!parseOptions(Argv, O))
    return ExitError;
  O.BuildDir = absolutePath(O.BuildDir);
  for (std::string &P : O.Paths)
    P = absolutePath(P);

  if (!llvm::sys::fs::is_directory(O.BuildDir)) {
    fail("no usable compilation database in '" + O.BuildDir +
         "': no such directory");
    return ExitError;
  }
  std::string DBError;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::CompilationDatabase::loadFromDirectory(O.BuildDir, DBError);
  if (!DB) {
    fail("no usable compilation database in '" + O.BuildDir + "': " + DBError);
    return ExitError;
  }
  std::optional<llvm::Regex> FilesRegex;
  if (!O.FilesRegex.empty()) {
    FilesRegex.emplace(O.FilesRegex);
    std::string RegexError;
    if (!FilesRegex->isValid(RegexError)) {
      fail("invalid --files-regex '" + O.FilesRegex + "': " + RegexError);
      return ExitError;
    }
  }

  std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv[0], reinterpret_cast<void *>(&runCodebase));
  std::string Stamp = toolStamp(Exe);

  // One TU per main file (a file compiled twice is analysed with all its
  // commands by one clang-tidy run, as clang-tidy does).
  // A run restricted to some files still needs the whole-program facts of
  // the others (from the cache, or computed): a changed-files run reports
  // for those files what a full run reports. Shards merge nothing.
  std::map<std::string, TranslationUnit> ByFile;
  std::vector<bool> PathUsed(O.Paths.size(), false);
  for (clang::tooling::CompileCommand &C : DB->getAllCompileCommands()) {
    std::string File = absolutePath(C.Filename, C.Directory);
    for (size_t I = 0; I < O.Paths.size(); ++I)
      PathUsed[I] = PathUsed[I] || pathSelected(File, O.Paths[I]);
    bool Chosen =
        pathSelected(File, O.Paths) && (!FilesRegex || FilesRegex->match(File));
    if (!Chosen && O.ShardCount)
      continue;
    TranslationUnit &TU = ByFile[File];
    TU.File = File;
    TU.Selected = TU.Selected && Chosen;
    TU.Commands.push_back(std::move(C));
  }
  // A new file, not in the database yet: with --guess-flags-for-new-files,
  // the command clang interpolates from the database, if it comes from a
  // file of the same directory.
  for (size_t I = 0; I < O.Paths.size() && O.GuessNewFiles; ++I) {
    if (PathUsed[I] || !llvm::sys::fs::is_regular_file(O.Paths[I]))
      continue;
    std::string Neighbour;
    std::vector<clang::tooling::CompileCommand> Guessed =
        DB->getCompileCommands(O.Paths[I]);
    for (const clang::tooling::CompileCommand &C : Guessed) {
      llvm::StringRef From = C.Heuristic;
      if (From.consume_front("inferred from "))
        Neighbour = absolutePath(From, C.Directory);
    }
    if (Guessed.empty() || Neighbour.empty() ||
        llvm::sys::path::parent_path(Neighbour) !=
            llvm::sys::path::parent_path(O.Paths[I])) {
      fail("'" + O.Paths[I] + "' is not in the compilation database in '" +
           O.BuildDir + "', and no file of its directory is: its compile "
           "flags cannot be guessed; configure the build again so that the "
           "database lists it");
      return ExitError;
    }
    TranslationUnit &TU = ByFile[O.Paths[I]];
    TU.File = O.Paths[I];
    TU.GuessedFrom = Neighbour;
    TU.Commands = std::move(Guessed);
    PathUsed[I] = true;
  }
  std::vector<TranslationUnit> TUs;
  ConfigTexts Configs(O.PassThrough);
  for (auto &[File, TU] : ByFile) {
    TU.Identity = identityOf(TU, Stamp, O.PassThrough, Configs);
    TUs.push_back(std::move(TU));
  }
  if (O.ShardCount) {
    std::vector<TranslationUnit> Mine;
    for (size_t I = 0; I < TUs.size(); ++I)
      if (I % O.ShardCount == O.ShardIndex - 1)
        Mine.push_back(std::move(TUs[I]));
    TUs = std::move(Mine);
  }
  if (TUs.empty() && O.Paths.empty() && !FilesRegex) {
    fail("the compilation database in '" + O.BuildDir + "' lists no files");
    return ExitError;
  }
  // A file or directory the database does not know, or a filter that
  // leaves nothing, would otherwise pass as a clean run.
  for (size_t I = 0; I < O.Paths.size(); ++I)
    if (!PathUsed[I]) {
      fail("'" + O.Paths[I] + "' is not in the compilation database in '" +
           O.BuildDir + "'" +
           (llvm::sys::fs::exists(O.Paths[I]) ? "" : " (and does not exist)"));
      return ExitError;
    }
  size_t SelectedTUs = llvm::count_if(
      TUs, [](const TranslationUnit &TU) { return TU.Selected; });
  if (!SelectedTUs && FilesRegex) {
    fail("--files-regex '" + O.FilesRegex + "' matches no file of the "
         "compilation database in '" + O.BuildDir + "'");
    return ExitError;
  }

  PathStyle Paths{sourceRoot(O), O.AbsolutePaths};
  RunSummary Summary;
  Summary.TUs = SelectedTUs;
  for (const TranslationUnit &TU : TUs)
    if (!TU.GuessedFrom.empty())
      llvm::errs() << "asynclint: note: " << Paths.show(TU.File)
                   << " is not in the compilation database; analysed with the "
                      "flags of "
                   << Paths.show(TU.GuessedFrom) << "\n";
  /// Other TUs of a restricted run whose facts are missing or incomplete.
  std::vector<std::string> OtherProblems;
  SourceFiles Sources;
  ContentHashes Hashes;

  if (O.CacheDir.empty()) {
    llvm::SmallString<256> D(O.BuildDir);
    llvm::sys::path::append(D, ".asynclint-cache");
    O.CacheDir = std::string(D);
  }
  Cache TheCache(O.NoCache || O.Fix ? "" : absolutePath(O.CacheDir));
  if (TheCache.enabled()) {
    if (std::error_code EC = llvm::sys::fs::create_directories(TheCache.dir())) {
      fail("cannot create the cache directory '" + TheCache.dir() + "': " + EC.message());
      return ExitError;
    }
  }

  if (O.PrintCacheEntries) {
    for (const TranslationUnit &TU : TUs)
      llvm::outs() << TU.File << " " << TheCache.entryPath(TU) << "\n";
    return ExitClean;
  }

  std::vector<TUResult> Results(TUs.size());
  std::vector<bool> Done(TUs.size(), false);
  std::atomic<bool> Abort{false};
  std::mutex OutputMutex;
  bool Progress = !O.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  unsigned Finished = 0;
  Interruptions *Signals = nullptr; ///< while TUs run

  auto finish = [&](size_t I) {
    // Ctrl-C reaches the TUs' processes too, maybe before this one: a TU
    // ended by an interrupting signal waits for the run to be stopped, and
    // is reported only if it is not (the signal came to the TU alone).
    int Killed = Results[I].KilledBy;
    if (Signals && (Killed == SIGINT || Killed == SIGTERM || Killed == SIGHUP))
      for (int Wait = 0; Wait < 20 && !Signals->interrupted(); ++Wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard<std::mutex> Lock(OutputMutex);
    if (Signals && Signals->interrupted())
      return;
    Done[I] = true;
    ++Finished;
    TUResult &R = Results[I];
    if (Progress)
      llvm::errs() << "\r\x1b[K";
    // A tool error (bad flags or configuration) would repeat on every TU:
    // the first one is reported and the run stops.
    bool Repeated = R.State == TUResult::ToolError && Abort;
    if (!TUs[I].Selected && R.State != TUResult::Clean &&
        R.State != TUResult::ToolError)
      OtherProblems.push_back(Paths.show(TUs[I].File) +
                              (R.State == TUResult::CompileError ? " does not compile"
                               : R.State == TUResult::TimedOut   ? " timed out"
                                                                 : " crashed"));
    else if (R.State != TUResult::Clean && !Repeated)
      reportFailure(TUs[I], R, O, Paths, Sources, Summary);
    if (R.State == TUResult::ToolError)
      Abort = true;
    if (Progress)
      llvm::errs() << llvm::formatv(
          "[{0}/{1}] {2:f1}s {3}", Finished, TUs.size(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count(),
          Paths.show(TUs[I].File));
  };

  if (O.MergeOnly) {
    std::vector<std::string> Missing;
    std::vector<char> Loaded(TUs.size(), 0);
    std::atomic<size_t> Next{0};
    auto loader = [&] {
      for (size_t I = Next++; I < TUs.size(); I = Next++)
        if (std::optional<TUResult> R = TheCache.load(TUs[I], /*Validate=*/false, Hashes)) {
          Results[I] = std::move(*R);
          Loaded[I] = 1;
        }
    };
    unsigned Jobs = O.Jobs ? O.Jobs : llvm::hardware_concurrency().compute_thread_count();
    std::vector<std::thread> Threads;
    for (unsigned J = 1; J < Jobs && J < TUs.size(); ++J)
      Threads.emplace_back(loader);
    loader();
    for (std::thread &T : Threads)
      T.join();
    for (size_t I = 0; I < TUs.size(); ++I) {
      if (!Loaded[I]) {
        Missing.push_back(Paths.show(TUs[I].File));
        continue;
      }
      Summary.FromCache += TUs[I].Selected;
      if (Results[I].State != TUResult::Clean && TUs[I].Selected)
        reportFailure(TUs[I], Results[I], O, Paths, Sources, Summary);
    }
    if (!Missing.empty()) {
      fail(llvm::Twine(Missing.size()) + " of " + llvm::Twine(TUs.size()) +
           " translation units have no results in '" + TheCache.dir() +
           "' (run every --shard K/N first, with the same flags); first: " +
           Missing.front());
      return ExitError;
    }
  } else {
    llvm::SmallString<256> TempDir;
    if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("asynclint", TempDir)) {
      fail("cannot create a temporary directory: " + EC.message());
      return ExitError;
    }
    Interruptions Watch(std::string(TempDir), TheCache.dir());
    Signals = &Watch;
    Runner Run(O, Exe, std::string(TempDir), Watch);
    unsigned Jobs = O.Jobs ? O.Jobs : llvm::hardware_concurrency().compute_thread_count();
    Jobs = std::max(1u, std::min<unsigned>(Jobs, TUs.size()));
    std::atomic<size_t> Next{0};
    auto worker = [&] {
      for (size_t I = Next++; I < TUs.size() && !Abort; I = Next++) {
        if (TheCache.enabled()) {
          if (std::optional<TUResult> Cached = TheCache.load(TUs[I], true, Hashes)) {
            Results[I] = std::move(*Cached);
            finish(I);
            continue;
          }
        }
        Results[I] = Run.run(TUs[I], I, Sources, Hashes);
        if (TheCache.enabled())
          TheCache.store(TUs[I], Results[I]);
        finish(I);
      }
    };
    std::vector<std::thread> Threads;
    for (unsigned J = 0; J + 1 < Jobs; ++J)
      Threads.emplace_back(worker);
    worker();
    for (std::thread &T : Threads)
      T.join();
    llvm::sys::fs::remove_directories(TempDir);
    Signals = nullptr;
    if (Progress)
      llvm::errs() << "\r\x1b[K";
    for (size_t I = 0; I < TUs.size(); ++I)
      Summary.FromCache += TUs[I].Selected && Done[I] && Results[I].FromCache;
    if (Abort) {
      fail("stopped: fix the flags or configuration above");
      return ExitError;
    }
  }

  if (O.CachePrune) {
    // Every TU of the database is in TUs (a restricted run keeps the others
    // for their facts), so an entry none of them names is of a file no
    // longer built, of other flags or configuration, or of another build of
    // asynclint.
    llvm::StringSet<> Used;
    for (const TranslationUnit &TU : TUs)
      Used.insert(llvm::sys::path::filename(TheCache.entryPath(TU)));
    unsigned Removed = 0, Kept = 0;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(TheCache.dir(), EC), End;
         It != End && !EC; It.increment(EC)) {
      llvm::StringRef Name = llvm::sys::path::filename(It->path());
      if (!Name.ends_with(".json") ||
          It->type() != llvm::sys::fs::file_type::regular_file)
        continue;
      if (Used.contains(Name)) {
        ++Kept;
        continue;
      }
      if (!llvm::sys::fs::remove(It->path()))
        ++Removed;
    }
    if (EC) {
      fail("cannot read the cache directory '" + TheCache.dir() + "': " +
           EC.message());
      return ExitError;
    }
    if (!O.Quiet)
      llvm::errs() << llvm::formatv(
          "asynclint: --cache-prune removed {0} cache entr{1} that no "
          "translation unit of the database uses ({2} kept)\n",
          Removed, Removed == 1 ? "y" : "ies", Kept);
  }

  // Per-TU findings (minus compile errors, reported above) and the
  // whole-program ones the mergers find in the facts of all TUs.
  // A restricted run reports the findings of its own TUs only: those of
  // their TUs' analyses, and the merged ones in their files.
  std::vector<Finding> Findings;
  llvm::StringSet<> SelectedFiles;
  unsigned Others = 0, OthersFromCache = 0;
  for (size_t I = 0; I < TUs.size(); ++I) {
    if (!TUs[I].Selected) {
      ++Others;
      OthersFromCache += Results[I].FromCache;
      continue;
    }
    SelectedFiles.insert(TUs[I].File);
    for (const Finding &F : Results[I].Findings)
      if (!F.isCompileError()) {
        Findings.push_back(F);
        Findings.back().FromFailedTU = Results[I].State == TUResult::CompileError;
      }
  }
  double MergeSeconds = 0;
  if (!O.ShardCount) {
    std::vector<Finding> Merged = mergeFacts(Results, Sources, MergeSeconds);
    // The process ends soon: freeing the facts of every TU value by value
    // costs more than merging them, so they are left to the system, as
    // clang leaves its AST.
    auto *Released = new std::vector<llvm::json::Value>();
    Released->reserve(Results.size());
    for (TUResult &R : Results)
      Released->push_back(std::move(R.Facts));
    std::optional<clang::tidy::GlobList> AsErrors;
    if (!O.WarningsAsErrors.empty())
      AsErrors.emplace(O.WarningsAsErrors);
    NolintFilter Nolint;
    for (Finding &F : Merged) {
      if (Others && !SelectedFiles.contains(absolutePath(F.Pos.File)))
        continue;
      if (Nolint.suppresses(F))
        continue;
      if (AsErrors && AsErrors->contains(F.Check))
        F.Level = "error";
      Findings.push_back(std::move(F));
    }
  }
  sortAndUnique(Findings);

  std::string Error;
  if (!O.ExportFixes.empty() && !writeExportedFixes(O.ExportFixes, Findings, Error)) {
    fail(Error);
    return ExitError;
  }
  if (!O.Baseline.empty() &&
      !applyBaseline(O.Baseline, Findings, Paths, Sources, Summary.BaselineSuppressed, Error)) {
    fail(Error);
    return ExitError;
  }
  if (!O.WriteBaseline.empty() &&
      !writeBaseline(O.WriteBaseline, Findings, Paths, Sources, Error)) {
    fail(Error);
    return ExitError;
  }
  Summary.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();

  if (!O.ShardCount) {
    std::unique_ptr<llvm::raw_fd_ostream> File;
    llvm::raw_ostream *OS = &llvm::outs();
    if (!O.Output.empty() && O.Output != "-") {
      std::error_code EC;
      File = std::make_unique<llvm::raw_fd_ostream>(O.Output, EC, llvm::sys::fs::OF_Text);
      if (EC) {
        fail("cannot write '" + O.Output + "': " + EC.message());
        return ExitError;
      }
      OS = File.get();
    }
    std::vector<std::string> DocDirs;
    {
      llvm::SmallString<256> Installed(llvm::sys::path::parent_path(Exe));
      llvm::sys::path::append(Installed, "..", "share", "doc", "asynclint");
      llvm::sys::path::append(Installed, "checks");
      DocDirs.push_back(std::string(Installed));
      DocDirs.push_back(ASYNCLINT_SOURCE_DIR "/docs/checks");
    }
    switch (O.Format) {
    case OutputFormat::Text:
      // Colour as clang-tidy's --use-color says, else when stdout is a
      // terminal that has colours.
      writeText(*OS, Findings, Paths, Sources,
                O.UseColor.value_or(!File && llvm::sys::Process::StandardOutHasColors()));
      break;
    case OutputFormat::JSON:
      writeJSON(*OS, Findings, Paths, Summary);
      break;
    case OutputFormat::SARIF:
      writeSARIF(*OS, Findings, Paths, Summary, Sources, DocDirs);
      break;
    }
    OS->flush();
  }

  // Fix-its last: the output above shows the code as it was analysed.
  if (O.Fix) {
    FixResult Fixed = applyFixes(Findings, Paths, O.FixNotes, O.FixErrors);
    for (const std::string &Problem : Fixed.Problems)
      llvm::errs() << "asynclint: warning: " << Problem << "\n";
    if (!O.Quiet)
      llvm::errs() << llvm::formatv(
          "asynclint: applied {0} of {1} suggested fix{2} to {3} file{4}\n",
          Fixed.Applied, Fixed.Suggested, Fixed.Suggested == 1 ? "" : "es",
          Fixed.FilesChanged.size(), Fixed.FilesChanged.size() == 1 ? "" : "s");
  }

  if (!O.Quiet) {
    std::map<std::string, unsigned> PerCheck;
    for (const Finding &F : Findings)
      ++PerCheck[F.Check];
    // A crash replayed from the cache is said to be one: only a change of
    // its key (or --no-cache) runs the TU again.
    unsigned CachedCrashes = 0;
    for (size_t I = 0; I < TUs.size(); ++I)
      CachedCrashes += TUs[I].Selected && Results[I].FromCache &&
                       Results[I].State == TUResult::Crash;
    std::string Replayed;
    if (CachedCrashes)
      Replayed = llvm::formatv("; {0} crash{1} replayed from the cache, "
                               "--no-cache runs {2} again",
                               CachedCrashes, CachedCrashes == 1 ? "" : "es",
                               CachedCrashes == 1 ? "it" : "them");
    llvm::errs() << llvm::formatv(
        "asynclint: {0} translation unit{1} ({2} from cache, {3} failed{7}), "
        "{4} finding{5} in {6:f1}s\n",
        Summary.TUs, Summary.TUs == 1 ? "" : "s", Summary.FromCache,
        Summary.FailedFiles.size() + Summary.ToolErrors.size(), Findings.size(),
        Findings.size() == 1 ? "" : "s", Summary.Seconds, Replayed);
    for (const auto &[Check, N] : PerCheck)
      llvm::errs() << "  " << Check << ": " << N << "\n";
    if (Summary.BaselineSuppressed)
      llvm::errs() << "  (" << Summary.BaselineSuppressed
                   << " known findings hidden by the baseline)\n";
    if (Others)
      llvm::errs() << "asynclint: whole-program facts from " << Others
                   << " other translation unit" << (Others == 1 ? "" : "s")
                   << " (" << OthersFromCache << " from cache)\n";
    if (O.ShardCount)
      llvm::errs() << "asynclint: shard " << O.ShardIndex << "/" << O.ShardCount
                   << " stored in " << TheCache.dir() << "\n";
    if (MergeSeconds > 0.01)
      llvm::errs() << llvm::formatv("asynclint: whole-program merge took {0:f2}s\n",
                                    MergeSeconds);
  }

  if (!OtherProblems.empty())
    llvm::errs() << "asynclint: warning: whole-program facts of "
                 << OtherProblems.size() << " other translation unit"
                 << (OtherProblems.size() == 1 ? "" : "s")
                 << " are incomplete (" << llvm::join(OtherProblems, ", ")
                 << "); findings that depend on them may be missing\n";
  if (!Summary.FailedFiles.empty() || !Summary.ToolErrors.empty())
    return ExitError;
  if (O.ShardCount || !O.WriteBaseline.empty())
    return ExitClean;
  return Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace asynclint::tool
