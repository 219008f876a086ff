# Locates one Debian LLVM/Clang installation (ASYNCLINT_LLVM_VERSION) and
# defines the variables the analyzer targets use. Several LLVMs live side by
# side on Debian (14 ships with the image): a plain find_package(Clang) picks
# the wrong one, so LLVM is found first by version and Clang next to it.

if(NOT LLVM_DIR)
  set(LLVM_DIR "/usr/lib/llvm-${ASYNCLINT_LLVM_VERSION}/lib/cmake/llvm")
endif()
find_package(LLVM CONFIG REQUIRED)
if(NOT LLVM_VERSION_MAJOR STREQUAL ASYNCLINT_LLVM_VERSION)
  message(FATAL_ERROR
    "asynclint: LLVM_DIR=${LLVM_DIR} is LLVM ${LLVM_VERSION}, but "
    "ASYNCLINT_LLVM_VERSION=${ASYNCLINT_LLVM_VERSION}. Install "
    "llvm-${ASYNCLINT_LLVM_VERSION}-dev or change ASYNCLINT_LLVM_VERSION.")
endif()
find_package(Clang CONFIG REQUIRED
  HINTS "${LLVM_LIBRARY_DIR}/cmake/clang" NO_DEFAULT_PATH)
message(STATUS "asynclint: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

if(NOT EXISTS "${LLVM_INCLUDE_DIRS}/clang-tidy/ClangTidyCheck.h")
  message(FATAL_ERROR
    "asynclint: clang-tidy headers not found under ${LLVM_INCLUDE_DIRS}/clang-tidy; "
    "install libclang-${ASYNCLINT_LLVM_VERSION}-dev")
endif()

# Compile flags come from LLVM's own package, not from hand-written guesses.
separate_arguments(ASYNCLINT_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
set(ASYNCLINT_LLVM_COMPILE_OPTIONS "")
if(NOT LLVM_ENABLE_RTTI)
  list(APPEND ASYNCLINT_LLVM_COMPILE_OPTIONS -fno-rtti)
endif()

# Clang's builtin headers (stddef.h, ...). A binary installed outside the LLVM
# tree cannot find them relative to itself, so their place is compiled in.
set(ASYNCLINT_CLANG_RESOURCE_DIR
  "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}" CACHE PATH
  "Clang resource directory passed to the analyzer as -resource-dir")

# Every clang-tidy module libclangTidyMain references (through
# ClangTidyForceLinker.h); the list differs between LLVM versions.
file(STRINGS "${LLVM_INCLUDE_DIRS}/clang-tidy/ClangTidyForceLinker.h"
  _asynclint_anchor_lines REGEX "extern volatile int [A-Za-z]+ModuleAnchorSource")
set(ASYNCLINT_CLANG_TIDY_MODULES "")
foreach(_line IN LISTS _asynclint_anchor_lines)
  string(REGEX REPLACE ".*extern volatile int ([A-Za-z]+)ModuleAnchorSource.*" "\\1" _name "${_line}")
  if(TARGET clangTidy${_name}Module)
    list(APPEND ASYNCLINT_CLANG_TIDY_MODULES clangTidy${_name}Module)
  endif()
endforeach()

find_program(ASYNCLINT_CLANG_TIDY_HOST
  NAMES clang-tidy-${LLVM_VERSION_MAJOR} clang-tidy
  HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH)
