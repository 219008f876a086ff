# Installation of the docs and a Debian package (CPack). The binary and the
# plugin are installed by tool/CMakeLists.txt, the runtime headers and the
# `find_package(asynclint)` package config by runtime/CMakeLists.txt; the
# package exports asynclint::runtime, asynclint::asynclint and
# asynclint::plugin. No `copyright` file is packaged while the repository has
# no licence.
#
#   cmake --install build --prefix /opt/asynclint
#   cd build && cpack            # -> asynclint_<version>_<arch>.deb

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  PATTERN "examples/*/build" EXCLUDE)

set(CPACK_GENERATOR "DEB" CACHE STRING "CPack generators")
set(CPACK_PACKAGE_NAME "asynclint")
set(CPACK_PACKAGE_VENDOR "asynclint")
set(CPACK_PACKAGE_CONTACT "asynclint maintainers <asynclint@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${ASYNCLINT_HOMEPAGE}")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
if(ASYNCLINT_BUILD_ANALYZER)
  # The binary links the shared libclang-cpp and libLLVM of the LLVM it was
  # built against, and needs that LLVM's clang resource headers (stddef.h...)
  # at the path compiled into it. The plugin loads only into the matching
  # clang-tidy.
  set(_v "${LLVM_VERSION_MAJOR}")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libclang-cpp${_v}, libllvm${_v}, libclang-common-${_v}-dev, libc6, libstdc++6, libgcc-s1")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-${_v}, g++ | libstdc++-dev")
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
endif()
include(CPack)
