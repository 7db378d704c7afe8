#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
// Debian's libopenblas-dev puts cblas.h under the pthread variant's folder (pkg-config gives it).
#include <cblas.h>
// Declared by OpenBLAS itself; repeated here so the thread count can be set from Swift.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
