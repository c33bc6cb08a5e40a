# Finds the BLAS and LAPACKE agop links, as imported targets agop::openblas and agop::lapacke.
# Read by agop's own CMakeLists.txt and, installed beside it, by agopConfig.cmake: a program
# that does find_package(agop) links the same OpenBLAS build agop was built against.
#
# Takes AGOP_OPENBLAS_VARIANT (openmp or pthread: Debian's two OpenBLAS builds). Sets
# OPENBLAS_LIBRARY, OPENBLAS_LIBRARY_DIR, OPENBLAS_INCLUDE_DIR, LAPACKE_LIBRARY,
# LAPACKE_INCLUDE_DIR, and AGOP_BLAS_MISSING: empty when everything was found, otherwise
# what to install.
#
# OpenBLAS is looked up by name in the variant's own folder: CMake's FindBLAS happily returns
# the reference BLAS (about 30x slower) when libopenblas-dev is missing, so agop refuses it.

set(AGOP_BLAS_MISSING "")
find_path(OPENBLAS_INCLUDE_DIR cblas.h
  PATHS /usr/include/x86_64-linux-gnu/openblas-${AGOP_OPENBLAS_VARIANT} /usr/include/openblas /usr/local/include/openblas
  NO_DEFAULT_PATH)
find_library(OPENBLAS_LIBRARY NAMES openblas
  PATHS /usr/lib/x86_64-linux-gnu/openblas-${AGOP_OPENBLAS_VARIANT} NO_DEFAULT_PATH)
if(NOT OPENBLAS_INCLUDE_DIR OR NOT OPENBLAS_LIBRARY)
  set(AGOP_BLAS_MISSING "agop needs OpenBLAS's ${AGOP_OPENBLAS_VARIANT} build (Debian: apt-get install "
                        "libopenblas-${AGOP_OPENBLAS_VARIANT}-dev, or run scripts/setup). "
                        "Refusing to fall back to the reference BLAS, which is about 30x slower.")
  return()
endif()
get_filename_component(OPENBLAS_LIBRARY_DIR ${OPENBLAS_LIBRARY} DIRECTORY)
find_library(LAPACKE_LIBRARY NAMES lapacke)
find_path(LAPACKE_INCLUDE_DIR lapacke.h)
if(NOT LAPACKE_LIBRARY OR NOT LAPACKE_INCLUDE_DIR)
  set(AGOP_BLAS_MISSING "agop needs LAPACKE (Debian: apt-get install liblapacke-dev).")
  return()
endif()

if(NOT TARGET agop::openblas)
  add_library(agop::openblas UNKNOWN IMPORTED)
  set_target_properties(agop::openblas PROPERTIES IMPORTED_LOCATION ${OPENBLAS_LIBRARY}
                                                  INTERFACE_INCLUDE_DIRECTORIES ${OPENBLAS_INCLUDE_DIR})
endif()
if(NOT TARGET agop::lapacke)
  add_library(agop::lapacke UNKNOWN IMPORTED)
  set_target_properties(agop::lapacke PROPERTIES IMPORTED_LOCATION ${LAPACKE_LIBRARY}
                                                 INTERFACE_INCLUDE_DIRECTORIES ${LAPACKE_INCLUDE_DIR})
endif()
