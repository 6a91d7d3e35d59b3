/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-demo"
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "salur-demo.h"
#include "salur-ledger.h"
#include "salur-sync.h"

/* The README lists them: a demo is for trying every screen */
const SalurDemoOperator salur_demo_operators[] = {
  { "sri",  SALUR_ROLE_BENDAHARA,    "1111" },
  { "joko", SALUR_ROLE_KEPALA_DUSUN, "2222" },
  { "wati", SALUR_ROLE_KEPALA_DUSUN, "3333" },
  { "budi", SALUR_ROLE_PETUGAS,      "4444" },
  { "rina", SALUR_ROLE_AUDITOR,      "5555" },
  { NULL }
};
#include "salur-error.h"

/* A fictional village for trying the software, for screenshots and for
 * benchmarks. Everything below comes from one GRand seeded by the caller,
 * drawn in the same order every time, so a seed always gives the same
 * village. Province 99 does not exist, so no NIK here is a real person's. */

#define DEMO_YEAR        2026
#define DEMO_MAX_KPM     900000u  /* see demo_gen_nik: below 99 × 9999 */
#define DEMO_N_KEC       99       /* kecamatan digits 01..99 after "9901" */
#define DEMO_MAX_SERIAL  9999

/* ---- The village ------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *rws[3];
  guint       weight;            /* share of the families, out of 100 */
} DemoDusun;

static const DemoDusun demo_dusun[] = {
  { "Krajan",      { "001", "002", NULL }, 26 },
  { "Karanganyar", { "003", "004", NULL }, 22 },
  { "Sidomulyo",   { "005", "006", NULL }, 20 },
  { "Ngasem",      { "007", "008", NULL }, 16 },
  { "Tegalsari",   { "009", "010", NULL }, 16 },
};

#define DEMO_N_RT 5

/* ---- Names, as village lists write them -------------------------------- */

static const char *const male_javanese[] = {
  "SUPARMAN", "SUKIMAN", "SLAMET", "PAIMIN", "SAMIDI", "SUGIYONO",
  "SUPRIYADI", "WAGIMAN", "KARSO", "TUKIRAN", "SARDI", "MULYONO",
  "SUTRISNO", "SUMARNO", "PONIJO", "JUMADI", "SUWARNO", "DARMANTO",
  "SUYATNO", "HARTONO", "SUGENG", "TARMAN", "KASDI", "PARJO", "SAIMAN",
  "NGADIMIN", "WARSITO", "SUPARNO", "KATIMIN", "RASIMAN", "SUKARDI",
  "WAKIJO", "SURATMAN", "TUGIMAN", "SARIMIN", "MARIJAN",
};

static const char *const male_second[] = {
  "RIYADI", "SANTOSO", "WIBOWO", "PRASETYO", "RIYANTO", "SUPRAPTO",
  "HADI", "WALUYO", "PURNOMO", "SUSILO", "HARYANTO", "WIDODO",
};

static const char *const male_sundanese[] = {
  "ASEP", "UJANG", "DEDI", "CECEP", "UDIN", "DADANG", "ENDANG", "OMAN",
  "ADE", "JAJANG", "YAYAT", "OTONG", "ENCEP", "AGUS", "DEDE", "IWAN",
};

static const char *const sundanese_family[] = {
  "SUNANDAR", "HIDAYAT", "KURNIAWAN", "SETIAWAN", "SUPRIATNA", "KOSASIH",
  "SOBARI", "HERMAWAN", "SAEFULLOH", "RUSTANDI", "SUHENDAR", "MULYANA",
};

static const char *const male_muslim_first[] = {
  "AHMAD", "MUHAMMAD", "ABDUL", "MOCHAMAD", "MUH.", "NUR",
};

static const char *const male_muslim_second[] = {
  "SOLEH", "ROHMAN", "YUSUF", "MUSTOFA", "KHOLIQ", "ROZAK", "HASAN",
  "FAUZI", "SYUKUR", "MAKSUM", "ROSYID", "ZAINUDIN", "ARIFIN", "MUNIR",
};

static const char *const female_javanese[] = {
  "PAINEM", "TUMINAH", "SUPARMI", "WAGIYEM", "KASIYEM", "SUMIATI",
  "MARYATI", "SARINAH", "PONIYEM", "TUKINEM", "SUKINAH", "JUMINAH",
  "SAMINEM", "LASMI", "WARSIH", "SUNARSIH", "KARSINAH", "PAIYEM",
  "SUWARNI", "NGATINAH", "MURTINI", "SUPINAH", "TARMINI", "RUKIYAH",
  "SUMIYATI", "PARTINAH", "WAKINEM", "SAKIYEM",
};

static const char *const female_siti[] = {
  "AMINAH", "KHOTIJAH", "FATIMAH", "MARYAM", "ROMLAH", "ZUBAEDAH",
  "MUNAWAROH", "NURJANAH", "ASIYAH", "MUSLIMAH", "ROKHAYAH", "HALIMAH",
};

static const char *const female_sri[] = {
  "WAHYUNI", "RAHAYU", "SUMARNI", "LESTARI", "WULANDARI", "MULYANI",
  "HARTATI", "SUNDARI", "PURWANTI",
};

static const char *const female_sundanese[] = {
  "IIS", "ENTIN", "IMAS", "NENG", "OOH", "EUIS", "IYAH", "ENOK", "NINING",
  "YAYAH", "CUCU", "ENENG", "AAN", "TITIN",
};

static const char *const female_sundanese_second[] = {
  "KURNIASIH", "MASRIAH", "ROSITA", "SUMARNI", "JUBAEDAH", "HASANAH",
  "SUMIATI", "RATNASARI", "NURHAYATI", "KOMALASARI",
};

static const char *const birth_places[] = {
  "SUKAMAJU", "CONTOH", "KLATEN", "BOYOLALI", "SRAGEN", "WONOGIRI",
  "GARUT", "CIAMIS", "TASIKMALAYA",
};

/* ---- BNBA codes -------------------------------------------------------- */

/* The BNBA template pairs each text with a code. P3 (Buruh Tani), P15
 * (Lainnya), K3, K7, K9 and B1 are as seen in filled 2023 templates; the
 * other codes only have to be consistent within the demo. */
typedef struct {
  const char *text;
  const char *code;
} DemoCode;

enum { JOB_PETANI, JOB_BURUH_TANI, JOB_BURUH_HARIAN, JOB_PEDAGANG,
       JOB_PETERNAK, JOB_TUKANG, JOB_WIRASWASTA, JOB_MENGURUS_RT,
       JOB_TIDAK_BEKERJA, JOB_LAINNYA, N_JOBS };

static const DemoCode demo_jobs[N_JOBS] = {
  [JOB_PETANI]        = { "PETANI",                  "P2" },
  [JOB_BURUH_TANI]    = { "BURUH TANI",              "P3" },
  [JOB_BURUH_HARIAN]  = { "BURUH HARIAN LEPAS",      "P4" },
  [JOB_PEDAGANG]      = { "PEDAGANG",                "P5" },
  [JOB_PETERNAK]      = { "PETERNAK",                "P6" },
  [JOB_TUKANG]        = { "TUKANG BATU",             "P7" },
  [JOB_WIRASWASTA]    = { "WIRASWASTA",              "P8" },
  [JOB_MENGURUS_RT]   = { "MENGURUS RUMAH TANGGA",   "P13" },
  [JOB_TIDAK_BEKERJA] = { "TIDAK BEKERJA",           "P14" },
  [JOB_LAINNYA]       = { "LAINNYA",                 "P15" },
};

enum { CRIT_LIVELIHOOD, CRIT_ILL, CRIT_NO_PKH, CRIT_DESIL, CRIT_WOMAN_HEAD,
       CRIT_ELDERLY, N_CRITS };

static const DemoCode demo_crits[N_CRITS] = {
  [CRIT_LIVELIHOOD] = { "Kehilangan mata pencaharian",              "K3" },
  [CRIT_ILL]        = { "Anggota keluarga sakit kronis/difabel",    "K4" },
  [CRIT_NO_PKH]     = { "Tidak menerima PKH/bantuan lain",          "K5" },
  [CRIT_DESIL]      = { "Miskin ekstrem (desil 1-4)",               "K7" },
  [CRIT_WOMAN_HEAD] = { "Perempuan kepala keluarga miskin ekstrem", "K8" },
  [CRIT_ELDERLY]    = { "Rumah tangga tunggal lansia",              "K9" },
};

/* ---- The generator ----------------------------------------------------- */

typedef struct {
  char        id[17];
  char        nik[SALUR_NIK_LEN + 1];
  char        kk[SALUR_NIK_LEN + 1];
  char        name[64];
  SalurSex    sex;
  int         year, month, day;     /* birth date, as in the NIK */
  const char *birth_place;
  guint       dusun;                /* index into demo_dusun */
  char        rw[4];
  char        rt[4];
  char        address[64];
  guint       job;
  guint       crit;
  guint       family_size;
} DemoFamily;

typedef struct {
  GRand      *rand;
  /* (kecamatan, sex, birth day) → last serial given; (KK issue day) → last
   * serial given. Serials count up per key, which is what keeps every NIK
   * and every KK distinct. */
  GHashTable *nik_serials;
  GHashTable *kk_serials;
  guint32     birth_first;          /* Julian days */
  guint32     birth_last;
  guint32     elderly_last;         /* born before this: 65 or older in DEMO_YEAR */
  guint32     kk_first;
  guint32     kk_last;
} DemoGen;

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
demo_gen_init (DemoGen *gen, guint32 seed)
{
  gen->rand = g_rand_new_with_seed (seed);
  gen->nik_serials = g_hash_table_new (g_direct_hash, g_direct_equal);
  gen->kk_serials = g_hash_table_new (g_direct_hash, g_direct_equal);
  gen->birth_first = julian (1935, 1, 1);
  gen->birth_last = julian (1990, 12, 31);
  gen->elderly_last = julian (DEMO_YEAR - 65 + 1, 1, 1);
  gen->kk_first = julian (2005, 1, 1);
  gen->kk_last = julian (2025, 12, 31);
}

static void
demo_gen_clear (DemoGen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->nik_serials, g_hash_table_unref);
  g_clear_pointer (&gen->kk_serials, g_hash_table_unref);
}

#define PICK(gen, array) \
  ((array)[g_rand_int_range ((gen)->rand, 0, G_N_ELEMENTS (array))])

/* TRUE with probability PERCENT/100 */
static gboolean
chance (DemoGen *gen, guint percent)
{
  return (guint) g_rand_int_range (gen->rand, 0, 100) < percent;
}

static void
dmy_from_julian (guint32 jd, int *year, int *month, int *day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, jd);
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
  *day = g_date_get_day (&date);
}

/* The first serial of a key starts somewhere from 1 to 240, derived from the
 * key, so masked NIKs (first 4 and last 4 digits) tell families apart on
 * screen as real ones do. */
static guint
next_serial (GHashTable *serials, guint key)
{
  gpointer last;
  guint serial;

  if (g_hash_table_lookup_extended (serials, GUINT_TO_POINTER (key), NULL, &last))
    serial = GPOINTER_TO_UINT (last) + 1;
  else
    serial = 1 + (key * 2654435761u >> 8) % 240;

  if (serial <= DEMO_MAX_SERIAL)
    g_hash_table_insert (serials, GUINT_TO_POINTER (key), GUINT_TO_POINTER (serial));
  return serial;
}

/* NIK = 9901 + kecamatan + DDMMYY (day + 40 for women) + serial. The serial
 * counts up per (kecamatan, sex, birth date), so two families never share
 * one: the NIK is a one-to-one function of that key and the serial. When a
 * key has used all 9999 serials the family moves on to the next kecamatan,
 * which for one birth date and sex gives 99 × 9999 = 989,901 NIKs, more
 * than DEMO_MAX_KPM families; hence at most DEMO_MAX_KPM. */
static void
demo_gen_nik (DemoGen *gen, DemoFamily *f, guint32 birth_jd)
{
  guint kec;
  guint serial = 0;

  /* Most were first registered here; some moved in from elsewhere in the
   * kabupaten, whose kecamatan codes run 02..20. */
  kec = chance (gen, 90) ? 1 : (guint) g_rand_int_range (gen->rand, 2, 21);

  for (guint tries = 0; tries < DEMO_N_KEC; tries++)
    {
      guint key = ((kec * 2 + (f->sex == SALUR_SEX_FEMALE)) << 16)
                  | (birth_jd - gen->birth_first);

      serial = next_serial (gen->nik_serials, key);
      if (serial <= DEMO_MAX_SERIAL)
        break;
      kec = kec % DEMO_N_KEC + 1;
    }
  g_assert (serial >= 1 && serial <= DEMO_MAX_SERIAL);

  g_snprintf (f->nik, sizeof f->nik, "9901%02u%02d%02d%02d%04u",
              kec,
              f->day + (f->sex == SALUR_SEX_FEMALE ? 40 : 0),
              f->month, f->year % 100, serial);
}

/* KK = 990101 + issue date DDMMYY + serial counted per issue date:
 * 7,670 days × 9999 serials, far more than DEMO_MAX_KPM. */
static void
demo_gen_kk (DemoGen *gen, DemoFamily *f)
{
  guint32 jd = g_rand_int_range (gen->rand, gen->kk_first, gen->kk_last + 1);
  guint serial = next_serial (gen->kk_serials, jd - gen->kk_first);
  int y, m, d;

  g_assert (serial <= DEMO_MAX_SERIAL);
  dmy_from_julian (jd, &y, &m, &d);
  g_snprintf (f->kk, sizeof f->kk, SALUR_DEMO_REGION "%02d%02d%02d%04u",
              d, m, y % 100, serial);
}

static void
demo_gen_name (DemoGen *gen, DemoFamily *f)
{
  guint form = g_rand_int_range (gen->rand, 0, 100);

  if (f->sex == SALUR_SEX_FEMALE)
    {
      if (form < 45)
        g_strlcpy (f->name, PICK (gen, female_javanese), sizeof f->name);
      else if (form < 65)
        g_snprintf (f->name, sizeof f->name, "SITI %s", PICK (gen, female_siti));
      else if (form < 78)
        g_snprintf (f->name, sizeof f->name, "SRI %s", PICK (gen, female_sri));
      else if (form < 88)
        g_strlcpy (f->name, PICK (gen, female_sundanese), sizeof f->name);
      else
        {
          const char *first = PICK (gen, female_sundanese);
          g_snprintf (f->name, sizeof f->name, "%s %s", first,
                      PICK (gen, female_sundanese_second));
        }
    }
  else
    {
      if (form < 45)
        g_strlcpy (f->name, PICK (gen, male_javanese), sizeof f->name);
      else if (form < 60)
        {
          const char *first = PICK (gen, male_javanese);
          g_snprintf (f->name, sizeof f->name, "%s %s", first, PICK (gen, male_second));
        }
      else if (form < 80)
        {
          const char *first = PICK (gen, male_sundanese);
          g_snprintf (f->name, sizeof f->name, "%s %s", first, PICK (gen, sundanese_family));
        }
      else
        {
          const char *first = PICK (gen, male_muslim_first);
          g_snprintf (f->name, sizeof f->name, "%s %s", first, PICK (gen, male_muslim_second));
        }
    }
}

static guint
pick_dusun (DemoGen *gen)
{
  guint n = g_rand_int_range (gen->rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (demo_dusun); i++)
    {
      if (n < demo_dusun[i].weight)
        return i;
      n -= demo_dusun[i].weight;
    }
  return G_N_ELEMENTS (demo_dusun) - 1;
}

/* The next family. Every draw from GEN->rand happens here, in one order, so
 * salur_demo_create and salur_demo_write_csv see the same families. */
static void
demo_gen_next (DemoGen *gen, DemoFamily *f)
{
  guint32 birth_jd;
  gboolean elderly;
  guint32 id_hi, id_lo;

  id_hi = g_rand_int (gen->rand);
  id_lo = g_rand_int (gen->rand);
  g_snprintf (f->id, sizeof f->id, "%08x%08x", id_hi, id_lo);

  /* About 35% women heads, many of them elderly widows */
  f->sex = chance (gen, 35) ? SALUR_SEX_FEMALE : SALUR_SEX_MALE;
  if (chance (gen, f->sex == SALUR_SEX_FEMALE ? 55 : 25))
    birth_jd = g_rand_int_range (gen->rand, gen->birth_first, gen->elderly_last);
  else
    birth_jd = g_rand_int_range (gen->rand, gen->elderly_last, gen->birth_last + 1);
  dmy_from_julian (birth_jd, &f->year, &f->month, &f->day);
  /* Unknown birth dates are recorded as 1 July or 31 December */
  if (chance (gen, 4))
    {
      gboolean july = chance (gen, 50);
      f->month = july ? 7 : 12;
      f->day = july ? 1 : 31;
      birth_jd = julian (f->year, f->month, f->day);
    }
  elderly = f->year <= DEMO_YEAR - 65;

  demo_gen_nik (gen, f, birth_jd);
  demo_gen_kk (gen, f);
  demo_gen_name (gen, f);

  f->birth_place = chance (gen, 60) ? birth_places[0] : PICK (gen, birth_places);

  f->dusun = pick_dusun (gen);
  g_strlcpy (f->rw, demo_dusun[f->dusun].rws[g_rand_int_range (gen->rand, 0, 2)], sizeof f->rw);
  g_snprintf (f->rt, sizeof f->rt, "%03d", g_rand_int_range (gen->rand, 1, DEMO_N_RT + 1));
  g_snprintf (f->address, sizeof f->address, "Dusun %s RT %s RW %s",
              demo_dusun[f->dusun].name, f->rt, f->rw);

  /* Criteria follow the person: the elderly often live alone, women heads
   * are often counted as such. */
  {
    guint n = g_rand_int_range (gen->rand, 0, 100);

    if (elderly && n < (f->sex == SALUR_SEX_FEMALE ? 45u : 35u))
      f->crit = CRIT_ELDERLY;
    else if (f->sex == SALUR_SEX_FEMALE && n < 80)
      f->crit = CRIT_WOMAN_HEAD;
    else
      {
        static const guint others[] = {
          CRIT_LIVELIHOOD, CRIT_LIVELIHOOD, CRIT_LIVELIHOOD,
          CRIT_DESIL, CRIT_DESIL, CRIT_DESIL,
          CRIT_ILL, CRIT_ILL, CRIT_NO_PKH,
        };
        f->crit = PICK (gen, others);
      }
  }

  if (f->crit == CRIT_ELDERLY)
    f->family_size = 1;
  else if (elderly)
    f->family_size = g_rand_int_range (gen->rand, 1, 4);
  else
    f->family_size = g_rand_int_range (gen->rand, 2, 8);

  if (f->crit == CRIT_LIVELIHOOD)
    {
      static const guint jobs[] = { JOB_TIDAK_BEKERJA, JOB_BURUH_HARIAN, JOB_BURUH_TANI, JOB_LAINNYA };
      f->job = PICK (gen, jobs);
    }
  else if (elderly || f->crit == CRIT_ELDERLY)
    {
      static const guint female_jobs[] = { JOB_TIDAK_BEKERJA, JOB_TIDAK_BEKERJA, JOB_MENGURUS_RT, JOB_BURUH_TANI, JOB_PEDAGANG };
      static const guint male_jobs[] = { JOB_TIDAK_BEKERJA, JOB_PETANI, JOB_BURUH_TANI, JOB_PETERNAK };
      f->job = f->sex == SALUR_SEX_FEMALE ? PICK (gen, female_jobs) : PICK (gen, male_jobs);
    }
  else if (f->sex == SALUR_SEX_FEMALE)
    {
      static const guint jobs[] = { JOB_MENGURUS_RT, JOB_BURUH_TANI, JOB_PEDAGANG, JOB_BURUH_HARIAN, JOB_LAINNYA };
      f->job = PICK (gen, jobs);
    }
  else
    {
      static const guint jobs[] = { JOB_PETANI, JOB_BURUH_TANI, JOB_BURUH_TANI, JOB_BURUH_HARIAN,
                                    JOB_PEDAGANG, JOB_PETERNAK, JOB_TUKANG, JOB_WIRASWASTA };
      f->job = PICK (gen, jobs);
    }
}

static gboolean
check_n_kpm (guint n_kpm, GError **error)
{
  if (n_kpm > DEMO_MAX_KPM)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID,
                   "A demo village can have at most %u families, not %u",
                   DEMO_MAX_KPM, n_kpm);
      return FALSE;
    }
  return TRUE;
}

/* ---- Into a store ------------------------------------------------------ */

static SalurKpm *
family_to_kpm (const DemoFamily *f)
{
  SalurKpm *kpm = salur_kpm_new ();
  char date[11];

  g_snprintf (date, sizeof date, "%04d-%02d-%02d", f->year, f->month, f->day);
  salur_kpm_set (kpm, &kpm->id, f->id);
  salur_kpm_set (kpm, &kpm->nik, f->nik);
  salur_kpm_set (kpm, &kpm->kk, f->kk);
  salur_kpm_set (kpm, &kpm->name, f->name);
  kpm->sex = f->sex;
  salur_kpm_set (kpm, &kpm->birth_date, date);
  salur_kpm_set (kpm, &kpm->birth_place, f->birth_place);
  salur_kpm_set (kpm, &kpm->address, f->address);
  salur_kpm_set (kpm, &kpm->rt, f->rt);
  salur_kpm_set (kpm, &kpm->rw, f->rw);
  salur_kpm_set (kpm, &kpm->dusun, demo_dusun[f->dusun].name);
  salur_kpm_set (kpm, &kpm->occupation, demo_jobs[f->job].text);
  salur_kpm_set (kpm, &kpm->criteria, demo_crits[f->crit].text);
  salur_kpm_set (kpm, &kpm->payment_method, "Tunai");
  kpm->family_size = f->family_size;
  kpm->from_month = salur_month_from_ymd (DEMO_YEAR, 1);
  return kpm;
}

static gboolean
demo_fill (SalurStore *store, guint n_kpm, guint32 seed, GError **error)
{
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  SalurOperator bendahara = { .name = (char *) salur_demo_operators[0].name, .role = SALUR_ROLE_BENDAHARA, .active = TRUE };
  g_autoptr(SalurVillage) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  SalurVillage village = {
    .desa = (char *) "Sukamaju",
    .kecamatan = (char *) "Sukamaju",
    .kabupaten = (char *) "Contoh",
    .provinsi = (char *) "Contoh",
    .kode_wilayah = (char *) "99.01.01.2001",
    .amount = 300000,
    .max_months = 3,
    .kepala_desa = (char *) "Bambang Sutrisno",
    .kaur_keuangan = (char *) "Sri Rahayuningsih",
  };
  DemoGen gen = { 0 };

  existing = salur_store_get_village (store, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_EXISTS,
                   "This store already holds Desa %s: the demo village "
                   "needs an empty store",
                   existing->desa);
      return FALSE;
    }
  if (!g_error_matches (local_error, SALUR_ERROR, SALUR_ERROR_NO_VILLAGE))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!salur_store_init_village (store, &village, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_dusun); i++)
    if (!salur_store_add_dusun (store, demo_dusun[i].name, demo_dusun[i].rws, error))
      return FALSE;

  demo_gen_init (&gen, seed);
  for (guint i = 0; i < n_kpm; i++)
    {
      DemoFamily f;

      demo_gen_next (&gen, &f);
      g_ptr_array_add (families, family_to_kpm (&f));
    }
  demo_gen_clear (&gen);

  /* the list is sealed by an import event, as an imported one is; then the
   * operators the README lists */
  if (!salur_sync_become_master (store, NULL, error)
      || !_salur_ledger_record_list (store, NULL, "demo", "Desa Sukamaju (contoh)", families, error))
    return FALSE;
  for (guint i = 0; salur_demo_operators[i].name != NULL; i++)
    {
      const SalurDemoOperator *o = &salur_demo_operators[i];
      if (!salur_ledger_add_operator (store, &bendahara, o->name, o->role, o->pin, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
salur_demo_create (SalurStore  *store,
                   guint        n_kpm,
                   guint32      seed,
                   GError     **error)
{
  g_return_val_if_fail (SALUR_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_n_kpm (n_kpm, error))
    return FALSE;

  if (!salur_store_begin (store, error))
    return FALSE;

  /* The check for an existing village runs inside the write transaction,
   * so nobody can create one between the check and the inserts. */
  if (!demo_fill (store, n_kpm, seed, error) ||
      !salur_store_commit (store, error))
    {
      salur_store_rollback (store);
      return FALSE;
    }

  g_debug ("Desa Sukamaju created with %u families (seed %u)", n_kpm, seed);
  return TRUE;
}

/* ---- Into a CSV -------------------------------------------------------- */

static const char csv_header[] =
  "NO;NIK;NAMA KEPALA KELUARGA;JENIS KELAMIN;TANGGAL LAHIR;"
  "JUMLAH ANGGOTA KELUARGA;ALAMAT;RT;RW;JENIS PEKERJAAN;KODE_JP;"
  "KRITERIA BLT;KODE_KRIT;METODE PEMBAYARAN;KODE_BAYAR\r\n";

/* A cell as Excel writes it: quoted only when it must be */
static void
csv_cell (GString *out, const char *text)
{
  if (strpbrk (text, ";\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (GString *out, guint no, const DemoFamily *f)
{
  g_string_append_printf (out, "%u;%s;", no, f->nik);
  csv_cell (out, f->name);
  g_string_append_printf (out, ";%s;%02d-%02d-%04d;%u;",
                          f->sex == SALUR_SEX_FEMALE ? "PEREMPUAN" : "LAKI-LAKI",
                          f->day, f->month, f->year, f->family_size);
  csv_cell (out, f->address);
  g_string_append_printf (out, ";%s;%s;", f->rt, f->rw);
  csv_cell (out, demo_jobs[f->job].text);
  g_string_append_printf (out, ";%s;", demo_jobs[f->job].code);
  csv_cell (out, demo_crits[f->crit].text);
  g_string_append_printf (out, ";%s;Tunai;B1\r\n", demo_crits[f->crit].code);
}

static gboolean
write_failed (const char *path, int saved_errno, GError **error)
{
  g_set_error (error, SALUR_ERROR,
               saved_errno == ENOENT ? SALUR_ERROR_NOT_FOUND : SALUR_ERROR_FAILED,
               "Cannot write %s: %s", path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
salur_demo_write_csv (const char *path,
                      guint       n_kpm,
                      guint32     seed,
                      GError    **error)
{
  g_autoptr(GString) buf = NULL;
  DemoGen gen = { 0 };
  FILE *file;
  gboolean ok = TRUE;
  int saved_errno = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_n_kpm (n_kpm, error))
    return FALSE;

  file = g_fopen (path, "wb");
  if (file == NULL)
    return write_failed (path, errno, error);

  buf = g_string_sized_new (1 << 17);
  g_string_append (buf, csv_header);

  demo_gen_init (&gen, seed);
  for (guint i = 0; i < n_kpm; i++)
    {
      DemoFamily f;

      demo_gen_next (&gen, &f);
      csv_row (buf, i + 1, &f);
      if (buf->len >= (1 << 16))
        {
          if (fwrite (buf->str, 1, buf->len, file) != buf->len)
            {
              saved_errno = errno;
              ok = FALSE;
              break;
            }
          g_string_truncate (buf, 0);
        }
    }
  demo_gen_clear (&gen);

  if (ok && buf->len > 0 && fwrite (buf->str, 1, buf->len, file) != buf->len)
    {
      saved_errno = errno;
      ok = FALSE;
    }
  if (fclose (file) != 0 && ok)
    {
      saved_errno = errno;
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (path);
      return write_failed (path, saved_errno, error);
    }
  return TRUE;
}
