//===--- Nolint.h - NOLINT comments for whole-program findings -----------===//
//
// Per-TU findings are filtered by clang-tidy itself. The findings of the
// whole-program merge are not seen by any clang-tidy run, so they are passed
// through clang-tidy's own NOLINT handling here (NOLINT, NOLINTNEXTLINE and
// NOLINTBEGIN/NOLINTEND blocks, with check globs), on the files as they are
// on disk.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_NOLINT_H
#define ASYNCLINT_TOOL_NOLINT_H

#include "Report.h"

#include <memory>

namespace asynclint::tool {

class NolintFilter {
public:
  NolintFilter();
  ~NolintFilter();
  NolintFilter(const NolintFilter &) = delete;
  NolintFilter &operator=(const NolintFilter &) = delete;

  /// True if a NOLINT comment covers \p F (its check, at its place).
  bool suppresses(const Finding &F);

private:
  class Impl;
  std::unique_ptr<Impl> PImpl;
};

} // namespace asynclint::tool

#endif // ASYNCLINT_TOOL_NOLINT_H
