/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-signature"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "salur-error.h"
#include "salur-signature.h"

/* The binary form, byte for byte:
 *
 *   "SGN1"                      4 bytes, magic
 *   width, height               uint16 little endian each, 1..65535
 *   n_strokes                   varint, 0..64
 *   then each stroke:
 *     n_points                  varint, 1..4096 (65536 in all strokes)
 *     orders                    2 bytes: kx << 4 | ky, kt << 4 | kp
 *     points                    bits, most significant first, then zero bits
 *                               up to the next byte
 *
 * A varint is LEB128: 7 bits a byte, low bits first, high bit set when more
 * bytes follow; at most 5 bytes and never a needless 0x80 (0 bytes last).
 *
 * A point is four integers: X = x × 8 and Y = y × 8 (positions in 1/8 pad
 * unit, 0..width × 8), T = t_ms, P = pressure × 254 rounded (0..254, 255 =
 * none). Each is coded as a residual from a prediction made from the points
 * before it: for X, Y and T, from the third point of a stroke on, the
 * previous value plus the previous step (prev + (prev - before)); for a
 * stroke's first two points, the previous value (the previous stroke's last
 * point, or X = Y = T = 0 before the first point). The residual r is coded
 * as zigzag (0, -1, 1, -2, 2 ... → 0, 1, 2, 3, 4 ...). For P the prediction
 * is the previous P (255 before the first point) and r is P - prev taken
 * modulo 256 into -128..127, zigzag coded (0..255).
 *
 * In each stroke each of the four fields has an order k: 0..14 means every
 * value of that field is an Exp-Golomb code of order k (the value plus 2^k,
 * written in L bits and preceded by L - k - 1 zero bits); 15 means every
 * value is 0 and none is written (a mouse's pressure, a steady clock). The
 * points are written one after the other, each as its X, Y, T, P codes,
 * leaving out the fields of order 15. The encoder takes 15 when every value
 * is 0, else the order that writes the fewest bits (the smallest on a tie).
 *
 * There is thus exactly one encoding of a signature: the decoder refuses
 * anything else (it re-encodes what it read and compares). The sample
 * signature of tests/fixtures (3 strokes, 300 points) takes 705 bytes from a
 * stylus, 547 as a mouse gives it (whole pixels, no pressure). */

#define MAX_STROKES        64
#define MAX_STROKE_POINTS  4096
#define MAX_POINTS         65536
#define SCALE              8       /* positions are kept in 1/8 pad unit */
#define PRESSURE_STEPS     254
#define PRESSURE_NONE      255
#define N_FIELDS           4       /* X, Y, T, P */
#define FIELD_P            3
#define ORDER_ZERO         15      /* every value of the field is 0, none written */
#define MAX_ORDER          14
#define MAX_ZERO_RUN       40      /* no residual needs more: they stay below 2^36 */
#define MAX_VARINT_BYTES   5
#define HEADER_LEN         8

struct _SalurSignature {
  guint    width, height;
  GArray  *points;        /* SalurSignaturePoint, the strokes one after the other */
  GArray  *starts;        /* guint: where each stroke starts in points */
  gboolean new_stroke;    /* the next point starts a stroke */
};

SalurSignature *
salur_signature_new (guint width, guint height)
{
  SalurSignature *sig;

  g_return_val_if_fail (width >= 1 && width <= G_MAXUINT16, NULL);
  g_return_val_if_fail (height >= 1 && height <= G_MAXUINT16, NULL);

  sig = g_new0 (SalurSignature, 1);
  sig->width = width;
  sig->height = height;
  sig->points = g_array_new (FALSE, FALSE, sizeof (SalurSignaturePoint));
  sig->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  sig->new_stroke = TRUE;
  return sig;
}

void
salur_signature_free (SalurSignature *sig)
{
  if (sig == NULL)
    return;
  g_array_unref (sig->points);
  g_array_unref (sig->starts);
  g_free (sig);
}

/* ---- points as stored: floats made from the integers that are encoded ---- */

static void
point_from_ints (const gint64 v[N_FIELDS], SalurSignaturePoint *p)
{
  p->x = (float) v[0] / SCALE;
  p->y = (float) v[1] / SCALE;
  p->t_ms = (guint32) v[2];
  p->pressure = v[FIELD_P] == PRESSURE_NONE ? -1.0f : (float) v[FIELD_P] / PRESSURE_STEPS;
}

/* Exact for stored points: x × 8 is an integer below 2^24, and P / 254 as a
 * float times 254 is within 1e-5 of P. */
static void
point_to_ints (const SalurSignaturePoint *p, gint64 v[N_FIELDS])
{
  v[0] = lrintf (p->x * SCALE);
  v[1] = lrintf (p->y * SCALE);
  v[2] = p->t_ms;
  v[FIELD_P] = p->pressure < 0 ? PRESSURE_NONE : lrintf (p->pressure * PRESSURE_STEPS);
}

static gint64
quantise_position (float value, guint limit)
{
  double d = value;

  if (isnan (d) || d < 0)
    return 0;
  d *= SCALE;
  if (d >= (double) limit * SCALE)
    return (gint64) limit * SCALE;
  return (gint64) floor (d + 0.5);
}

static gint64
quantise_pressure (float value)
{
  if (isnan (value) || value < 0)
    return PRESSURE_NONE;
  if (value >= 1)
    return PRESSURE_STEPS;
  return (gint64) floor ((double) value * PRESSURE_STEPS + 0.5);
}

static guint
stroke_start (SalurSignature *sig, guint i)
{
  return g_array_index (sig->starts, guint, i);
}

static guint
stroke_length (SalurSignature *sig, guint i)
{
  guint end = i + 1 < sig->starts->len ? stroke_start (sig, i + 1) : sig->points->len;

  return end - stroke_start (sig, i);
}

void
salur_signature_begin_stroke (SalurSignature *sig)
{
  g_return_if_fail (sig != NULL);

  sig->new_stroke = TRUE;
}

void
salur_signature_add_point (SalurSignature            *sig,
                           const SalurSignaturePoint *p)
{
  SalurSignaturePoint q;
  gint64 v[N_FIELDS];
  guint start;

  g_return_if_fail (sig != NULL);
  g_return_if_fail (p != NULL);

  /* beyond the limits, points are dropped (documented in the header) */
  if (sig->points->len >= MAX_POINTS)
    return;
  if (sig->new_stroke || sig->starts->len == 0)
    {
      if (sig->starts->len >= MAX_STROKES)
        return;
      start = sig->points->len;
      g_array_append_val (sig->starts, start);
      sig->new_stroke = FALSE;
    }
  else if (stroke_length (sig, sig->starts->len - 1) >= MAX_STROKE_POINTS)
    return;

  v[0] = quantise_position (p->x, sig->width);
  v[1] = quantise_position (p->y, sig->height);
  v[2] = p->t_ms;
  if (sig->points->len > 0)
    {
      const SalurSignaturePoint *last = &g_array_index (sig->points, SalurSignaturePoint,
                                                        sig->points->len - 1);
      v[2] = MAX (v[2], (gint64) last->t_ms);
    }
  v[FIELD_P] = quantise_pressure (p->pressure);
  point_from_ints (v, &q);
  g_array_append_val (sig->points, q);
}

gboolean
salur_signature_undo_stroke (SalurSignature *sig)
{
  g_return_val_if_fail (sig != NULL, FALSE);

  sig->new_stroke = TRUE;
  if (sig->starts->len == 0)
    return FALSE;
  g_array_set_size (sig->points, stroke_start (sig, sig->starts->len - 1));
  g_array_set_size (sig->starts, sig->starts->len - 1);
  return TRUE;
}

void
salur_signature_clear (SalurSignature *sig)
{
  g_return_if_fail (sig != NULL);

  g_array_set_size (sig->points, 0);
  g_array_set_size (sig->starts, 0);
  sig->new_stroke = TRUE;
}

guint
salur_signature_get_width (SalurSignature *sig)
{
  g_return_val_if_fail (sig != NULL, 0);
  return sig->width;
}

guint
salur_signature_get_height (SalurSignature *sig)
{
  g_return_val_if_fail (sig != NULL, 0);
  return sig->height;
}

guint
salur_signature_n_strokes (SalurSignature *sig)
{
  g_return_val_if_fail (sig != NULL, 0);
  return sig->starts->len;
}

const SalurSignaturePoint *
salur_signature_get_stroke (SalurSignature *sig,
                            guint           i,
                            guint          *n_points)
{
  if (n_points != NULL)
    *n_points = 0;
  g_return_val_if_fail (sig != NULL, NULL);
  g_return_val_if_fail (i < sig->starts->len, NULL);

  if (n_points != NULL)
    *n_points = stroke_length (sig, i);
  return &g_array_index (sig->points, SalurSignaturePoint, stroke_start (sig, i));
}

gboolean
salur_signature_is_empty (SalurSignature *sig)
{
  g_return_val_if_fail (sig != NULL, TRUE);
  return sig->starts->len == 0;
}

/* ---- prediction, shared by the encoder and the decoder ---- */

typedef struct {
  gint64 prev[N_FIELDS];     /* the previous point, in any stroke */
  gint64 before[N_FIELDS];   /* the one before it, used only inside a stroke */
} Predictor;

static void
predictor_init (Predictor *pr)
{
  memset (pr, 0, sizeof *pr);
  pr->prev[FIELD_P] = PRESSURE_NONE;
}

/* I: the point's index in its stroke */
static gint64
predict (const Predictor *pr, guint i, guint f)
{
  if (f != FIELD_P && i >= 2)
    return 2 * pr->prev[f] - pr->before[f];
  return pr->prev[f];
}

static void
predictor_push (Predictor *pr, const gint64 v[N_FIELDS])
{
  memcpy (pr->before, pr->prev, sizeof pr->prev);
  memcpy (pr->prev, v, sizeof pr->prev);
}

static guint64
zigzag (gint64 n)
{
  return ((guint64) n << 1) ^ (guint64) (n >> 63);
}

static gint64
unzigzag (guint64 u)
{
  return (gint64) (u >> 1) ^ -(gint64) (u & 1);
}

static guint64
residual_code (guint f, gint64 value, gint64 predicted)
{
  if (f == FIELD_P)
    {
      gint64 r = ((value - predicted) % 256 + 256) % 256;   /* 0..255 */
      return zigzag (r >= 128 ? r - 256 : r);
    }
  return zigzag (value - predicted);
}

/* ---- Exp-Golomb bits ---- */

static guint
bit_length (guint64 v)
{
  guint n = 0;

  while (v != 0)
    {
      n++;
      v >>= 1;
    }
  return n;
}

static guint64
exp_golomb_bits (guint64 v, guint k)
{
  return 2 * bit_length (v + ((guint64) 1 << k)) - k - 1;
}

static guint
choose_order (const guint64 *codes, guint n, guint f)
{
  guint64 best_bits = G_MAXUINT64;
  guint best = ORDER_ZERO;
  gboolean all_zero = TRUE;

  for (guint i = 0; i < n && all_zero; i++)
    all_zero = codes[i * N_FIELDS + f] == 0;
  if (all_zero)
    return ORDER_ZERO;
  for (guint k = 0; k <= MAX_ORDER; k++)
    {
      guint64 bits = 0;

      for (guint i = 0; i < n; i++)
        bits += exp_golomb_bits (codes[i * N_FIELDS + f], k);
      if (bits < best_bits)
        {
          best_bits = bits;
          best = k;
        }
    }
  return best;
}

typedef struct {
  GByteArray *out;
  guint8      acc;
  guint       n_bits;
} BitWriter;

static void
put_bits (BitWriter *w, guint64 value, guint n_bits)
{
  while (n_bits-- > 0)
    {
      w->acc = (guint8) (w->acc << 1 | ((value >> n_bits) & 1));
      if (++w->n_bits == 8)
        {
          g_byte_array_append (w->out, &w->acc, 1);
          w->acc = 0;
          w->n_bits = 0;
        }
    }
}

static void
put_exp_golomb (BitWriter *w, guint64 v, guint k)
{
  guint64 word = v + ((guint64) 1 << k);
  guint len = bit_length (word);

  put_bits (w, 0, len - k - 1);
  put_bits (w, word, len);
}

static void
flush_bits (BitWriter *w)
{
  if (w->n_bits > 0)
    put_bits (w, 0, 8 - w->n_bits);
}

static void
put_varint (GByteArray *out, guint value)
{
  do
    {
      guint8 b = value & 0x7f;

      value >>= 7;
      if (value != 0)
        b |= 0x80;
      g_byte_array_append (out, &b, 1);
    }
  while (value != 0);
}

GBytes *
salur_signature_encode (SalurSignature *sig)
{
  GByteArray *out;
  g_autofree guint64 *codes = NULL;
  Predictor pr;
  guint8 header[HEADER_LEN] = { 'S', 'G', 'N', '1' };
  guint longest = 0;

  g_return_val_if_fail (sig != NULL, NULL);

  out = g_byte_array_sized_new (16 + sig->points->len * 3);
  header[4] = sig->width & 0xff;
  header[5] = sig->width >> 8;
  header[6] = sig->height & 0xff;
  header[7] = sig->height >> 8;
  g_byte_array_append (out, header, sizeof header);
  put_varint (out, sig->starts->len);

  for (guint s = 0; s < sig->starts->len; s++)
    longest = MAX (longest, stroke_length (sig, s));
  codes = g_new (guint64, (gsize) longest * N_FIELDS);
  predictor_init (&pr);
  for (guint s = 0; s < sig->starts->len; s++)
    {
      const SalurSignaturePoint *points = &g_array_index (sig->points, SalurSignaturePoint,
                                                          stroke_start (sig, s));
      guint n = stroke_length (sig, s);
      guint order[N_FIELDS];
      guint8 orders[2];
      BitWriter w = { out, 0, 0 };

      g_assert (n >= 1 && n <= MAX_STROKE_POINTS);
      for (guint i = 0; i < n; i++)
        {
          gint64 v[N_FIELDS];

          point_to_ints (&points[i], v);
          for (guint f = 0; f < N_FIELDS; f++)
            codes[i * N_FIELDS + f] = residual_code (f, v[f], predict (&pr, i, f));
          predictor_push (&pr, v);
        }
      for (guint f = 0; f < N_FIELDS; f++)
        order[f] = choose_order (codes, n, f);

      put_varint (out, n);
      orders[0] = (guint8) (order[0] << 4 | order[1]);
      orders[1] = (guint8) (order[2] << 4 | order[3]);
      g_byte_array_append (out, orders, sizeof orders);
      for (guint i = 0; i < n; i++)
        for (guint f = 0; f < N_FIELDS; f++)
          if (order[f] != ORDER_ZERO)
            put_exp_golomb (&w, codes[i * N_FIELDS + f], order[f]);
      flush_bits (&w);
    }

  return g_byte_array_free_to_bytes (out);
}

/* ---- decoding untrusted bytes ---- */

G_GNUC_PRINTF (2, 3)
static void
set_damaged (GError    **error,
             const char *format,
             ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
               _("The signature data is damaged (%s)."), why);
}

static gboolean
get_varint (const guint8 *data,
            gsize         size,
            gsize        *pos,
            guint64      *value,
            GError      **error)
{
  guint64 v = 0;

  for (guint i = 0; ; i++)
    {
      guint8 b;

      if (i == MAX_VARINT_BYTES)
        {
          set_damaged (error, _("a number is too long"));
          return FALSE;
        }
      if (*pos >= size)
        {
          set_damaged (error, _("it ends too early"));
          return FALSE;
        }
      b = data[(*pos)++];
      v |= (guint64) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0)
        {
          if (b == 0 && i > 0)
            {
              set_damaged (error, _("a number is written with needless bytes"));
              return FALSE;
            }
          break;
        }
    }
  *value = v;
  return TRUE;
}

typedef struct {
  const guint8 *data;
  gsize         bit;       /* the next bit to read */
  gsize         end_bit;
} BitReader;

static gboolean
get_bit (BitReader *r, guint *bit)
{
  if (r->bit >= r->end_bit)
    return FALSE;
  *bit = (r->data[r->bit / 8] >> (7 - r->bit % 8)) & 1;
  r->bit++;
  return TRUE;
}

static gboolean
get_exp_golomb (BitReader *r,
                guint      k,
                guint64   *value,
                GError   **error)
{
  guint zeros = 0, bit;
  guint64 word = 1;

  for (;;)
    {
      if (!get_bit (r, &bit))
        {
          set_damaged (error, _("it ends too early"));
          return FALSE;
        }
      if (bit == 1)
        break;
      if (++zeros > MAX_ZERO_RUN)
        {
          set_damaged (error, _("a number is too long"));
          return FALSE;
        }
    }
  for (guint i = 0; i < zeros + k; i++)
    {
      if (!get_bit (r, &bit))
        {
          set_damaged (error, _("it ends too early"));
          return FALSE;
        }
      word = word << 1 | bit;
    }
  *value = word - ((guint64) 1 << k);
  return TRUE;
}

/* Reads one stroke at *POS into SIG */
static gboolean
decode_stroke (SalurSignature *sig,
               const guint8   *data,
               gsize           size,
               gsize          *pos,
               guint           n,
               Predictor      *pr,
               GError        **error)
{
  guint order[N_FIELDS];
  guint64 min_bits = 0;
  BitReader r;
  guint start = sig->points->len;

  if (size - *pos < 2)
    {
      set_damaged (error, _("it ends too early"));
      return FALSE;
    }
  order[0] = data[*pos] >> 4;
  order[1] = data[*pos] & 0x0f;
  order[2] = data[*pos + 1] >> 4;
  order[3] = data[*pos + 1] & 0x0f;
  *pos += 2;

  /* every code takes at least k + 1 bits: refuse a short stroke before reading it */
  for (guint f = 0; f < N_FIELDS; f++)
    if (order[f] != ORDER_ZERO)
      min_bits += (guint64) n * (order[f] + 1);
  if (min_bits > (guint64) (size - *pos) * 8)
    {
      set_damaged (error, _("it ends too early"));
      return FALSE;
    }

  r.data = data;
  r.bit = *pos * 8;
  r.end_bit = size * 8;
  g_array_append_val (sig->starts, start);
  for (guint i = 0; i < n; i++)
    {
      gint64 v[N_FIELDS];
      SalurSignaturePoint p;

      for (guint f = 0; f < N_FIELDS; f++)
        {
          guint64 code = 0;
          gint64 predicted = predict (pr, i, f);

          if (order[f] != ORDER_ZERO && !get_exp_golomb (&r, order[f], &code, error))
            return FALSE;
          if (f == FIELD_P)
            {
              if (code > 255)
                {
                  set_damaged (error, _("a pressure is out of range"));
                  return FALSE;
                }
              v[f] = ((predicted + unzigzag (code)) % 256 + 256) % 256;
            }
          else
            {
              /* code < 2^55 and |predicted| < 2^34: no overflow */
              v[f] = predicted + unzigzag (code);
            }
        }
      if (v[0] < 0 || v[0] > (gint64) sig->width * SCALE
          || v[1] < 0 || v[1] > (gint64) sig->height * SCALE)
        {
          set_damaged (error, _("a point is outside the pad"));
          return FALSE;
        }
      if (v[2] < pr->prev[2] || v[2] > G_MAXUINT32)
        {
          set_damaged (error, _("a time goes backwards or is too large"));
          return FALSE;
        }
      point_from_ints (v, &p);
      g_array_append_val (sig->points, p);
      predictor_push (pr, v);
    }

  /* the padding up to the next byte is zero */
  while (r.bit % 8 != 0)
    {
      guint bit = 0;

      if (!get_bit (&r, &bit) || bit != 0)
        {
          set_damaged (error, _("it is not in the form Salur writes"));
          return FALSE;
        }
    }
  *pos = r.bit / 8;
  return TRUE;
}

SalurSignature *
salur_signature_decode (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(SalurSignature) sig = NULL;
  g_autoptr(GBytes) again = NULL;
  const guint8 *data;
  gsize size, pos = HEADER_LEN;
  guint width, height;
  guint64 n_strokes, total = 0;
  Predictor pr;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_LEN + 1)
    {
      set_damaged (error, _("it is too short"));
      return NULL;
    }
  if (memcmp (data, "SGN1", 4) != 0)
    {
      set_damaged (error, _("it is not a signature"));
      return NULL;
    }
  width = data[4] | (guint) data[5] << 8;
  height = data[6] | (guint) data[7] << 8;
  if (width == 0 || height == 0)
    {
      set_damaged (error, _("the pad has no size"));
      return NULL;
    }
  if (!get_varint (data, size, &pos, &n_strokes, error))
    return NULL;
  if (n_strokes > MAX_STROKES)
    {
      set_damaged (error, _("more than %u strokes"), MAX_STROKES);
      return NULL;
    }

  sig = salur_signature_new (width, height);
  predictor_init (&pr);
  for (guint s = 0; s < n_strokes; s++)
    {
      guint64 n;

      if (!get_varint (data, size, &pos, &n, error))
        return NULL;
      if (n == 0)
        {
          set_damaged (error, _("a stroke has no points"));
          return NULL;
        }
      if (n > MAX_STROKE_POINTS)
        {
          set_damaged (error, _("a stroke has more than %u points"), MAX_STROKE_POINTS);
          return NULL;
        }
      total += n;
      if (total > MAX_POINTS)
        {
          set_damaged (error, _("more than %u points"), MAX_POINTS);
          return NULL;
        }
      if (!decode_stroke (sig, data, size, &pos, (guint) n, &pr, error))
        return NULL;
    }
  if (pos != size)
    {
      set_damaged (error, _("unexpected bytes after the end"));
      return NULL;
    }

  /* the one encoding: this catches a field order the encoder would not choose */
  again = salur_signature_encode (sig);
  if (!g_bytes_equal (again, bytes))
    {
      set_damaged (error, _("it is not in the form Salur writes"));
      return NULL;
    }
  return g_steal_pointer (&sig);
}

/* ---- the text form ---- */

static gboolean
parse_double (const char *s, double *out)
{
  char *end = NULL;

  if (*s == '\0' || strspn (s, "0123456789.+-eE") != strlen (s))
    return FALSE;
  *out = g_ascii_strtod (s, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

/* The non-empty words of LINE, split at spaces and tabs */
static GPtrArray *
split_words (char *line)
{
  GPtrArray *words = g_ptr_array_new ();
  char *save = NULL;

  for (char *w = strtok_r (line, " \t", &save); w != NULL; w = strtok_r (NULL, " \t", &save))
    g_ptr_array_add (words, w);
  return words;
}

static gboolean
parse_point (SalurSignature *sig,
             const char     *word,
             guint           line_no,
             guint32        *last_t,
             GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (word, ",", 5);
  guint n_parts = g_strv_length (parts);
  SalurSignaturePoint p = { 0, 0, *last_t, -1 };
  double x = 0, y = 0, pressure = -1;
  guint64 t = *last_t;

  if (n_parts < 2 || n_parts > 4)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Line %u of the signature text: “%s” is not a point written x,y or x,y,t or x,y,t,p."),
                   line_no, word);
      return FALSE;
    }
  for (guint i = 0; i < n_parts; i++)
    {
      gboolean ok;

      if (i == 2)
        ok = g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT32, &t, NULL);
      else
        ok = parse_double (parts[i], i == 0 ? &x : i == 1 ? &y : &pressure);
      if (!ok)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("Line %u of the signature text: “%s” is not a number."),
                       line_no, parts[i]);
          return FALSE;
        }
    }
  if (x < 0 || x > sig->width || y < 0 || y > sig->height)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Line %u of the signature text: the point %s is outside the %u × %u pad."),
                   line_no, word, sig->width, sig->height);
      return FALSE;
    }
  if (t < *last_t)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Line %u of the signature text: the time of %s is earlier than the point before."),
                   line_no, word);
      return FALSE;
    }
  if (pressure != -1 && (pressure < 0 || pressure > 1))
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("Line %u of the signature text: the pressure of %s is not between 0 and 1 (or -1 for none)."),
                   line_no, word);
      return FALSE;
    }
  p.x = (float) x;
  p.y = (float) y;
  p.t_ms = (guint32) t;
  p.pressure = (float) pressure;
  salur_signature_add_point (sig, &p);
  *last_t = (guint32) t;
  return TRUE;
}

SalurSignature *
salur_signature_parse_text (const char  *text,
                            GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(SalurSignature) sig = NULL;
  guint32 last_t = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autoptr(GPtrArray) words = NULL;
      guint line_no = i + 1;

      if (*line == '\0' || *line == '#')
        continue;
      words = split_words (line);

      if (sig == NULL)
        {
          guint64 w, h;

          if (g_ascii_strcasecmp (g_ptr_array_index (words, 0), "SIZE") != 0)
            {
              g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                           _("The signature text must start with a line “SIZE width height”."));
              return NULL;
            }
          if (words->len != 3
              || !g_ascii_string_to_unsigned (g_ptr_array_index (words, 1), 10, 1, G_MAXUINT16, &w, NULL)
              || !g_ascii_string_to_unsigned (g_ptr_array_index (words, 2), 10, 1, G_MAXUINT16, &h, NULL))
            {
              g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                           _("Line %u of the signature text: the pad size must be two whole numbers from 1 to 65535."),
                           line_no);
              return NULL;
            }
          sig = salur_signature_new ((guint) w, (guint) h);
          continue;
        }

      if (sig->starts->len >= MAX_STROKES)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The signature text has more than %u strokes."), MAX_STROKES);
          return NULL;
        }
      if (words->len > MAX_STROKE_POINTS)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("Line %u of the signature text has more than %u points."),
                       line_no, MAX_STROKE_POINTS);
          return NULL;
        }
      if (sig->points->len + words->len > MAX_POINTS)
        {
          g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                       _("The signature text has more than %u points."), MAX_POINTS);
          return NULL;
        }
      salur_signature_begin_stroke (sig);
      for (guint j = 0; j < words->len; j++)
        if (!parse_point (sig, g_ptr_array_index (words, j), line_no, &last_t, error))
          return NULL;
    }

  if (sig == NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   _("The signature text must start with a line “SIZE width height”."));
      return NULL;
    }
  return g_steal_pointer (&sig);
}

static void
append_position (GString *out, float value)
{
  static const char *const eighths[SCALE] = {
    "", ".125", ".25", ".375", ".5", ".625", ".75", ".875",
  };
  long q = lrintf (value * SCALE);

  g_string_append_printf (out, "%ld%s", q / SCALE, eighths[q % SCALE]);
}

/* P / 254 with 4 decimals, which reads back as P, without trailing zeros */
static void
append_pressure (GString *out, float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  long q = lrintf (value * PRESSURE_STEPS);
  gsize len;

  g_ascii_formatd (buf, sizeof buf, "%.4f", (double) q / PRESSURE_STEPS);
  len = strlen (buf);
  while (len > 1 && buf[len - 1] == '0')
    buf[--len] = '\0';
  if (buf[len - 1] == '.')
    buf[--len] = '\0';
  g_string_append (out, buf);
}

char *
salur_signature_to_text (SalurSignature *sig)
{
  GString *out;

  g_return_val_if_fail (sig != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "SIZE %u %u\n", sig->width, sig->height);
  for (guint s = 0; s < sig->starts->len; s++)
    {
      guint n;
      const SalurSignaturePoint *points = salur_signature_get_stroke (sig, s, &n);

      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          append_position (out, points[i].x);
          g_string_append_c (out, ',');
          append_position (out, points[i].y);
          g_string_append_printf (out, ",%" G_GUINT32_FORMAT, points[i].t_ms);
          if (points[i].pressure >= 0)
            {
              g_string_append_c (out, ',');
              append_pressure (out, points[i].pressure);
            }
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
