/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "salur-error.h"
#include "salur-signature.h"

/* ---- helpers ---- */

static void
add (SalurSignature *sig, float x, float y, guint32 t, float p)
{
  SalurSignaturePoint pt = { x, y, t, p };

  salur_signature_add_point (sig, &pt);
}

static void
assert_same (SalurSignature *a, SalurSignature *b)
{
  g_assert_cmpuint (salur_signature_get_width (a), ==, salur_signature_get_width (b));
  g_assert_cmpuint (salur_signature_get_height (a), ==, salur_signature_get_height (b));
  g_assert_cmpuint (salur_signature_n_strokes (a), ==, salur_signature_n_strokes (b));
  for (guint s = 0; s < salur_signature_n_strokes (a); s++)
    {
      guint na, nb;
      const SalurSignaturePoint *pa = salur_signature_get_stroke (a, s, &na);
      const SalurSignaturePoint *pb = salur_signature_get_stroke (b, s, &nb);

      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpfloat (pa[i].x, ==, pb[i].x);
          g_assert_cmpfloat (pa[i].y, ==, pb[i].y);
          g_assert_cmpuint (pa[i].t_ms, ==, pb[i].t_ms);
          g_assert_cmpfloat (pa[i].pressure, ==, pb[i].pressure);
        }
    }
}

/* Every stored point is what the format can hold */
static void
assert_well_formed (SalurSignature *sig)
{
  guint32 last_t = 0;
  guint total = 0;

  g_assert_cmpuint (salur_signature_n_strokes (sig), <=, 64);
  g_assert_cmpint (salur_signature_is_empty (sig), ==, salur_signature_n_strokes (sig) == 0);
  for (guint s = 0; s < salur_signature_n_strokes (sig); s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);

      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, 4096);
      total += n;
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpfloat (p[i].x, >=, 0);
          g_assert_cmpfloat (p[i].x, <=, salur_signature_get_width (sig));
          g_assert_cmpfloat (p[i].y, >=, 0);
          g_assert_cmpfloat (p[i].y, <=, salur_signature_get_height (sig));
          g_assert_cmpfloat (p[i].x * 8, ==, rintf (p[i].x * 8));
          g_assert_cmpfloat (p[i].y * 8, ==, rintf (p[i].y * 8));
          g_assert_cmpuint (p[i].t_ms, >=, last_t);
          g_assert_true (p[i].pressure == -1 || (p[i].pressure >= 0 && p[i].pressure <= 1));
          last_t = p[i].t_ms;
        }
    }
  g_assert_cmpuint (total, <=, 65536);
}

static SalurSignature *
decode_ok (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  SalurSignature *sig = salur_signature_decode (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sig);
  return sig;
}

static void
assert_refused (const guint8 *data, gsize len, const char *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurSignature) sig = salur_signature_decode (bytes, &error);

  if (sig != NULL)
    g_error ("%s: decoded", what);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The signature data is damaged ("));
  g_test_message ("%s: %s", what, error->message);
}

static void
assert_text_refused (const char *text, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalurSignature) sig = salur_signature_parse_text (text, &error);

  g_assert_null (sig);
  g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static SalurSignature *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "signature-sample.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  SalurSignature *sig;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  sig = salur_signature_parse_text (text, &error);
  g_assert_no_error (error);
  return sig;
}

static guint
random_side (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0: return 1;
    case 1: return 65535;
    case 2: return g_rand_int_range (rand, 1, 65536);
    default: return g_rand_int_range (rand, 50, 2000);
    }
}

/* A signature from random input: smooth pen movements, or anything at all
 * (outside the pad, NaN, times going backwards, any pressure) */
static SalurSignature *
random_signature (GRand *rand)
{
  guint w = random_side (rand), h = random_side (rand);
  SalurSignature *sig = salur_signature_new (w, h);
  gboolean wild = g_rand_int_range (rand, 0, 4) == 0;
  gboolean has_pressure = g_rand_boolean (rand);
  guint n_strokes = g_rand_int_range (rand, 0, 100) == 0 ? 70 : g_rand_int_range (rand, 0, 8);
  double x = g_rand_double_range (rand, 0, w), y = g_rand_double_range (rand, 0, h);
  double vx = 0, vy = 0, p = 0.5;
  guint32 t = g_rand_boolean (rand) ? 0 : g_rand_int (rand);

  for (guint s = 0; s < n_strokes; s++)
    {
      guint n = g_rand_int_range (rand, 0, 1000) == 0 ? 4100 : g_rand_int_range (rand, 0, 80);

      salur_signature_begin_stroke (sig);
      if (g_rand_int_range (rand, 0, 20) == 0)
        salur_signature_begin_stroke (sig);
      t += g_rand_int_range (rand, 0, 800);
      for (guint i = 0; i < n; i++)
        {
          SalurSignaturePoint pt;

          if (wild)
            {
              static const float odd[] = { NAN, INFINITY, -INFINITY, -1e30f, 1e30f, -0.0f, 65535.5f };

              pt.x = g_rand_int_range (rand, 0, 10) == 0 ? odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))]
                                                         : (float) g_rand_double_range (rand, -20, w + 20);
              pt.y = g_rand_int_range (rand, 0, 10) == 0 ? odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))]
                                                         : (float) g_rand_double_range (rand, -20, h + 20);
              pt.t_ms = g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int (rand) : t + g_rand_int_range (rand, 0, 100);
              pt.pressure = g_rand_int_range (rand, 0, 10) == 0 ? NAN : (float) g_rand_double_range (rand, -2, 2);
            }
          else
            {
              vx = vx * 0.9 + g_rand_double_range (rand, -2, 2);
              vy = vy * 0.9 + g_rand_double_range (rand, -2, 2);
              x = CLAMP (x + vx, 0, w);
              y = CLAMP (y + vy, 0, h);
              p = CLAMP (p + g_rand_double_range (rand, -0.03, 0.03), 0, 1);
              t += 16 + g_rand_int_range (rand, -1, 2);
              pt.x = (float) x;
              pt.y = (float) y;
              pt.t_ms = t;
              pt.pressure = has_pressure ? (float) p : -1;
            }
          salur_signature_add_point (sig, &pt);
        }
    }
  return sig;
}

/* ---- the tests ---- */

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261101);
  gsize total_bytes = 0, total_points = 0;

  for (guint k = 0; k < 1000; k++)
    {
      g_autoptr(SalurSignature) sig = random_signature (rand);
      g_autoptr(SalurSignature) back = NULL, from_text = NULL;
      g_autoptr(GBytes) bytes = NULL, again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL, *text_again = NULL;

      assert_well_formed (sig);
      bytes = salur_signature_encode (sig);
      back = decode_ok (bytes);
      assert_same (sig, back);
      again = salur_signature_encode (back);
      g_assert_true (g_bytes_equal (bytes, again));

      text = salur_signature_to_text (sig);
      from_text = salur_signature_parse_text (text, &error);
      g_assert_no_error (error);
      assert_same (sig, from_text);
      text_again = salur_signature_to_text (from_text);
      g_assert_cmpstr (text, ==, text_again);

      total_bytes += g_bytes_get_size (bytes);
      for (guint s = 0; s < salur_signature_n_strokes (sig); s++)
        {
          guint n;

          salur_signature_get_stroke (sig, s, &n);
          total_points += n;
        }
    }
  g_test_message ("1000 random signatures: %" G_GSIZE_FORMAT " points in %" G_GSIZE_FORMAT " bytes",
                  total_points, total_bytes);
}

static void
test_golden (void)
{
  /* pad 100 × 50; (1,2) (2,4) (3,6) at 0, 16, 32 ms, no pressure:
   * X = 8, 16, 24 → residuals 8, 8, 0 → zigzag 16, 16, 0 → order 3;
   * Y = 16, 32, 48 → 32, 32, 0 → order 4; T = 0, 16, 32 → 0, 32, 0 →
   * order 0; P: all 0 → order 15, not written. Bits 011000 0110000 1 |
   * 011000 0110000 00000100001 | 1000 10000 1 */
  static const guint8 golden[] = {
    'S', 'G', 'N', '1', 100, 0, 50, 0, 1, 3, 0x34, 0x0f,
    0x61, 0x85, 0x86, 0x00, 0x86, 0x21,
  };
  static const guint8 empty[] = { 'S', 'G', 'N', '1', 0xff, 0xff, 1, 0, 0 };
  g_autoptr(SalurSignature) sig = salur_signature_new (100, 50);
  g_autoptr(SalurSignature) other = salur_signature_new (100, 50);
  g_autoptr(SalurSignature) blank = salur_signature_new (65535, 1);
  g_autoptr(SalurSignature) back = NULL;
  g_autoptr(GBytes) bytes = NULL, bytes2 = NULL, blank_bytes = NULL;
  g_autoptr(GBytes) golden_bytes = g_bytes_new_static (golden, sizeof golden);

  salur_signature_begin_stroke (sig);
  add (sig, 1, 2, 0, -1);
  add (sig, 2, 4, 16, -1);
  add (sig, 3, 6, 32, -1);
  bytes = salur_signature_encode (sig);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), golden, sizeof golden);
  back = decode_ok (golden_bytes);
  assert_same (sig, back);

  /* the same signature from slightly different input: the same bytes */
  salur_signature_begin_stroke (other);
  add (other, 1.01f, 1.97f, 0, -0.5f);
  add (other, 2.03f, 4.0f, 16, -1);
  add (other, 2.98f, 6.06f, 32, -3);
  bytes2 = salur_signature_encode (other);
  g_assert_true (g_bytes_equal (bytes, bytes2));

  blank_bytes = salur_signature_encode (blank);
  g_assert_cmpmem (g_bytes_get_data (blank_bytes, NULL), g_bytes_get_size (blank_bytes), empty, sizeof empty);
}

static void
test_quantise (void)
{
  g_autoptr(SalurSignature) sig = salur_signature_new (640, 480);
  g_autoptr(SalurSignature) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const SalurSignaturePoint *p;
  guint n;

  add (sig, 10.06f, 10.07f, 5, 0.5f);
  p = salur_signature_get_stroke (sig, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (p[0].x, ==, 10.0f);      /* 80.48 eighths */
  g_assert_cmpfloat (p[0].y, ==, 10.125f);    /* 80.56 eighths */
  g_assert_cmpuint (p[0].t_ms, ==, 5);
  g_assert_cmpfloat (p[0].pressure, ==, 0.5f);

  /* every pressure step survives storage */
  salur_signature_clear (sig);
  for (guint q = 0; q <= 254; q++)
    add (sig, q, q, q, q / 254.0f);
  add (sig, 0, 0, 300, -1);
  bytes = salur_signature_encode (sig);
  back = decode_ok (bytes);
  assert_same (sig, back);
  p = salur_signature_get_stroke (back, 0, &n);
  g_assert_cmpuint (n, ==, 256);
  for (guint q = 0; q <= 254; q++)
    g_assert_cmpint (lrintf (p[q].pressure * 254), ==, q);
  g_assert_cmpfloat (p[255].pressure, ==, -1);
}

static void
test_clamp (void)
{
  g_autoptr(SalurSignature) sig = salur_signature_new (200, 100);
  const SalurSignaturePoint *p;
  guint n;

  add (sig, -5, 1e9f, 100, 3.0f);
  add (sig, NAN, INFINITY, 50, -0.2f);        /* time goes back: raised to 100 */
  add (sig, 200.04f, -INFINITY, 120, NAN);
  add (sig, 199.99f, 99.999f, 130, 1e-4f);
  p = salur_signature_get_stroke (sig, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (p[0].x, ==, 0);
  g_assert_cmpfloat (p[0].y, ==, 100);
  g_assert_cmpfloat (p[0].pressure, ==, 1);
  g_assert_cmpfloat (p[1].x, ==, 0);
  g_assert_cmpfloat (p[1].y, ==, 100);
  g_assert_cmpuint (p[1].t_ms, ==, 100);
  g_assert_cmpfloat (p[1].pressure, ==, -1);
  g_assert_cmpfloat (p[2].x, ==, 200);
  g_assert_cmpfloat (p[2].y, ==, 0);
  g_assert_cmpuint (p[2].t_ms, ==, 120);
  g_assert_cmpfloat (p[2].pressure, ==, -1);
  g_assert_cmpfloat (p[3].x, ==, 200);
  g_assert_cmpfloat (p[3].y, ==, 100);
  g_assert_cmpfloat (p[3].pressure, ==, 0);
  assert_well_formed (sig);
}

static void
test_undo_clear (void)
{
  g_autoptr(SalurSignature) sig = salur_signature_new (300, 100);
  const SalurSignaturePoint *p;
  guint n;

  g_assert_true (salur_signature_is_empty (sig));
  g_assert_false (salur_signature_undo_stroke (sig));

  /* a begun stroke without points is no stroke */
  salur_signature_begin_stroke (sig);
  g_assert_true (salur_signature_is_empty (sig));
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 0);

  /* a point without begin_stroke starts the first stroke, then extends it */
  add (sig, 1, 1, 0, -1);
  add (sig, 2, 2, 10, -1);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 1);
  salur_signature_begin_stroke (sig);
  add (sig, 3, 3, 20, -1);
  salur_signature_begin_stroke (sig);
  salur_signature_begin_stroke (sig);
  add (sig, 4, 4, 30, -1);
  add (sig, 5, 5, 40, -1);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 3);
  g_assert_false (salur_signature_is_empty (sig));

  g_assert_true (salur_signature_undo_stroke (sig));
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 2);
  /* after an undo the next point starts a new stroke */
  add (sig, 6, 6, 50, -1);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 3);
  p = salur_signature_get_stroke (sig, 2, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (p[0].x, ==, 6);
  p = salur_signature_get_stroke (sig, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (p[0].x, ==, 3);

  g_assert_true (salur_signature_undo_stroke (sig));
  g_assert_true (salur_signature_undo_stroke (sig));
  g_assert_true (salur_signature_undo_stroke (sig));
  g_assert_false (salur_signature_undo_stroke (sig));
  g_assert_true (salur_signature_is_empty (sig));

  add (sig, 7, 7, 60, -1);
  salur_signature_clear (sig);
  g_assert_true (salur_signature_is_empty (sig));
  g_assert_cmpuint (salur_signature_get_width (sig), ==, 300);
  g_assert_cmpuint (salur_signature_get_height (sig), ==, 100);
  /* after clear, times start afresh */
  add (sig, 8, 8, 0, -1);
  p = salur_signature_get_stroke (sig, 0, &n);
  g_assert_cmpuint (p[0].t_ms, ==, 0);
}

static void
test_add_limits (void)
{
  g_autoptr(SalurSignature) sig = salur_signature_new (100, 100);
  g_autoptr(SalurSignature) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n;

  for (guint s = 0; s < 70; s++)
    {
      salur_signature_begin_stroke (sig);
      add (sig, s, s, s, -1);
    }
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 64);

  salur_signature_clear (sig);
  for (guint i = 0; i < 5000; i++)
    add (sig, i % 100, i % 7, i, -1);
  salur_signature_get_stroke (sig, 0, &n);
  g_assert_cmpuint (n, ==, 4096);

  salur_signature_clear (sig);
  for (guint s = 0; s < 20; s++)
    {
      salur_signature_begin_stroke (sig);
      for (guint i = 0; i < 4096; i++)
        add (sig, (i * 7) % 101, (i * 13) % 101, s * 5000 + i, (i % 255) / 254.0f);
    }
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 16);
  assert_well_formed (sig);
  /* the largest signature there can be still round-trips */
  bytes = salur_signature_encode (sig);
  g_test_message ("65536 points of noise: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (bytes));
  back = decode_ok (bytes);
  assert_same (sig, back);
}

static void
test_sample (void)
{
  g_autoptr(SalurSignature) sig = load_sample ();
  g_autoptr(SalurSignature) mouse = NULL, back = NULL;
  g_autoptr(GBytes) bytes = NULL, mouse_bytes = NULL;
  guint total = 0;

  g_assert_cmpuint (salur_signature_get_width (sig), ==, 600);
  g_assert_cmpuint (salur_signature_get_height (sig), ==, 200);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 3);
  for (guint s = 0; s < 3; s++)
    {
      guint n;

      salur_signature_get_stroke (sig, s, &n);
      total += n;
    }
  g_assert_cmpuint (total, ==, 300);

  bytes = salur_signature_encode (sig);
  back = decode_ok (bytes);
  assert_same (sig, back);

  /* the same hand with a mouse: whole pixels, no pressure */
  mouse = salur_signature_new (600, 200);
  for (guint s = 0; s < 3; s++)
    {
      guint n;
      const SalurSignaturePoint *p = salur_signature_get_stroke (sig, s, &n);

      salur_signature_begin_stroke (mouse);
      for (guint i = 0; i < n; i++)
        add (mouse, rintf (p[i].x), rintf (p[i].y), p[i].t_ms, -1);
    }
  mouse_bytes = salur_signature_encode (mouse);

  g_test_message ("sample signature, 3 strokes, %u points: %" G_GSIZE_FORMAT " bytes with a stylus, "
                  "%" G_GSIZE_FORMAT " bytes as a mouse would give it",
                  total, g_bytes_get_size (bytes), g_bytes_get_size (mouse_bytes));
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 800);
  g_assert_cmpuint (g_bytes_get_size (mouse_bytes), <, 600);
}

static void
test_truncation (void)
{
  g_autoptr(SalurSignature) sig = load_sample ();
  g_autoptr(GBytes) bytes = salur_signature_encode (sig);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new (data, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurSignature) bad = salur_signature_decode (prefix, &error);

      g_assert_null (bad);
      g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
    }
}

static void
test_refusals (void)
{
  g_autoptr(SalurSignature) sig = load_sample ();
  g_autoptr(SalurSignature) edge = salur_signature_new (100, 100);
  g_autoptr(SalurSignature) full = salur_signature_new (100, 100);
  g_autoptr(GBytes) bytes = salur_signature_encode (sig);
  g_autoptr(GBytes) edge_bytes = NULL, full_bytes = NULL;
  g_autoptr(GByteArray) buf = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint8 *copy;

  /* header */
  copy = g_memdup2 (data, len);
  copy[0] = 's';
  assert_refused (copy, len, "bad magic");
  g_free (copy);
  {
    static const guint8 zero_width[] = { 'S', 'G', 'N', '1', 0, 0, 1, 0, 0 };
    static const guint8 zero_height[] = { 'S', 'G', 'N', '1', 1, 0, 0, 0, 0 };
    assert_refused (zero_width, sizeof zero_width, "zero width");
    assert_refused (zero_height, sizeof zero_height, "zero height");
  }

  /* trailing bytes */
  copy = g_malloc (len + 1);
  memcpy (copy, data, len);
  copy[len] = 0;
  assert_refused (copy, len + 1, "trailing zero byte");
  g_free (copy);

  /* counts */
  {
    static const guint8 strokes_65[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 65, 1, 0xff, 0xff };
    static const guint8 points_4097[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 0x81, 0x20, 0xff, 0xff };
    static const guint8 no_points[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 0, 0xff, 0xff };
    static const guint8 varint_11[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0,
                                        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
    static const guint8 varint_huge[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1,
                                          0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff };
    static const guint8 varint_needless[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 0x81, 0x00, 0xff, 0xff };
    static const guint8 strokes_needless[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 0x80, 0x00 };

    assert_refused (strokes_65, sizeof strokes_65, "65 strokes");
    assert_refused (points_4097, sizeof points_4097, "4097 points in a stroke");
    assert_refused (no_points, sizeof no_points, "a stroke of 0 points");
    assert_refused (varint_11, sizeof varint_11, "an 11-byte varint");
    assert_refused (varint_huge, sizeof varint_huge, "a 5-byte varint of 2^32 - 1");
    assert_refused (varint_needless, sizeof varint_needless, "1 written in 2 bytes");
    assert_refused (strokes_needless, sizeof strokes_needless, "0 written in 2 bytes");
  }

  /* 65536 points in 16 strokes is the most there can be; a 17th stroke of
   * one point (all fields of order 15: the same point again) is refused */
  for (guint s = 0; s < 16; s++)
    {
      salur_signature_begin_stroke (full);
      for (guint i = 0; i < 4096; i++)
        add (full, 50, 50, 0, -1);
    }
  full_bytes = salur_signature_encode (full);
  {
    g_autoptr(SalurSignature) ok = decode_ok (full_bytes);
    static const guint8 one_more[] = { 1, 0xff, 0xff };

    buf = g_byte_array_new ();
    g_byte_array_append (buf, g_bytes_get_data (full_bytes, NULL), g_bytes_get_size (full_bytes));
    g_assert_cmpuint (buf->data[8], ==, 16);
    buf->data[8] = 17;
    g_byte_array_append (buf, one_more, sizeof one_more);
    assert_refused (buf->data, buf->len, "65537 points");
  }

  /* a point on the pad's edge, then the pad made one unit narrower */
  add (edge, 100, 100, 0, -1);
  edge_bytes = salur_signature_encode (edge);
  {
    g_autoptr(SalurSignature) ok = decode_ok (edge_bytes);
    gsize edge_len;
    const guint8 *edge_data = g_bytes_get_data (edge_bytes, &edge_len);

    copy = g_memdup2 (edge_data, edge_len);
    copy[4] = 99;
    assert_refused (copy, edge_len, "x outside the pad");
    copy[4] = 100;
    copy[6] = 99;
    assert_refused (copy, edge_len, "y outside the pad");
    g_free (copy);
  }

  /* points written bit by bit: n_strokes 1, n_points 1, orders, bits */
  {
    static const guint8 x_one[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x0f, 0xff, 0x60 };
    static const guint8 x_minus_one[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x0f, 0xff, 0x40 };
    static const guint8 padding_set[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x0f, 0xff, 0x61 };
    static const guint8 zero_written[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x0f, 0xff, 0x80 };
    static const guint8 order_too_big[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x1f, 0xff, 0x20 };
    static const guint8 t_minus_one[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0xff, 0x0f, 0x40 };
    static const guint8 pressure_256[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0xff, 0xf0, 0x00, 0x80, 0x80 };
    static const guint8 zero_run[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 1, 0x0f, 0xff,
                                       0, 0, 0, 0, 0, 0, 0x80 };
    static const guint8 no_bits[] = { 'S', 'G', 'N', '1', 10, 0, 10, 0, 1, 3, 0xef, 0xff, 0xff };
    g_autoptr(GBytes) good = g_bytes_new_static (x_one, sizeof x_one);
    g_autoptr(SalurSignature) one = decode_ok (good);
    guint n;
    const SalurSignaturePoint *p = salur_signature_get_stroke (one, 0, &n);

    /* "011": Exp-Golomb 2 = zigzag of +1: x = 1/8 */
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpfloat (p[0].x, ==, 0.125f);
    g_assert_cmpfloat (p[0].y, ==, 0);
    g_assert_cmpfloat (p[0].pressure, ==, -1);

    assert_refused (x_minus_one, sizeof x_minus_one, "x below 0");
    assert_refused (padding_set, sizeof padding_set, "padding bits not zero");
    assert_refused (zero_written, sizeof zero_written, "an order the encoder would not choose");
    assert_refused (order_too_big, sizeof order_too_big, "order 1 where order 0 is shorter");
    assert_refused (t_minus_one, sizeof t_minus_one, "a time before 0");
    assert_refused (pressure_256, sizeof pressure_256, "a pressure code of 256");
    assert_refused (zero_run, sizeof zero_run, "an Exp-Golomb code of 48 zero bits");
    assert_refused (no_bits, sizeof no_bits, "3 points and no bits for them");
  }
}

static void
mutate (GRand *rand, GByteArray *buf)
{
  guint n_ops = g_rand_int_range (rand, 1, 4);

  for (guint k = 0; k < n_ops; k++)
    {
      guint at = buf->len > 0 ? g_rand_int_range (rand, 0, buf->len) : 0;
      guint8 b = g_rand_int_range (rand, 0, 256);

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:
          if (buf->len > 0)
            buf->data[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;
        case 1:
          if (buf->len > 0)
            buf->data[at] = b;
          break;
        case 2:
          g_byte_array_set_size (buf, buf->len + 1);
          memmove (buf->data + at + 1, buf->data + at, buf->len - 1 - at);
          buf->data[at] = b;
          break;
        case 3:
          if (buf->len > 0)
            g_byte_array_remove_index (buf, at);
          break;
        case 4:
          g_byte_array_set_size (buf, at);
          break;
        case 5:
          {
            static const guint8 special[] = { 0x00, 0xff, 0x80, 0x7f, 0x0f, 0xf0 };
            if (buf->len > 0)
              buf->data[at] = special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
          }
          break;
        default:
          /* a small header byte changed: counts, orders, pad size */
          if (buf->len > 12)
            buf->data[g_rand_int_range (rand, 4, 13)] = b;
          break;
        }
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(SalurSignature) sample = load_sample ();
  g_autoptr(GBytes) sample_bytes = salur_signature_encode (sample);
  guint decoded = 0;

  for (guint k = 0; k < 20000; k++)
    {
      g_autoptr(GByteArray) buf = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SalurSignature) sig = NULL;

      /* half the sample, half a small signature where mutations decode more often */
      if (k % 2 == 0)
        {
          g_byte_array_append (buf, g_bytes_get_data (sample_bytes, NULL), g_bytes_get_size (sample_bytes));
        }
      else
        {
          g_autoptr(SalurSignature) small = salur_signature_new (g_rand_int_range (rand, 1, 300),
                                                                 g_rand_int_range (rand, 1, 300));
          g_autoptr(GBytes) small_bytes = NULL;
          guint n = g_rand_int_range (rand, 1, 6);

          for (guint i = 0; i < n; i++)
            {
              if (g_rand_int_range (rand, 0, 3) == 0)
                salur_signature_begin_stroke (small);
              add (small, g_rand_double_range (rand, 0, 300), g_rand_double_range (rand, 0, 300),
                   g_rand_int_range (rand, 0, 2000), g_rand_double_range (rand, -1, 1));
            }
          small_bytes = salur_signature_encode (small);
          g_byte_array_append (buf, g_bytes_get_data (small_bytes, NULL), g_bytes_get_size (small_bytes));
        }
      mutate (rand, buf);

      bytes = g_bytes_new (buf->data, buf->len);
      sig = salur_signature_decode (bytes, &error);
      if (sig == NULL)
        {
          g_assert_error (error, SALUR_ERROR, SALUR_ERROR_INVALID);
        }
      else
        {
          g_autoptr(GBytes) again = salur_signature_encode (sig);

          /* whatever is accepted is well formed and in its one encoding */
          g_assert_no_error (error);
          assert_well_formed (sig);
          g_assert_true (g_bytes_equal (bytes, again));
          decoded++;
        }
    }
  g_test_message ("20000 mutations: %u decoded (each re-encoded to the same bytes), the rest refused",
                  decoded);
}

static void
test_text (void)
{
  g_autoptr(SalurSignature) sample = load_sample ();
  g_autoptr(SalurSignature) sig = NULL, back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *sample_text = NULL;
  const SalurSignaturePoint *p;
  guint n;

  sig = salur_signature_parse_text ("# made by hand\r\n"
                                    "\n"
                                    "  size 300 100\r\n"
                                    "# first stroke\n"
                                    "10,20 11.5,21.25,16 12,22,33,0.5\n"
                                    "\t\n"
                                    "  300,100,40,1   0,0,41,0  \n"
                                    "   # an indented comment\n"
                                    "7,8\n",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (salur_signature_get_width (sig), ==, 300);
  g_assert_cmpuint (salur_signature_get_height (sig), ==, 100);
  g_assert_cmpuint (salur_signature_n_strokes (sig), ==, 3);
  p = salur_signature_get_stroke (sig, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (p[0].x, ==, 10);
  g_assert_cmpuint (p[0].t_ms, ==, 0);            /* no t: the previous point's, 0 at first */
  g_assert_cmpfloat (p[0].pressure, ==, -1);      /* no p: none */
  g_assert_cmpfloat (p[1].y, ==, 21.25f);
  g_assert_cmpuint (p[1].t_ms, ==, 16);
  g_assert_cmpfloat (p[2].pressure, ==, 0.5f);
  p = salur_signature_get_stroke (sig, 2, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (p[0].t_ms, ==, 41);           /* no t: the previous point's */

  text = salur_signature_to_text (sig);
  g_assert_cmpstr (text, ==,
                   "SIZE 300 100\n"
                   "10,20,0 11.5,21.25,16 12,22,33,0.5\n"
                   "300,100,40,1 0,0,41,0\n"
                   "7,8,41\n");
  back = salur_signature_parse_text (text, &error);
  g_assert_no_error (error);
  assert_same (sig, back);

  /* the sample prints and reads back to the same signature */
  sample_text = salur_signature_to_text (sample);
  g_clear_pointer (&back, salur_signature_free);
  back = salur_signature_parse_text (sample_text, &error);
  g_assert_no_error (error);
  assert_same (sample, back);

  /* an empty signature */
  g_clear_pointer (&back, salur_signature_free);
  back = salur_signature_parse_text ("SIZE 1 65535\n", &error);
  g_assert_no_error (error);
  g_assert_true (salur_signature_is_empty (back));
}

static void
test_text_refused (void)
{
  GString *big = g_string_new ("SIZE 100 100\n");
  g_autofree char *big_text = NULL;

  assert_text_refused ("", "SIZE width height");
  assert_text_refused ("# only a comment\n\n", "SIZE width height");
  assert_text_refused ("10,10 20,20\nSIZE 100 100\n", "SIZE width height");
  assert_text_refused ("SIZE 100\n", "Line 1 of the signature text: the pad size");
  assert_text_refused ("SIZE 0 100\n", "from 1 to 65535");
  assert_text_refused ("SIZE 65536 100\n", "from 1 to 65535");
  assert_text_refused ("SIZE 100 -5\n", "from 1 to 65535");
  assert_text_refused ("SIZE 100 100 100\n", "from 1 to 65535");
  assert_text_refused ("SIZE 100 100\n1,abc\n", "“abc” is not a number");
  assert_text_refused ("SIZE 100 100\n1,2 3,x4\n", "“x4” is not a number");
  assert_text_refused ("SIZE 100 100\n1,2,nan\n", "“nan” is not a number");
  assert_text_refused ("SIZE 100 100\ninf,2\n", "“inf” is not a number");
  assert_text_refused ("SIZE 100 100\n1,2,3.5\n", "“3.5” is not a number");
  assert_text_refused ("SIZE 100 100\n1,2,-3\n", "“-3” is not a number");
  assert_text_refused ("SIZE 100 100\n1,2,4294967296\n", "“4294967296” is not a number");
  assert_text_refused ("SIZE 100 100\n1,\n", "“” is not a number");
  assert_text_refused ("SIZE 100 100\n5\n", "“5” is not a point");
  assert_text_refused ("SIZE 100 100\n1,2,3,0.5,9\n", "is not a point");
  assert_text_refused ("SIZE 100 100\n1,2\n\n3,4 101,4\n", "Line 4 of the signature text: the point 101,4 is outside");
  assert_text_refused ("SIZE 100 100\n1,-0.5\n", "outside the 100 × 100 pad");
  assert_text_refused ("SIZE 100 100\n1,1,50 2,2,49\n", "earlier than the point before");
  assert_text_refused ("SIZE 100 100\n1,1,50\n2,2,10\n", "earlier than the point before");
  assert_text_refused ("SIZE 100 100\n1,1,0,1.5\n", "not between 0 and 1");
  assert_text_refused ("SIZE 100 100\n1,1,0,-0.5\n", "not between 0 and 1");

  /* too many points in a stroke, strokes, points in all */
  for (guint i = 0; i < 4097; i++)
    g_string_append (big, i == 0 ? "1,1" : " 1,1");
  g_string_append_c (big, '\n');
  big_text = g_string_free (g_steal_pointer (&big), FALSE);
  assert_text_refused (big_text, "Line 2 of the signature text has more than 4096 points");
  g_clear_pointer (&big_text, g_free);

  big = g_string_new ("SIZE 100 100\n");
  for (guint s = 0; s < 65; s++)
    g_string_append (big, "1,1 2,2\n");
  big_text = g_string_free (g_steal_pointer (&big), FALSE);
  assert_text_refused (big_text, "more than 64 strokes");
  g_clear_pointer (&big_text, g_free);

  big = g_string_new ("SIZE 100 100\n");
  for (guint s = 0; s < 17; s++)
    {
      for (guint i = 0; i < 4096; i++)
        g_string_append (big, i == 0 ? "1,1" : " 1,1");
      g_string_append_c (big, '\n');
    }
  big_text = g_string_free (g_steal_pointer (&big), FALSE);
  assert_text_refused (big_text, "more than 65536 points");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/signature/round-trip", test_round_trip);
  g_test_add_func ("/signature/golden", test_golden);
  g_test_add_func ("/signature/quantise", test_quantise);
  g_test_add_func ("/signature/clamp", test_clamp);
  g_test_add_func ("/signature/undo-clear", test_undo_clear);
  g_test_add_func ("/signature/add-limits", test_add_limits);
  g_test_add_func ("/signature/sample", test_sample);
  g_test_add_func ("/signature/truncation", test_truncation);
  g_test_add_func ("/signature/refusals", test_refusals);
  g_test_add_func ("/signature/fuzz", test_fuzz);
  g_test_add_func ("/signature/text", test_text);
  g_test_add_func ("/signature/text-refused", test_text_refused);
  return g_test_run ();
}
