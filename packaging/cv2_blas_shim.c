/* The 19 BLAS/LAPACK functions OpenCV's cv2 module calls, served by NumPy's OpenBLAS.
 *
 * OpenCV's wheel carries its own OpenBLAS (39 MB, every CPU's kernels) for these calls, which
 * NumPy's OpenBLAS also has, but under other names and with 64-bit integers
 * (scipy_<name>64_ / scipy_<name>_64_). Each function here widens the 32-bit integers OpenCV
 * passes, calls NumPy's copy, and narrows the integers it gets back (info, pivots). Built and
 * linked by packaging/blas_shim.py; checked against OpenCV's own OpenBLAS by
 * tests/packaging/test_blas_shim.py.
 */
#include <stdint.h>
#include <stdlib.h>

#ifdef CV2_BLAS_SHIM_TRACE /* the test's build: name each function on its first call */
#include <stdio.h>
#define TRACE(name)                                              \
    do {                                                         \
        static int seen;                                         \
        if (!seen++) fprintf(stderr, "cv2-blas-shim: %s\n", name); \
    } while (0)
#else
#define TRACE(name) ((void)0)
#endif

typedef int64_t i64;
typedef long flen; /* Fortran's hidden length of a character argument */

/* ---- CBLAS: row/column order and transposes are the same enums in both ---------------------- */
#define GEMM(T, NAME, SCIPY, SCALAR)                                                              \
    void SCIPY(int, int, int, i64, i64, i64, SCALAR, const T *, i64, const T *, i64, SCALAR, T *, \
               i64);                                                                              \
    void NAME(int o, int ta, int tb, int m, int n, int k, SCALAR alpha, const T *a, int lda,      \
              const T *b, int ldb, SCALAR beta, T *c, int ldc) { TRACE(#NAME);                                  \
        SCIPY(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                           \
    }
GEMM(float, cblas_sgemm, scipy_cblas_sgemm64_, float)
GEMM(double, cblas_dgemm, scipy_cblas_dgemm64_, double)
GEMM(void, cblas_cgemm, scipy_cblas_cgemm64_, const void *)
GEMM(void, cblas_zgemm, scipy_cblas_zgemm64_, const void *)

/* ---- LAPACK (Fortran calling convention: every argument by reference) ----------------------- */
static i64 *widened(const int *v, i64 n) {
    i64 *w = malloc(sizeof(i64) * (size_t)(n > 0 ? n : 1));
    if (w && v)
        for (i64 i = 0; i < n; i++) w[i] = v[i];
    return w;
}

static void narrowed(int *v, const i64 *w, i64 n) {
    for (i64 i = 0; i < n; i++) v[i] = (int)w[i];
}

#define MIN(a, b) ((a) < (b) ? (a) : (b))

#define GESV(T, NAME, SCIPY)                                                                     \
    void SCIPY(i64 *, i64 *, T *, i64 *, i64 *, T *, i64 *, i64 *);                               \
    void NAME(int *n, int *nrhs, T *a, int *lda, int *ipiv, T *b, int *ldb, int *info) { TRACE(#NAME);         \
        i64 n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, info_ = 0;                          \
        i64 *piv = widened(NULL, n_);                                                             \
        if (!piv) { *info = -100; return; }                                                       \
        SCIPY(&n_, &nrhs_, a, &lda_, piv, b, &ldb_, &info_);                                      \
        narrowed(ipiv, piv, n_);                                                                  \
        free(piv);                                                                                \
        *info = (int)info_;                                                                       \
    }
GESV(float, sgesv_, scipy_sgesv_64_)
GESV(double, dgesv_, scipy_dgesv_64_)

#define GETRF(T, NAME, SCIPY)                                                                    \
    void SCIPY(i64 *, i64 *, T *, i64 *, i64 *, i64 *);                                           \
    void NAME(int *m, int *n, T *a, int *lda, int *ipiv, int *info) { TRACE(#NAME);                            \
        i64 m_ = *m, n_ = *n, lda_ = *lda, info_ = 0, k = MIN(m_, n_);                           \
        i64 *piv = widened(NULL, k);                                                              \
        if (!piv) { *info = -100; return; }                                                       \
        SCIPY(&m_, &n_, a, &lda_, piv, &info_);                                                   \
        narrowed(ipiv, piv, k);                                                                   \
        free(piv);                                                                                \
        *info = (int)info_;                                                                       \
    }
GETRF(float, sgetrf_, scipy_sgetrf_64_)
GETRF(double, dgetrf_, scipy_dgetrf_64_)

#define POTRF(T, NAME, SCIPY)                                                                    \
    void SCIPY(char *, i64 *, T *, i64 *, i64 *, flen);                                           \
    void NAME(char *uplo, int *n, T *a, int *lda, int *info) { TRACE(#NAME);                                   \
        i64 n_ = *n, lda_ = *lda, info_ = 0;                                                      \
        SCIPY(uplo, &n_, a, &lda_, &info_, 1);                                                    \
        *info = (int)info_;                                                                       \
    }
POTRF(float, spotrf_, scipy_spotrf_64_)
POTRF(double, dpotrf_, scipy_dpotrf_64_)

#define POSV(T, NAME, SCIPY)                                                                     \
    void SCIPY(char *, i64 *, i64 *, T *, i64 *, T *, i64 *, i64 *, flen);                        \
    void NAME(char *uplo, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, int *info) { TRACE(#NAME);        \
        i64 n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, info_ = 0;                          \
        SCIPY(uplo, &n_, &nrhs_, a, &lda_, b, &ldb_, &info_, 1);                                  \
        *info = (int)info_;                                                                       \
    }
POSV(float, sposv_, scipy_sposv_64_)
POSV(double, dposv_, scipy_dposv_64_)

#define GELS(T, NAME, SCIPY)                                                                     \
    void SCIPY(char *, i64 *, i64 *, i64 *, T *, i64 *, T *, i64 *, T *, i64 *, i64 *, flen);     \
    void NAME(char *trans, int *m, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, T *work,   \
              int *lwork, int *info) { TRACE(#NAME);                                                            \
        i64 m_ = *m, n_ = *n, nrhs_ = *nrhs, lda_ = *lda, ldb_ = *ldb, lwork_ = *lwork,           \
            info_ = 0;                                                                            \
        SCIPY(trans, &m_, &n_, &nrhs_, a, &lda_, b, &ldb_, work, &lwork_, &info_, 1);             \
        *info = (int)info_;                                                                       \
    }
GELS(float, sgels_, scipy_sgels_64_)
GELS(double, dgels_, scipy_dgels_64_)

#define GEQRF(T, NAME, SCIPY)                                                                    \
    void SCIPY(i64 *, i64 *, T *, i64 *, T *, T *, i64 *, i64 *);                                 \
    void NAME(int *m, int *n, T *a, int *lda, T *tau, T *work, int *lwork, int *info) { TRACE(#NAME);          \
        i64 m_ = *m, n_ = *n, lda_ = *lda, lwork_ = *lwork, info_ = 0;                            \
        SCIPY(&m_, &n_, a, &lda_, tau, work, &lwork_, &info_);                                    \
        *info = (int)info_;                                                                       \
    }
GEQRF(float, sgeqrf_, scipy_sgeqrf_64_)
GEQRF(double, dgeqrf_, scipy_dgeqrf_64_)

#define GESDD(T, NAME, SCIPY)                                                                    \
    void SCIPY(char *, i64 *, i64 *, T *, i64 *, T *, T *, i64 *, T *, i64 *, T *, i64 *, i64 *,  \
               i64 *, flen);                                                                      \
    void NAME(char *jobz, int *m, int *n, T *a, int *lda, T *s, T *u, int *ldu, T *vt,           \
              int *ldvt, T *work, int *lwork, int *iwork, int *info) { TRACE(#NAME);                            \
        i64 m_ = *m, n_ = *n, lda_ = *lda, ldu_ = *ldu, ldvt_ = *ldvt, lwork_ = *lwork,           \
            info_ = 0;                                                                            \
        i64 *iw = widened(NULL, 8 * MIN(m_, n_));                                                 \
        if (!iw) { *info = -100; return; }                                                        \
        SCIPY(jobz, &m_, &n_, a, &lda_, s, u, &ldu_, vt, &ldvt_, work, &lwork_, iw, &info_, 1);   \
        (void)iwork;                                                                              \
        free(iw);                                                                                 \
        *info = (int)info_;                                                                       \
    }
GESDD(float, sgesdd_, scipy_sgesdd_64_)
GESDD(double, dgesdd_, scipy_dgesdd_64_)

void scipy_dgeev_64_(char *, char *, i64 *, double *, i64 *, double *, double *, double *, i64 *,
                     double *, i64 *, double *, i64 *, i64 *, flen, flen);
void dgeev_(char *jobvl, char *jobvr, int *n, double *a, int *lda, double *wr, double *wi,
            double *vl, int *ldvl, double *vr, int *ldvr, double *work, int *lwork, int *info) {
    TRACE("dgeev_");
    i64 n_ = *n, lda_ = *lda, ldvl_ = *ldvl, ldvr_ = *ldvr, lwork_ = *lwork, info_ = 0;
    scipy_dgeev_64_(jobvl, jobvr, &n_, a, &lda_, wr, wi, vl, &ldvl_, vr, &ldvr_, work, &lwork_,
                    &info_, 1, 1);
    *info = (int)info_;
}
