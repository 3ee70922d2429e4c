/* storyline._fast: the shingling hot path in C.
 *
 * Two functions, both exact equivalents of the pure-Python path in
 * storyline/reprints/shingles.py (tests/test_fast.py checks them against each other):
 *
 *   token_hashes(texts) -> (tokens, lengths, missing: list[str], where, fallback)
 *       Folds raw texts as text.normalize.fold does (case, typographic quotes and
 *       dashes; a text with any other non-ASCII character is listed in `fallback`, int64,
 *       for the Python path), tokenises them with the grammar of text.normalize._TOKEN,
 *       (?:[a-z]\.){2,} | [a-z0-9]+(?:'[a-z]+)? | %
 *       and maps each token, through a table filled by register(), to the 64-bit hash
 *       of its canonical form (0: a dropped word, left out).  A token the table does not
 *       know is returned in `missing` with its position in `where` (int64); the caller
 *       registers it and puts its hash there (dropping it when that hash is 0).
 *       Two-word names separated by one space become one token, as in match_form.
 *
 *   register(raw, canonical)   adds (FNV-1a hash of token) -> canonical hash pairs.
 *
 *   shingles(tokens, lengths, k[, stops]) -> (flat: bytes, offsets: bytes)
 *       k-word shingle hashes of each text (multiply-combine, splitmix64 finaliser),
 *       sorted and de-duplicated per text, without the (sorted uint64) stop shingles.
 *
 * Written by hand because no library tokenises to Storyline's canonical word forms;
 * the regular-expression path costs about 35 ns a character, this about 2.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the token table: open addressing, raw FNV-1a hash -> canonical hash ---------- */
static uint64_t *tab_keys = NULL, *tab_vals = NULL;
/* The value that marks a word as not registered; a real hash equals it with p = 2^-64. */
#define UNKNOWN 0x8000000000000001ULL
static size_t tab_cap = 0, tab_len = 0;

static uint64_t fnv1a(const char *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h ? h : 1;  /* 0 marks an empty slot */
}

static int tab_grow(void) {
    size_t cap = tab_cap ? tab_cap * 2 : (1 << 16);
    uint64_t *k = calloc(cap, sizeof(uint64_t)), *v = calloc(cap, sizeof(uint64_t));
    if (!k || !v) { free(k); free(v); return -1; }
    for (size_t i = 0; i < tab_cap; i++) {
        if (!tab_keys[i]) continue;
        size_t j = tab_keys[i] & (cap - 1);
        while (k[j]) j = (j + 1) & (cap - 1);
        k[j] = tab_keys[i]; v[j] = tab_vals[i];
    }
    free(tab_keys); free(tab_vals);
    tab_keys = k; tab_vals = v; tab_cap = cap;
    return 0;
}

static int tab_put(uint64_t key, uint64_t val) {
    if ((tab_len + 1) * 2 > tab_cap && tab_grow() < 0) return -1;
    size_t j = key & (tab_cap - 1);
    while (tab_keys[j] && tab_keys[j] != key) j = (j + 1) & (tab_cap - 1);
    if (!tab_keys[j]) tab_len++;
    tab_keys[j] = key; tab_vals[j] = val;
    return 0;
}

static int tab_get(uint64_t key, uint64_t *val) {
    if (!tab_cap) return 0;
    size_t j = key & (tab_cap - 1);
    while (tab_keys[j]) {
        if (tab_keys[j] == key) { *val = tab_vals[j]; return 1; }
        j = (j + 1) & (tab_cap - 1);
    }
    return 0;
}

/* ---- growable output buffers ------------------------------------------------------- */
typedef struct { char *data; size_t len, cap; } buf_t;

static int buf_add(buf_t *b, const void *x, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1 << 16;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return -1;
        b->data = d; b->cap = cap;
    }
    memcpy(b->data + b->len, x, n);
    b->len += n;
    return 0;
}

static inline int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline int is_alnum(char c) { return is_lower(c) || (c >= '0' && c <= '9'); }

/* Length of the token starting at s[i], or 0 when none starts there. */
static Py_ssize_t token_at(const char *s, Py_ssize_t n, Py_ssize_t i) {
    /* (?:[a-z]\.){2,} */
    Py_ssize_t j = i, reps = 0;
    while (j + 1 < n && is_lower(s[j]) && s[j + 1] == '.') { j += 2; reps++; }
    if (reps >= 2) return j - i;
    /* [a-z0-9]+(?:'[a-z]+)? */
    j = i;
    while (j < n && is_alnum(s[j])) j++;
    if (j > i) {
        if (j + 1 < n && s[j] == '\'' && is_lower(s[j + 1])) {
            Py_ssize_t m = j + 1;
            while (m < n && is_lower(s[m])) m++;
            j = m;
        }
        return j - i;
    }
    return s[i] == '%' ? 1 : 0;
}

/* Map one code point to plain ASCII the way text.normalize.fold does for the characters
 * news text is full of; returns the number of bytes written to out (<= 3), or -1 for a
 * character only the Python path (NFKD) can fold. */
static int plain(Py_UCS4 c, char *out) {
    if (c < 0x80) { out[0] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c; return 1; }
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: out[0] = '\''; return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: out[0] = '"'; return 1;
    case 0x2014: case 0x2013: case 0x2012: memcpy(out, " - ", 3); return 3;
    case 0x2212: out[0] = '-'; return 1;
    case 0x2026: memcpy(out, "...", 3); return 3;
    case 0x00A0: case 0x2022: out[0] = ' '; return 1;
    case 0x00A9: memcpy(out, "(c)", 3); return 3;
    default: return -1;
    }
}

/* Two-word names joined into one token when one plain space separates them
 * (text.normalize._TWO_WORDS). */
static const char *PAIRS[][3] = {
    {"united", "states", "us"}, {"united", "nations", "un"}, {"united", "kingdom", "uk"},
    {"european", "union", "eu"}, {"per", "cent", "percent"}};

static const char *joined_pair(const char *a, Py_ssize_t alen, const char *b, Py_ssize_t blen) {
    for (size_t p = 0; p < sizeof PAIRS / sizeof PAIRS[0]; p++)
        if ((Py_ssize_t)strlen(PAIRS[p][0]) == alen && !memcmp(PAIRS[p][0], a, alen) &&
            (Py_ssize_t)strlen(PAIRS[p][1]) == blen && !memcmp(PAIRS[p][1], b, blen))
            return PAIRS[p][2];
    return NULL;
}

typedef struct { buf_t toks, where; PyObject *missing; int64_t count; int last; } emit_t;

/* Emit one token; last = 0 nothing emitted, 1 a known hash, 2 a missing placeholder. */
static int emit(emit_t *e, const char *w, Py_ssize_t len) {
    uint64_t raw = fnv1a(w, len), canon;
    if (tab_get(raw, &canon) && canon != UNKNOWN) {
        e->last = 0;
        if (!canon) return 0;
        if (buf_add(&e->toks, &canon, 8) < 0) return -1;
        e->count++; e->last = 1;
        return 0;
    }
    int64_t at = (int64_t)(e->toks.len / 8);
    if (buf_add(&e->toks, &raw, 8) < 0 || buf_add(&e->where, &at, 8) < 0) return -1;
    PyObject *s = PyUnicode_FromStringAndSize(w, len);
    if (!s || PyList_Append(e->missing, s) < 0) { Py_XDECREF(s); return -1; }
    Py_DECREF(s);
    e->count++; e->last = 2;
    return 0;
}

static void unemit(emit_t *e) {
    if (!e->last) return;
    e->toks.len -= 8; e->count--;
    if (e->last == 2) {
        e->where.len -= 8;
        PyList_SetSlice(e->missing, PyList_GET_SIZE(e->missing) - 1, PyList_GET_SIZE(e->missing), NULL);
    }
    e->last = 0;
}

/* Tokenise one plain lower-case ASCII buffer into e. */
static int tokenize(emit_t *e, const char *s, Py_ssize_t n) {
    Py_ssize_t i = 0, prev_start = -1, prev_end = -2;
    while (i < n) {
        Py_ssize_t len = token_at(s, n, i);
        if (!len) { i++; continue; }
        const char *joined = NULL;
        if (prev_start >= 0 && i == prev_end + 1 && s[prev_end] == ' ')
            joined = joined_pair(s + prev_start, prev_end - prev_start, s + i, len);
        if (joined) {
            unemit(e);
            if (emit(e, joined, (Py_ssize_t)strlen(joined)) < 0) return -1;
            prev_start = -1;  /* a joined name does not start another pair */
        } else {
            if (emit(e, s + i, len) < 0) return -1;
            prev_start = i;
        }
        prev_end = i + len;
        i += len;
    }
    return 0;
}

static PyObject *py_token_hashes(PyObject *self, PyObject *args) {
    PyObject *texts;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &texts)) return NULL;
    Py_ssize_t ndocs = PyList_GET_SIZE(texts);
    emit_t e = {{0}, {0}, PyList_New(0), 0, 0};
    buf_t lens = {0}, plainbuf = {0}, fallback = {0};
    if (!e.missing) return NULL;
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        PyObject *t = PyList_GET_ITEM(texts, d);
        if (!PyUnicode_Check(t)) { PyErr_SetString(PyExc_TypeError, "texts must be str"); goto fail; }
        int kind = PyUnicode_KIND(t);
        const void *data = PyUnicode_DATA(t);
        Py_ssize_t n = PyUnicode_GET_LENGTH(t);
        plainbuf.len = 0;
        if ((size_t)n * 3 + 1 > plainbuf.cap) {  /* every character becomes at most 3 bytes */
            char *grown = realloc(plainbuf.data, (size_t)n * 3 + 1);
            if (!grown) goto nomem;
            plainbuf.data = grown; plainbuf.cap = (size_t)n * 3 + 1;
        }
        char *dst = plainbuf.data;
        int ok = 1;
        if (PyUnicode_IS_ASCII(t)) {
            const unsigned char *src = data;
            for (Py_ssize_t i = 0; i < n; i++) {
                unsigned char c = src[i];
                dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
            }
            plainbuf.len = (size_t)n;
        } else {
            size_t w = 0;
            for (Py_ssize_t i = 0; i < n; i++) {
                int m = plain(PyUnicode_READ(kind, data, i), dst + w);
                if (m < 0) { ok = 0; break; }
                w += (size_t)m;
            }
            plainbuf.len = w;
        }
        e.count = 0; e.last = 0;
        if (!ok) {
            int64_t idx = (int64_t)d;
            if (buf_add(&fallback, &idx, 8) < 0) goto nomem;
        } else if (tokenize(&e, plainbuf.data ? plainbuf.data : "", (Py_ssize_t)plainbuf.len) < 0) {
            goto fail;
        }
        if (buf_add(&lens, &e.count, 8) < 0) goto nomem;
    }
    PyObject *res = Py_BuildValue("y#y#Ny#y#", e.toks.data ? e.toks.data : "", (Py_ssize_t)e.toks.len,
                                  lens.data ? lens.data : "", (Py_ssize_t)lens.len, e.missing,
                                  e.where.data ? e.where.data : "", (Py_ssize_t)e.where.len,
                                  fallback.data ? fallback.data : "", (Py_ssize_t)fallback.len);
    free(e.toks.data); free(e.where.data); free(lens.data); free(plainbuf.data); free(fallback.data);
    return res;
nomem:
    PyErr_NoMemory();
fail:
    free(e.toks.data); free(e.where.data); free(lens.data); free(plainbuf.data); free(fallback.data);
    Py_DECREF(e.missing);
    return NULL;
}

static PyObject *py_register(PyObject *self, PyObject *args) {
    PyObject *words, *values;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &words, &PyList_Type, &values)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    if (PyList_GET_SIZE(values) != n) { PyErr_SetString(PyExc_ValueError, "lengths differ"); return NULL; }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t len;
        const char *w = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(words, i), &len);
        if (!w) return NULL;
        uint64_t v = PyLong_AsUnsignedLongLongMask(PyList_GET_ITEM(values, i));
        if (PyErr_Occurred()) return NULL;
        if (tab_put(fnv1a(w, len), v) < 0) return PyErr_NoMemory();
    }
    Py_RETURN_NONE;
}

/* ---- shingles ---------------------------------------------------------------------- */
static const uint64_t MULT[8] = {
    0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL,
    0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x94D049BB133111EBULL, 0xBF58476D1CE4E5B9ULL};

static inline uint64_t mix(uint64_t x) {
    x ^= x >> 30; x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27; x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* LSD radix sort of n 64-bit keys, using tmp (n keys) as scratch. */
static void radix_sort(uint64_t *a, uint64_t *tmp, size_t n) {
    size_t count[256];
    for (int shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) count[(a[i] >> shift) & 255]++;
        size_t sum = 0;
        for (int b = 0; b < 256; b++) { size_t c = count[b]; count[b] = sum; sum += c; }
        for (size_t i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 255]++] = a[i];
        uint64_t *x = a; a = tmp; tmp = x;
    }
    /* 8 passes: the sorted keys are back in the original array */
}

static int cmp_u64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Is x in the sorted array s[0..n)?  `screen` (SCREEN_BITS bits indexed by x's low
 * bits) rules most values out before the binary search. */
#define SCREEN_BITS 20
static inline int in_stops(uint64_t x, const uint64_t *s, size_t n, const uint8_t *screen) {
    uint64_t b = x & ((1u << SCREEN_BITS) - 1);
    if (!(screen[b >> 3] & (1u << (b & 7)))) return 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo < n && s[lo] == x;
}

static PyObject *py_shingles(PyObject *self, PyObject *args) {
    Py_buffer tb, lb, sb = {0};
    int k;
    if (!PyArg_ParseTuple(args, "y*y*i|y*", &tb, &lb, &k, &sb)) return NULL;
    const uint64_t *stops = sb.buf;
    size_t nstops = sb.buf ? (size_t)sb.len / 8 : 0;
    uint8_t *screen = NULL;
    if (nstops) {
        screen = calloc((1u << SCREEN_BITS) / 8, 1);
        if (!screen) { PyBuffer_Release(&tb); PyBuffer_Release(&lb); PyBuffer_Release(&sb); return PyErr_NoMemory(); }
        for (size_t i = 0; i < nstops; i++) {
            uint64_t b = stops[i] & ((1u << SCREEN_BITS) - 1);
            screen[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
    }
    if (k < 1 || k > 8) { PyBuffer_Release(&tb); PyBuffer_Release(&lb); PyErr_SetString(PyExc_ValueError, "k in 1..8"); return NULL; }
    const uint64_t *tok = tb.buf;
    const int64_t *len = lb.buf;
    size_t ndocs = lb.len / 8, total = tb.len / 8, pos = 0;
    uint64_t *out = malloc((total + ndocs + 1) * sizeof(uint64_t));
    uint64_t *tmp = malloc((total + ndocs + 1) * sizeof(uint64_t));
    int64_t *off = malloc((ndocs + 1) * sizeof(int64_t));
    if (!out || !tmp || !off) { free(out); free(tmp); free(off); PyBuffer_Release(&tb); PyBuffer_Release(&lb); return PyErr_NoMemory(); }
    size_t w = 0;
    off[0] = 0;
    for (size_t d = 0; d < ndocs; d++) {
        int64_t n = len[d];
        const uint64_t *t = tok + pos;
        size_t start = w;
        if (n > 0) {
            int kk = n < k ? (int)n : k;
            for (int64_t i = 0; i + kk <= n; i++) {
                uint64_t acc = 0;
                for (int j = 0; j < kk; j++) acc += t[i + j] * MULT[j];
                out[w++] = mix(acc);
            }
        }
        size_t m = w - start;
        if (m > 64) radix_sort(out + start, tmp, m);
        else qsort(out + start, m, sizeof(uint64_t), cmp_u64);
        size_t u = start;
        for (size_t i = start; i < w; i++) {
            if (i > start && out[i] == out[i - 1]) continue;  /* duplicate of the previous */
            if (nstops && in_stops(out[i], stops, nstops, screen)) continue;
            out[u++] = out[i];
        }
        w = u;
        off[d + 1] = (int64_t)w;
        pos += (size_t)n;
    }
    PyObject *res = Py_BuildValue("y#y#", (char *)out, (Py_ssize_t)(w * 8), (char *)off, (Py_ssize_t)((ndocs + 1) * 8));
    free(out); free(tmp); free(off); free(screen);
    PyBuffer_Release(&tb); PyBuffer_Release(&lb);
    if (sb.buf) PyBuffer_Release(&sb);
    return res;
}

/* shared_counts(flat, offsets, pairs) -> bytes of int64: |set_i & set_j| for each pair,
 * by merging the two sorted runs.  flat holds uint32 keys, offsets int64, pairs int64. */
static PyObject *py_shared_counts(PyObject *self, PyObject *args) {
    Py_buffer fb, ob, pb;
    if (!PyArg_ParseTuple(args, "y*y*y*", &fb, &ob, &pb)) return NULL;
    const uint32_t *flat = fb.buf;
    const int64_t *off = ob.buf, *pairs = pb.buf;
    size_t npairs = pb.len / 16, nsets = ob.len / 8 - 1;
    int64_t *out = malloc((npairs + 1) * sizeof(int64_t));
    if (!out) { PyBuffer_Release(&fb); PyBuffer_Release(&ob); PyBuffer_Release(&pb); return PyErr_NoMemory(); }
    for (size_t p = 0; p < npairs; p++) {
        int64_t i = pairs[2 * p], j = pairs[2 * p + 1], shared = 0;
        if (i < 0 || j < 0 || (size_t)i >= nsets || (size_t)j >= nsets) { shared = -1; out[p] = shared; continue; }
        const uint32_t *a = flat + off[i], *ae = flat + off[i + 1], *b = flat + off[j], *be = flat + off[j + 1];
        while (a < ae && b < be) {
            if (*a < *b) a++;
            else if (*b < *a) b++;
            else { shared++; a++; b++; }
        }
        out[p] = shared;
    }
    PyObject *res = PyBytes_FromStringAndSize((char *)out, (Py_ssize_t)(npairs * 8));
    free(out);
    PyBuffer_Release(&fb); PyBuffer_Release(&ob); PyBuffer_Release(&pb);
    return res;
}

static PyMethodDef methods[] = {
    {"shared_counts", py_shared_counts, METH_VARARGS, "Sizes of the intersections of pairs of sorted uint32 sets."},
    {"token_hashes", py_token_hashes, METH_VARARGS, "Canonical word hashes of folded ASCII texts."},
    {"register", py_register, METH_VARARGS, "Register words and their canonical hashes."},
    {"shingles", py_shingles, METH_VARARGS, "Sorted unique k-word shingle hashes per text."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", "Storyline's shingling hot path.", -1, methods};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
