//===--- EventsFacts.h - the events family's whole-program facts ----------===//
//
// What one translation unit cannot decide about a registration, and what
// each translation unit records so that the merge step can. Records of the
// "events" family, arrays unless noted (cheap to load):
//   ["m", class, member key, [undo names]]  a member function defined here,
//        with the names of the undo calls in its body;
//   ["r", location]  a registration reported in its own TU;
//   ["k", class, location, [indices]]  a construction of a project class:
//        the indices of the arguments that are `this` or `*this`;
//   ["i", location]  the object constructed there is never destroyed by
//        what holds it: a `new` kept in a raw pointer, or a variable with
//        static storage duration;
//   ["d", class]  a delete of an object of that static type;
//   {"kind": "pending", ...}  a DeferredFinding (object, below).
// The merger reports a deferred finding unless the merged facts excuse it.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_EVENTSFACTS_H
#define ASYNCLINT_MODEL_EVENTSFACTS_H

#include "model/Facts.h"

#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace asynclint::model {

/// A finding its TU could not decide: it holds when no other TU excuses it.
struct DeferredFinding {
  Finding Report;
  /// The class whose object the handler uses.
  std::string Class;
  /// Member functions of Class this TU has not seen: while one is nowhere
  /// to be seen, stay silent; when all are, an undo among them whose name
  /// matches Undo excuses the finding. Unset when the TU saw them all.
  std::optional<std::vector<std::string>> Missing;
  std::vector<std::string> Undo;
  /// The constructor parameter the source is: when every construction of
  /// Class passes `this` there, the source created the object and outlives
  /// it.
  std::optional<unsigned> CreatorParam;
  /// When every construction of Class is never destroyed and nothing
  /// deletes a Class (through Class or one of Bases), the object outlives
  /// every source.
  bool MaybeImmortal = false;
  std::vector<std::string> Bases;
};

llvm::json::Value toJSON(const DeferredFinding &D);
bool fromJSON(const llvm::json::Value &V, DeferredFinding &D,
              llvm::json::Path P);

/// Records the construction ("k", "i") and delete ("d") facts of a
/// translation unit. Owned by a check; its matchers are added only in a
/// codebase run.
class LifetimeFactsCollector
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

/// The facts DeferredFinding asks for about \p Class and its bases: the
/// qualified names of every base, for MaybeImmortal.
std::vector<std::string> baseNames(const clang::CXXRecordDecl *Class);

/// Merges the "events" records of every TU into whole-program findings.
std::vector<Finding>
mergeEventsFacts(llvm::ArrayRef<const llvm::json::Array *> RecordsPerTU);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_EVENTSFACTS_H
