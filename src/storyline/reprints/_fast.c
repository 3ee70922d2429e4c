/* storyline._fast: the shingling hot path in C.
 *
 * Two functions, both exact equivalents of the pure-Python path in
 * storyline/reprints/shingles.py (tests/test_fast.py checks them against each other):
 *
 *   token_hashes(texts) -> (tokens, lengths, missing: list[str], where, which, fallback)
 *       Folds raw texts as text.normalize.fold does (case, typographic quotes and
 *       dashes; a text with any other non-ASCII character is listed in `fallback`, int64,
 *       for the Python path), tokenises them with the grammar of text.normalize._TOKEN,
 *       (?:[a-z]\.){2,} | [a-z0-9]+(?:'[a-z]+)? | %
 *       and maps each token, through a table filled by register(), to the 64-bit hash
 *       of its canonical form (0: a dropped word, left out).  A token the table does not
 *       know is listed once in `missing`; each of its positions is in `where` (int64)
 *       and its index in `missing` in `which` (int64).  The caller registers the words
 *       and puts their hashes there (dropping a token whose hash is 0).
 *       Two-word names separated by one space become one token, as in match_form.
 *
 *   register(raw, canonical)   adds (raw hash of token) -> canonical hash pairs.
 *
 *   shingles(tokens, lengths, k[, stops]) -> (flat: bytes, offsets: bytes)
 *       k-word shingle hashes of each text (multiply-combine, splitmix64 finaliser),
 *       sorted and de-duplicated per text, without the (sorted uint64) stop shingles.
 *
 *   signatures(flat, offsets, num_perm, seed) -> bytes (uint32, rows of num_perm)
 *       One-permutation MinHash with optimal densification (Shrivastava, ICML 2017):
 *       each shingle is hashed once, its hash picks a bin and its low 32 bits compete
 *       for that bin's minimum; an empty bin takes the value of the first non-empty bin
 *       on its own fixed probe sequence.  One hash per shingle instead of one per
 *       shingle and permutation; minhash.signatures_flat_numpy is the same in numpy.
 *
 *   candidate_pairs(sigs, num_perm, bands, rows, max_bucket) -> bytes (int64 pairs)
 *       LSH: the band keys of every signature (as lsh.band_keys), buckets of equal keys
 *       per band (radix-sorted), all pairs of a bucket of up to max_bucket members and
 *       a star from its first member in a bigger one; the unique (i < j) pairs in order.
 *       lsh.candidate_pairs_numpy is the same in numpy.
 *
 *   sketch(tokens, lengths, k, num_perm, seed, sample[, stops]) -> (sigs, sets, offsets)
 *       shingles() and signatures() in one pass for corpus-scale dedup, without sorting
 *       every shingle set: the signatures need no order, and only the verification
 *       sample (shingles whose high 32 bits are 0 modulo `sample`) is sorted and
 *       de-duplicated, and returned as those high 32 bits (uint32).
 *
 * Written by hand because no library tokenises to Storyline's canonical word forms;
 * the regular-expression path costs about 35 ns a character, this about 2.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the token table: open addressing, raw word hash -> canonical hash ---------- */
/* Key and value side by side: one cache line holds a lookup. */
typedef struct { uint64_t key, val; } slot_t;
static slot_t *tab = NULL;
/* The value that marks a word as not registered; a real hash equals it with p = 2^-64. */
#define UNKNOWN 0x8000000000000001ULL
static size_t tab_cap = 0, tab_len = 0;

/* The raw hash of a token: 8 bytes at a time, each chunk multiplied in and the result
 * finished with splitmix64's mixer.  `s` must be readable up to 7 bytes past n (the
 * folded text buffer has that slack; register() copies its words to such a buffer). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTES(n) ((n) ? ~0ULL << (64 - 8 * (n)) : 0)
#else
#define FIRST_BYTES(n) ((n) ? ~0ULL >> (64 - 8 * (n)) : 0)
#endif
static inline uint64_t word_hash(const char *s, Py_ssize_t n) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    for (;;) {
        uint64_t c;
        memcpy(&c, s, 8);
        if (n < 8) c &= FIRST_BYTES(n);
        h = (h ^ c) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
        if (n <= 8) break;
        s += 8; n -= 8;
    }
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 29;
    return h ? h : 1;  /* 0 marks an empty slot */
}

static int tab_grow(void) {
    size_t cap = tab_cap ? tab_cap * 2 : (1 << 16);
    slot_t *t = calloc(cap, sizeof(slot_t));
    if (!t) return -1;
    for (size_t i = 0; i < tab_cap; i++) {
        if (!tab[i].key) continue;
        size_t j = tab[i].key & (cap - 1);
        while (t[j].key) j = (j + 1) & (cap - 1);
        t[j] = tab[i];
    }
    free(tab);
    tab = t; tab_cap = cap;
    return 0;
}

static int tab_put(uint64_t key, uint64_t val) {
    if ((tab_len + 1) * 2 > tab_cap && tab_grow() < 0) return -1;
    size_t j = key & (tab_cap - 1);
    while (tab[j].key && tab[j].key != key) j = (j + 1) & (tab_cap - 1);
    if (!tab[j].key) tab_len++;
    tab[j].key = key; tab[j].val = val;
    return 0;
}

static inline int tab_get(uint64_t key, uint64_t *val) {
    if (!tab_cap) return 0;
    size_t j = key & (tab_cap - 1);
    while (tab[j].key) {
        if (tab[j].key == key) { *val = tab[j].val; return 1; }
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

/* Character classes of folded text by table: one load instead of two range checks. */
#define C_LOWER 1
#define C_ALNUM 2
static const uint8_t CLS[256] = {
    ['0' ... '9'] = C_ALNUM, ['a' ... 'z'] = C_LOWER | C_ALNUM};
static inline int is_lower(char c) { return CLS[(unsigned char)c] & C_LOWER; }
static inline int is_alnum(char c) { return CLS[(unsigned char)c] & C_ALNUM; }

/* Length of the token starting at s[i], or 0 when none starts there; s[n] must be a
 * byte of no class (a 0 sentinel), which ends every loop below. */
static inline Py_ssize_t token_at(const char *s, Py_ssize_t i) {
    /* (?:[a-z]\.){2,} */
    Py_ssize_t j = i, reps = 0;
    while (is_lower(s[j]) && s[j + 1] == '.') { j += 2; reps++; }
    if (reps >= 2) return j - i;
    /* [a-z0-9]+(?:'[a-z]+)? */
    j = i;
    while (is_alnum(s[j])) j++;
    if (j > i) {
        if (s[j] == '\'' && is_lower(s[j + 1])) {
            j += 2;
            while (is_lower(s[j])) j++;
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
static const char PAIRS[][3][16] = {  /* 16 bytes each: word_hash reads 8 at a time */
    {"united", "states", "us"}, {"united", "nations", "un"}, {"united", "kingdom", "uk"},
    {"european", "union", "eu"}, {"per", "cent", "percent"}};

static const char *joined_pair(const char *a, Py_ssize_t alen, const char *b, Py_ssize_t blen) {
    for (size_t p = 0; p < sizeof PAIRS / sizeof PAIRS[0]; p++)
        if ((Py_ssize_t)strlen(PAIRS[p][0]) == alen && !memcmp(PAIRS[p][0], a, alen) &&
            (Py_ssize_t)strlen(PAIRS[p][1]) == blen && !memcmp(PAIRS[p][1], b, blen))
            return PAIRS[p][2];
    return NULL;
}

/* A per-call table: raw hash of an unknown token -> its index in `missing`, so that each
 * unknown word is handed back once however often the batch uses it. */
typedef struct { uint64_t *keys; int64_t *vals; size_t cap, len; } seen_t;

static int64_t seen_get(seen_t *t, uint64_t key) {
    if (!t->cap) return -1;
    size_t j = key & (t->cap - 1);
    while (t->keys[j]) {
        if (t->keys[j] == key) return t->vals[j];
        j = (j + 1) & (t->cap - 1);
    }
    return -1;
}

static int seen_put(seen_t *t, uint64_t key, int64_t val) {
    if ((t->len + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        uint64_t *k = calloc(cap, sizeof(uint64_t));
        int64_t *v = malloc(cap * sizeof(int64_t));
        if (!k || !v) { free(k); free(v); return -1; }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->keys[i]) continue;
            size_t j = t->keys[i] & (cap - 1);
            while (k[j]) j = (j + 1) & (cap - 1);
            k[j] = t->keys[i]; v[j] = t->vals[i];
        }
        free(t->keys); free(t->vals);
        t->keys = k; t->vals = v; t->cap = cap;
    }
    size_t j = key & (t->cap - 1);
    while (t->keys[j]) j = (j + 1) & (t->cap - 1);
    t->keys[j] = key; t->vals[j] = val; t->len++;
    return 0;
}

typedef struct { buf_t toks, where, which; PyObject *missing; seen_t seen; int64_t count; } emit_t;

/* Emit one token whose raw hash the table does not know: a placeholder in toks, its
 * position in `where`, and the word (listed once per call) in `missing`. */
static int emit_missing(emit_t *e, uint64_t raw, const char *w, Py_ssize_t len) {
    int64_t at = (int64_t)(e->toks.len / 8), idx = seen_get(&e->seen, raw);
    if (idx < 0) {
        idx = PyList_GET_SIZE(e->missing);
        PyObject *s = PyUnicode_FromStringAndSize(w, len);
        if (!s || PyList_Append(e->missing, s) < 0) { Py_XDECREF(s); return -1; }
        Py_DECREF(s);
        if (seen_put(&e->seen, raw, idx) < 0) return -1;
    }
    if (buf_add(&e->toks, &raw, 8) < 0 || buf_add(&e->where, &at, 8) < 0 || buf_add(&e->which, &idx, 8) < 0)
        return -1;
    e->count++;
    return 0;
}

/* Per-text scratch of the first pass: each token's raw hash, where it starts, its length. */
typedef struct { uint64_t *hash; const char **word; int32_t *len; size_t cap; } scan_t;

static int scan_reserve(scan_t *sc, size_t n) {
    if (n <= sc->cap) return 0;
    size_t cap = sc->cap ? sc->cap : 1024;
    while (cap < n) cap *= 2;
    uint64_t *h = realloc(sc->hash, cap * sizeof *h);
    if (h) sc->hash = h;
    const char **w = realloc(sc->word, cap * sizeof *w);
    if (w) sc->word = w;
    int32_t *l = realloc(sc->len, cap * sizeof *l);
    if (l) sc->len = l;
    if (!h || !w || !l) return -1;
    sc->cap = cap;
    return 0;
}

/* How many lookups ahead the second pass prefetches table slots. */
#define PREFETCH_AHEAD 16

/* Tokenise one plain lower-case ASCII buffer (s[n] == 0, readable 8 bytes past n) into e, in two
 * passes: the first finds the tokens and hashes them, the second looks them up in the
 * table with the slots of later tokens prefetched, so that cache misses overlap. */
static int tokenize(emit_t *e, scan_t *sc, const char *s, Py_ssize_t n) {
    if (scan_reserve(sc, (size_t)n + 1) < 0) return -1;  /* at most one token a byte */
    size_t m = 0;
    Py_ssize_t i = 0, prev_start = -1, prev_end = -2;
    while (i < n) {
        if (!CLS[(unsigned char)s[i]] && s[i] != '%') { i++; continue; }
        Py_ssize_t len = token_at(s, i);
        if (!len) { i++; continue; }
        const char *joined = NULL;
        if (prev_start >= 0 && i == prev_end + 1 && s[prev_end] == ' ')
            joined = joined_pair(s + prev_start, prev_end - prev_start, s + i, len);
        if (joined) {  /* replaces the previous token; a joined name starts no other pair */
            m--;
            sc->word[m] = joined; sc->len[m] = (int32_t)strlen(joined);
            sc->hash[m] = word_hash(joined, sc->len[m]);
            m++;
            prev_start = -1;
        } else {
            sc->word[m] = s + i; sc->len[m] = (int32_t)len; sc->hash[m] = word_hash(s + i, len);
            m++;
            prev_start = i;
        }
        prev_end = i + len;
        i += len;
    }
    if (e->toks.len + m * 8 > e->toks.cap) {  /* room for every token: known ones are written directly */
        size_t need = e->toks.len + m * 8, cap = e->toks.cap ? e->toks.cap : 1 << 16;
        while (cap < need) cap *= 2;
        char *d = realloc(e->toks.data, cap);
        if (!d) return -1;
        e->toks.data = d; e->toks.cap = cap;
    }
    size_t mask = tab_cap - 1;
    for (size_t t = 0; t < m; t++) {
        if (tab_cap && t + PREFETCH_AHEAD < m) __builtin_prefetch(&tab[sc->hash[t + PREFETCH_AHEAD] & mask]);
        uint64_t canon;
        if (tab_get(sc->hash[t], &canon) && canon != UNKNOWN) {
            if (!canon) continue;  /* a dropped word */
            memcpy(e->toks.data + e->toks.len, &canon, 8);
            e->toks.len += 8;
            e->count++;
        } else if (emit_missing(e, sc->hash[t], sc->word[t], sc->len[t]) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Words hyphenated across a line end, joined in folded text: a letter, '-', then ' ',
 * '\n' or " \n", any whitespace, and a letter ("exam- ple" -> "example"), as
 * text.normalize.join_broken_words does; a compound's hyphen ("well-known") stays. */
static size_t join_broken_words(char *s, size_t n) {
    char *first = memchr(s, '-', n);
    if (!first) return n;
    size_t w = (size_t)(first - s), i = w;  /* s[0, w) stays where it is */
    while (i < n) {
        char *h = memchr(s + i, '-', n - i);  /* the text up to the next hyphen moves as a block */
        size_t stop = h ? (size_t)(h - s) : n;
        if (w != i) memmove(s + w, s + i, stop - i);
        w += stop - i;
        i = stop;
        if (i >= n) break;
        if (w > 0 && s[w - 1] >= 'a' && s[w - 1] <= 'z') {
            size_t j = i + 1;
            if (j + 1 < n && s[j] == ' ' && s[j + 1] == '\n') j += 2;
            else if (j < n && (s[j] == ' ' || s[j] == '\n')) j += 1;
            if (j > i + 1) {
                while (j < n && (s[j] == ' ' || (s[j] >= '\t' && s[j] <= '\r'))) j++;
                if (j < n && s[j] >= 'a' && s[j] <= 'z') { i = j; continue; }  /* joined */
            }
        }
        s[w++] = '-';
        i++;
    }
    return w;
}

static PyObject *py_token_hashes(PyObject *self, PyObject *args) {
    PyObject *texts;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &texts)) return NULL;
    Py_ssize_t ndocs = PyList_GET_SIZE(texts);
    emit_t e = {{0}, {0}, {0}, PyList_New(0), {0}, 0};
    scan_t sc = {0};
    buf_t lens = {0}, plainbuf = {0}, fallback = {0};
    if (!e.missing) return NULL;
    for (Py_ssize_t d = 0; d < ndocs; d++) {
        PyObject *t = PyList_GET_ITEM(texts, d);
        if (!PyUnicode_Check(t)) { PyErr_SetString(PyExc_TypeError, "texts must be str"); goto fail; }
        int kind = PyUnicode_KIND(t);
        const void *data = PyUnicode_DATA(t);
        Py_ssize_t n = PyUnicode_GET_LENGTH(t);
        plainbuf.len = 0;
        if ((size_t)n * 3 + 8 > plainbuf.cap) {  /* at most 3 bytes a character, and word_hash's slack */
            char *grown = realloc(plainbuf.data, (size_t)n * 3 + 8);
            if (!grown) goto nomem;
            plainbuf.data = grown; plainbuf.cap = (size_t)n * 3 + 8;
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
        } else {  /* one loop per storage width, so the compiler sees plain array reads */
            size_t w = 0;
#define FOLD_LOOP(T)                                                                   \
            for (Py_ssize_t i = 0; i < n; i++) {                                      \
                Py_UCS4 c = ((const T *)data)[i];                                     \
                if (c < 0x80) { dst[w++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c; continue; } \
                int m = plain(c, dst + w);                                            \
                if (m < 0) { ok = 0; break; }                                         \
                w += (size_t)m;                                                       \
            }
            if (kind == PyUnicode_1BYTE_KIND) { FOLD_LOOP(Py_UCS1) }
            else if (kind == PyUnicode_2BYTE_KIND) { FOLD_LOOP(Py_UCS2) }
            else { FOLD_LOOP(Py_UCS4) }
#undef FOLD_LOOP
            plainbuf.len = w;
        }
        plainbuf.len = join_broken_words(plainbuf.data, plainbuf.len);
        plainbuf.data[plainbuf.len] = 0;  /* the sentinel token_at stops at */
        e.count = 0;
        if (!ok) {
            int64_t idx = (int64_t)d;
            if (buf_add(&fallback, &idx, 8) < 0) goto nomem;
        } else if (tokenize(&e, &sc, plainbuf.data, (Py_ssize_t)plainbuf.len) < 0) {
            goto fail;
        }
        if (buf_add(&lens, &e.count, 8) < 0) goto nomem;
    }
    PyObject *res = Py_BuildValue("y#y#Ny#y#y#", e.toks.data ? e.toks.data : "", (Py_ssize_t)e.toks.len,
                                  lens.data ? lens.data : "", (Py_ssize_t)lens.len, e.missing,
                                  e.where.data ? e.where.data : "", (Py_ssize_t)e.where.len,
                                  e.which.data ? e.which.data : "", (Py_ssize_t)e.which.len,
                                  fallback.data ? fallback.data : "", (Py_ssize_t)fallback.len);
    free(e.toks.data); free(e.where.data); free(e.which.data); free(lens.data); free(plainbuf.data);
    free(fallback.data); free(e.seen.keys); free(e.seen.vals);
    free(sc.hash); free(sc.word); free(sc.len);
    return res;
nomem:
    PyErr_NoMemory();
fail:
    free(e.toks.data); free(e.where.data); free(e.which.data); free(lens.data); free(plainbuf.data);
    free(fallback.data); free(e.seen.keys); free(e.seen.vals);
    free(sc.hash); free(sc.word); free(sc.len);
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
        char word[128];
        uint64_t raw;
        if (len + 8 <= (Py_ssize_t)sizeof word) {
            memcpy(word, w, (size_t)len);
            raw = word_hash(word, len);
        } else {  /* a long word: a copy with word_hash's slack */
            char *copy = malloc((size_t)len + 8);
            if (!copy) return PyErr_NoMemory();
            memcpy(copy, w, (size_t)len);
            raw = word_hash(copy, len);
            free(copy);
        }
        if (tab_put(raw, v) < 0) return PyErr_NoMemory();
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

/* The screen of in_stops for n sorted stop hashes (calloc'd; NULL when n is 0 or no
 * memory is left). */
static uint8_t *stop_screen(const uint64_t *stops, size_t n) {
    uint8_t *screen = n ? calloc((1u << SCREEN_BITS) / 8, 1) : NULL;
    if (!screen) return NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = stops[i] & ((1u << SCREEN_BITS) - 1);
        screen[b >> 3] |= (uint8_t)(1u << (b & 7));
    }
    return screen;
}

static PyObject *py_shingles(PyObject *self, PyObject *args) {
    Py_buffer tb, lb, sb = {0};
    int k;
    if (!PyArg_ParseTuple(args, "y*y*i|y*", &tb, &lb, &k, &sb)) return NULL;
    const uint64_t *stops = sb.buf;
    size_t nstops = sb.buf ? (size_t)sb.len / 8 : 0;
    uint8_t *screen = stop_screen(stops, nstops);
    if (nstops && !screen) { PyBuffer_Release(&tb); PyBuffer_Release(&lb); PyBuffer_Release(&sb); return PyErr_NoMemory(); }
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

/* ---- one-permutation MinHash -------------------------------------------------------- */
#define EMPTY_BIN 0xFFFFFFFFu
#define SEED_MULT 0x9E3779B97F4A7C15ULL
#define PROBE_MULT 0xD6E8FEB86659FD93ULL

static inline uint32_t bin_of(uint64_t h, uint32_t nbins) { return (uint32_t)(((h >> 32) * nbins) >> 32); }

/* Fold one shingle hash into sig (nbins slots, EMPTY_BIN when unfilled). */
static inline void oph_add(uint32_t *sig, uint32_t nbins, uint64_t x, uint64_t seed) {
    uint64_t h = mix(x + seed * SEED_MULT);
    uint32_t v = (uint32_t)h, b = bin_of(h, nbins);
    if (v == EMPTY_BIN) v = EMPTY_BIN - 1;
    if (v < sig[b]) sig[b] = v;
}

/* Fill the empty bins of a signature with at least one filled bin (scratch: nbins). */
static void oph_densify(uint32_t *sig, uint32_t nbins, uint64_t seed, uint32_t *orig) {
    memcpy(orig, sig, nbins * sizeof(uint32_t));
    for (uint32_t i = 0; i < nbins; i++) {
        if (orig[i] != EMPTY_BIN) continue;
        for (uint64_t t = 1;; t++) {
            uint32_t j = bin_of(mix((seed * PROBE_MULT) ^ ((uint64_t)i << 32) ^ t), nbins);
            if (orig[j] != EMPTY_BIN) { sig[i] = orig[j]; break; }
        }
    }
}

static PyObject *py_signatures(PyObject *self, PyObject *args) {
    Py_buffer fb, ob;
    int num_perm;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "y*y*iK", &fb, &ob, &num_perm, &seed)) return NULL;
    const uint64_t *flat = fb.buf;
    const int64_t *off = ob.buf;
    size_t ndocs = ob.len / 8 ? ob.len / 8 - 1 : 0;
    uint32_t nb = (uint32_t)num_perm;
    uint32_t *out = malloc((ndocs * nb + 1) * sizeof(uint32_t)), *scratch = malloc((nb + 1) * sizeof(uint32_t));
    if (num_perm < 1 || !out || !scratch) {
        free(out); free(scratch); PyBuffer_Release(&fb); PyBuffer_Release(&ob);
        if (num_perm < 1) { PyErr_SetString(PyExc_ValueError, "num_perm >= 1"); return NULL; }
        return PyErr_NoMemory();
    }
    for (size_t d = 0; d < ndocs; d++) {
        uint32_t *sig = out + d * nb;
        for (uint32_t i = 0; i < nb; i++) sig[i] = EMPTY_BIN;
        for (int64_t i = off[d]; i < off[d + 1]; i++) oph_add(sig, nb, flat[i], seed);
        if (off[d + 1] > off[d]) oph_densify(sig, nb, seed, scratch);
    }
    PyObject *res = PyBytes_FromStringAndSize((char *)out, (Py_ssize_t)(ndocs * nb * 4));
    free(out); free(scratch); PyBuffer_Release(&fb); PyBuffer_Release(&ob);
    return res;
}

static PyObject *py_sketch(PyObject *self, PyObject *args) {
    Py_buffer tb, lb, sb = {0};
    int k, num_perm;
    unsigned long long seed, sample;
    if (!PyArg_ParseTuple(args, "y*y*iiKK|y*", &tb, &lb, &k, &num_perm, &seed, &sample, &sb)) return NULL;
    PyObject *res = NULL;
    const uint64_t *tok = tb.buf, *stops = sb.buf;
    const int64_t *len = lb.buf;
    size_t ndocs = lb.len / 8, nstops = sb.buf ? (size_t)sb.len / 8 : 0, pos = 0, w = 0, maxlen = 1;
    uint32_t nb = (uint32_t)num_perm;
    uint64_t smask = sample ? sample - 1 : 0;
    for (size_t d = 0; d < ndocs; d++) if ((size_t)len[d] + 1 > maxlen) maxlen = (size_t)len[d] + 1;
    uint8_t *screen = stop_screen(stops, nstops);
    uint32_t *sigs = malloc((ndocs * nb + 1) * sizeof(uint32_t)), *scratch = malloc((nb + 1) * sizeof(uint32_t));
    uint32_t *sets = malloc(((size_t)tb.len / 8 + ndocs + 1) * sizeof(uint32_t));
    uint64_t *part = malloc(maxlen * sizeof(uint64_t)), *tmp = malloc(maxlen * sizeof(uint64_t));
    int64_t *off = malloc((ndocs + 1) * sizeof(int64_t));
    if (k < 1 || k > 8 || num_perm < 1 || (sample & smask)) {
        PyErr_SetString(PyExc_ValueError, "k in 1..8, num_perm >= 1, sample a power of two");
        goto done;
    }
    if ((nstops && !screen) || !sigs || !scratch || !sets || !part || !tmp || !off) { PyErr_NoMemory(); goto done; }
    off[0] = 0;
    for (size_t d = 0; d < ndocs; d++) {
        int64_t n = len[d];
        const uint64_t *t = tok + pos;
        uint32_t *sig = sigs + d * nb;
        size_t m = 0, any = 0;
        for (uint32_t i = 0; i < nb; i++) sig[i] = EMPTY_BIN;
        if (n > 0) {
            int kk = n < k ? (int)n : k;
            for (int64_t i = 0; i + kk <= n; i++) {
                uint64_t acc = 0;
                for (int j = 0; j < kk; j++) acc += t[i + j] * MULT[j];
                uint64_t x = mix(acc);
                if (nstops && in_stops(x, stops, nstops, screen)) continue;
                oph_add(sig, nb, x, seed);
                any = 1;
                if (((x >> 32) & smask) == 0) part[m++] = x;
            }
        }
        if (any) oph_densify(sig, nb, seed, scratch);
        if (m > 64) radix_sort(part, tmp, m);
        else qsort(part, m, sizeof(uint64_t), cmp_u64);
        for (size_t i = 0; i < m; i++)
            if (i == 0 || part[i] != part[i - 1]) sets[w++] = (uint32_t)(part[i] >> 32);
        off[d + 1] = (int64_t)w;
        pos += (size_t)n;
    }
    res = Py_BuildValue("y#y#y#", (char *)sigs, (Py_ssize_t)(ndocs * nb * 4), (char *)sets, (Py_ssize_t)(w * 4),
                        (char *)off, (Py_ssize_t)((ndocs + 1) * 8));
done:
    free(screen); free(sigs); free(scratch); free(sets); free(part); free(tmp); free(off);
    PyBuffer_Release(&tb); PyBuffer_Release(&lb);
    if (sb.buf) PyBuffer_Release(&sb);
    return res;
}

/* ---- LSH candidate pairs ------------------------------------------------------------ */
/* LSD radix sort of n keys carrying a payload (tk, tv: scratch of n each). */
static void radix_sort_kv(uint64_t *k, uint32_t *v, uint64_t *tk, uint32_t *tv, size_t n) {
    size_t count[256];
    for (int shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) count[(k[i] >> shift) & 255]++;
        size_t sum = 0;
        for (int b = 0; b < 256; b++) { size_t c = count[b]; count[b] = sum; sum += c; }
        for (size_t i = 0; i < n; i++) { size_t at = count[(k[i] >> shift) & 255]++; tk[at] = k[i]; tv[at] = v[i]; }
        uint64_t *xk = k; k = tk; tk = xk;
        uint32_t *xv = v; v = tv; tv = xv;
    }
}

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static PyObject *py_candidate_pairs(PyObject *self, PyObject *args) {
    Py_buffer sb;
    int num_perm, bands, rows, max_bucket;
    if (!PyArg_ParseTuple(args, "y*iiii", &sb, &num_perm, &bands, &rows, &max_bucket)) return NULL;
    PyObject *res = NULL;
    const uint32_t *sigs = sb.buf;
    size_t n = num_perm > 0 ? (size_t)sb.len / 4 / (size_t)num_perm : 0, live = 0;
    uint64_t *keys = malloc((n + 1) * 8), *tk = malloc((n + 1) * 8);
    uint32_t *idx = malloc((n + 1) * 4), *tv = malloc((n + 1) * 4), *members = malloc((n + 1) * 4);
    uint32_t *alive = malloc((n + 1) * 4);
    buf_t codes = {0};
    if (num_perm < 1 || bands < 1 || rows < 1 || (size_t)bands * rows > (size_t)num_perm || max_bucket < 2) {
        PyErr_SetString(PyExc_ValueError, "need bands * rows <= num_perm and max_bucket >= 2");
        goto done;
    }
    if (!keys || !tk || !idx || !tv || !members || !alive) { PyErr_NoMemory(); goto done; }
    for (size_t d = 0; d < n; d++) {  /* rows of an empty set match nothing */
        const uint32_t *sig = sigs + d * (size_t)num_perm;
        int empty = 1;
        for (int p = 0; p < num_perm && empty; p++) empty = sig[p] == EMPTY_BIN;
        if (!empty) alive[live++] = (uint32_t)d;
    }
    for (int b = 0; b < bands; b++) {
        for (size_t a = 0; a < live; a++) {
            const uint32_t *sig = sigs + (size_t)alive[a] * (size_t)num_perm;
            uint64_t key = 0;
            for (int r = 0; r < rows; r++) key = key * 0x100000001B3ULL + sig[b * rows + r] + (uint64_t)(r + 1);
            key ^= key >> 29;
            keys[a] = key * 0xBF58476D1CE4E5B9ULL;
            idx[a] = alive[a];
        }
        radix_sort_kv(keys, idx, tk, tv, live);
        for (size_t lo = 0, hi; lo < live; lo = hi) {
            for (hi = lo + 1; hi < live && keys[hi] == keys[lo]; hi++) {}
            size_t m = hi - lo;
            if (m < 2) continue;
            memcpy(members, idx + lo, m * 4);
            qsort(members, m, 4, cmp_u32);
            for (size_t i = 0; i < m; i++) {
                for (size_t j = i + 1; j < m; j++) {
                    uint64_t code = (uint64_t)members[i] * n + members[j];
                    if (buf_add(&codes, &code, 8) < 0) { PyErr_NoMemory(); goto done; }
                }
                if (m > (size_t)max_bucket) break;  /* a star from the first member */
            }
        }
    }
    size_t nc = codes.len / 8, u = 0;
    uint64_t *c = (uint64_t *)codes.data, *ctmp = malloc((nc + 1) * 8);
    if (!ctmp) { PyErr_NoMemory(); goto done; }
    radix_sort(c, ctmp, nc);
    free(ctmp);
    buf_t out = {0};
    for (size_t i = 0; i < nc; i++) {
        if (i && c[i] == c[i - 1]) continue;
        int64_t pr[2] = {(int64_t)(c[i] / n), (int64_t)(c[i] % n)};
        if (buf_add(&out, pr, 16) < 0) { free(out.data); PyErr_NoMemory(); goto done; }
        u++;
    }
    res = PyBytes_FromStringAndSize(out.data ? out.data : "", (Py_ssize_t)(u * 16));
    free(out.data);
done:
    free(keys); free(tk); free(idx); free(tv); free(members); free(alive); free(codes.data);
    PyBuffer_Release(&sb);
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
    {"signatures", py_signatures, METH_VARARGS, "One-permutation MinHash signatures of flat shingle sets."},
    {"candidate_pairs", py_candidate_pairs, METH_VARARGS, "LSH candidate pairs of a signature matrix."},
    {"sketch", py_sketch, METH_VARARGS, "Signatures and sampled sorted shingle sets in one pass."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", "Storyline's shingling hot path.", -1, methods};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
