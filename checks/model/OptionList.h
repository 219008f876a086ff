//===--- OptionList.h - ';'-separated check options -----------------------===//
//
// Every list-valued check option (API tables, names, globs) is written as
// `a;b;c` and parsed here, so all checks accept the same syntax; boolean
// options too.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_MODEL_OPTIONLIST_H
#define ASYNCLINT_MODEL_OPTIONLIST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace asynclint::model {

/// Splits `a; b;;c` into {"a", "b", "c"}: items are trimmed, empty ones dropped.
std::vector<std::string> parseOptionList(llvm::StringRef Value);

/// Joins items with ';', the inverse of parseOptionList.
std::string joinOptionList(llvm::ArrayRef<std::string> Items);

/// A boolean option: `true` (any case) or `1` is true, anything else false.
/// (OptionsView::get<bool> does not link against Debian's static
/// clang-tidy libraries.)
bool parseBoolOption(llvm::StringRef Value);

} // namespace asynclint::model

#endif // ASYNCLINT_MODEL_OPTIONLIST_H
