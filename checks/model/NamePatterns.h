//===--- NamePatterns.h - match declarations against name globs -----------===//
//
// API tables name functions by qualified-name globs: `std::future::get`,
// `boost::asio::post`, `*ThreadPool::submit`, `*::connect`. A call is looked
// up under every name it can be spelled by (see callNames), so a member
// inherited from a library base class matches the table row of the class the
// user wrote.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_NAMEPATTERNS_H
#define ASYNCLINT_MODEL_NAMEPATTERNS_H

#include "utils/DeclNames.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <string>
#include <vector>

namespace asynclint::model {

/// A set of qualified-name globs (`*` and `?`, leading `::` ignored).
class NamePatterns {
public:
  NamePatterns() = default;
  explicit NamePatterns(llvm::ArrayRef<std::string> Globs);

  /// True if \p QualifiedName (no leading `::`, no template arguments)
  /// matches one of the globs.
  bool matches(llvm::StringRef QualifiedName) const;
  /// True if any of \p Names matches.
  bool matchesAny(llvm::ArrayRef<std::string> Names) const;
  /// Cheap pre-filter: false when no glob can match a function whose
  /// unqualified name is \p Name (the last component of every glob is
  /// compared; a wildcard there matches anything).
  bool mayMatchUnqualified(llvm::StringRef Name) const;
  bool empty() const { return Patterns.empty(); }
  const std::vector<std::string> &globs() const { return Globs; }

private:
  std::vector<std::string> Globs;
  // llvm::GlobPattern refers into the text it was created from, so the texts
  // live in one vector, never resized once built, shared by every copy.
  std::shared_ptr<const std::vector<std::string>> Storage;
  std::vector<llvm::GlobPattern> Patterns;
  llvm::StringSet<> LastComponents;
  bool AnyWildcardLast = false;
};

using utils::qualifiedName;

/// Every name a call can be matched by: the callee's qualified name, and for
/// a member call `<class of the object>::<method>` for the object's static
/// class and each of its bases that declares the method.
llvm::SmallVector<std::string, 4> callNames(const clang::CallExpr *Call);

/// \p Name in lower case without `_`, for names compared the way people
/// spell them: `thread_pool`, `ThreadPool` and `threadpool`, or `try_pop`
/// and `TryPop`, read alike.
std::string foldedName(llvm::StringRef Name);

/// The object a member call is made on (`pool` in `pool.submit(f)`), with
/// implicit casts and parentheses removed; null for non-member calls.
const clang::Expr *callObject(const clang::CallExpr *Call);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_NAMEPATTERNS_H
